// What the dashboard's first frame may load. `warroom run` and `resume` draw it from modules
// reached by static imports from their command, the dashboard entry and the war room; the
// runner (execa) and the shared store's driver (pg) load after it or only when asked for
// (--alert, share.url), HTTP (ky) on its first request; the runbook's Markdown and YAML parsers
// only when the runbook is not in the parsed-runbook cache. A static import that pulls one of
// them in front of the first frame fails here, naming the chain, instead of quietly costing
// start-up.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticImports } from '../helpers/static-imports.ts';

const LATER = ['execa', 'ky', 'pg', 'mdast-util-from-markdown', 'micromark', 'yaml'];
const ROOTS = ['src/commands/run.ts', 'src/commands/resume.ts', 'src/commands/open-dashboard.ts', 'src/ui/entry.ts'];

/** The chain of files from a root to each package it loads, breadth first. */
function packagesReached(root: string): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const seen = new Set([root]);
  const queue: { file: string; chain: string[] }[] = [{ file: root, chain: [root] }];
  while (queue.length > 0) {
    const { file, chain } = queue.shift()!;
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) {
        const next = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        if (!seen.has(next)) {
          seen.add(next);
          queue.push({ file: next, chain: [...chain, next] });
        }
      } else if (!spec.startsWith('node:')) {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!reached.has(pkg)) reached.set(pkg, [...chain, pkg]);
      }
    }
  }
  return reached;
}

describe('what the first frame loads', () => {
  for (const root of ROOTS) {
    it(`${root} reaches neither ${LATER.join(', ')} through static imports`, () => {
      const reached = packagesReached(root);
      for (const pkg of LATER) expect(reached.get(pkg), `${pkg} is loaded before the first frame by: ${reached.get(pkg)?.join(' → ')}`).toBeUndefined();
      // The walk does see packages: Ink and React from the dashboard entry, at least.
      if (root === 'src/ui/entry.ts') expect(reached.has('ink')).toBe(true);
    });
  }
});
