// Parser throughput: every runbook of the real-world corpus (../shared/corpus) and the bundled
// ones, parsed to the warroom model, against micromark/mdast parsing the same text alone.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { alternate, compared } from './measure.ts';
import type { BenchContext, BenchResult } from './types.ts';
import type * as ParseModule from '../src/core/runbook/parse.ts';
import type * as RunbookFilesModule from '../src/adapters/runbook-files.ts';
import { targetModule } from './target.ts';

const RUNS = 7;

export const how =
  'every runbook of ../shared/corpus and runbooks/ parsed to the warroom model (parseRunbook), ' +
  'against mdast parsing the same text alone (the floor: building the Markdown tree before warroom ' +
  `reads anything from it); ${RUNS} alternated runs in one process after a warm-up.`;

export async function run({ target, self }: BenchContext): Promise<BenchResult[]> {
  const { findRunbookFiles } = await targetModule<typeof RunbookFilesModule>(target, 'src/adapters/runbook-files.ts');
  const { parseRunbook } = await targetModule<typeof ParseModule>(target, 'src/core/runbook/parse.ts');
  const files = await findRunbookFiles([path.join(target, 'runbooks'), path.join(self, '..', 'shared', 'corpus')]);
  const sources = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const bytes = sources.reduce((sum, s) => sum + Buffer.byteLength(s.text), 0);
  const timeAll = (parse: (text: string, file: string) => unknown) => () => {
    const start = performance.now();
    for (const { file, text } of sources) parse(text, file);
    return performance.now() - start;
  };
  const samples = await alternate(
    RUNS,
    timeAll((text, file) => parseRunbook(text, file)),
    timeAll((text) => fromMarkdown(text, { extensions: [gfm(), frontmatter(['yaml'])], mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml'])] })),
  );
  return [compared(`parser: ${sources.length} runbooks (${(bytes / 1024).toFixed(0)} KiB), corpus + bundled`, 'ms', samples, 'mdast parse alone')];
}
