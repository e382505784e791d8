// Parser throughput: every runbook of the real-world corpus (../shared/corpus) and the bundled
// ones, parsed to the warroom model, against micromark/mdast parsing the same text alone (the
// floor: what building the Markdown tree costs before warroom reads anything from it).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { findRunbookFiles } from '../src/adapters/runbook-files.ts';
import { parseRunbook } from '../src/core/runbook/parse.ts';
import { median } from './measure.ts';
import type { BenchResult } from './types.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function run(): Promise<BenchResult[]> {
  const files = await findRunbookFiles([path.join(root, 'runbooks'), path.join(root, '..', 'shared', 'corpus')]);
  const sources = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const bytes = sources.reduce((sum, s) => sum + Buffer.byteLength(s.text), 0);
  const timeAll = (parse: (text: string, file: string) => unknown) => {
    const runs: number[] = [];
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      for (const { file, text } of sources) parse(text, file);
      runs.push(performance.now() - start);
    }
    return median(runs.slice(1));
  };
  const warroom = timeAll((text, file) => parseRunbook(text, file));
  const mdastOnly = timeAll((text) =>
    fromMarkdown(text, { extensions: [gfm(), frontmatter(['yaml'])], mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml'])] }),
  );
  return [
    {
      name: `parser: ${sources.length} runbooks (${(bytes / 1024).toFixed(0)} KiB), corpus + bundled`,
      value: warroom,
      unit: 'ms',
      baseline: { name: 'mdast parse alone', value: mdastOnly, unit: 'ms' },
    },
  ];
}
