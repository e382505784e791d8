// The bundle's dependency patches (scripts/bundle-patches.mjs) still find the exact text they
// replace in the installed Ink, Yoga and Ink's text modules: after an upgrade that moved it, this fails instead of
// the bundle silently getting slower.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM build script, no types
import { bundlePatches } from '../../scripts/bundle-patches.mjs';
import { repoRoot } from '../helpers/pty.ts';

interface LoadResult {
  contents: string;
  warnings: { text: string }[];
}
type OnLoad = (args: { path: string }) => LoadResult;
interface Plugin {
  name: string;
  setup(build: { onLoad(options: { filter: RegExp }, callback: OnLoad): void }): void;
}

const require = createRequire(path.join(repoRoot, 'package.json'));
const files: Record<string, string> = {
  'yoga-synchronous': path.join(path.dirname(require.resolve('yoga-layout')), '../binaries/yoga-wasm-base64-esm.js'),
  'yoga-sync-index': path.join(repoRoot, 'node_modules/yoga-layout/dist/src/index.js'),
  'ink-no-devtools': path.join(path.dirname(require.resolve('ink')), 'reconciler.js'),
  'ink-output-caches': path.join(path.dirname(require.resolve('ink')), 'output.js'),
  'ink-cached-text-width': path.join(path.dirname(require.resolve('ink')), 'render-node-to-output.js'),
  // ESM only (no require condition): found where npm put it.
  'string-width-simple-text': path.join(repoRoot, 'node_modules/string-width/index.js'),
  'ink-line-update-segmenter': path.join(path.dirname(require.resolve('ink')), 'line-update.js'),
  'slice-ansi-segmenter': path.join(repoRoot, 'node_modules/slice-ansi/tokenize-ansi.js'),
  'wrap-ansi-simple-text': path.join(repoRoot, 'node_modules/wrap-ansi/index.js'),
  'ansi-tokenize-simple-text': path.join(repoRoot, 'node_modules/@alcalzone/ansi-tokenize/build/tokenize.js'),
};

describe('bundle patches', () => {
  for (const plugin of bundlePatches as Plugin[]) {
    it(`${plugin.name} applies to the installed dependency`, () => {
      let filter: RegExp | null = null;
      let onLoad: OnLoad | null = null;
      plugin.setup({
        onLoad(options, callback) {
          filter = options.filter;
          onLoad = callback;
        },
      });
      const file = files[plugin.name];
      expect(file, `no file known for ${plugin.name}`).toBeDefined();
      expect(filter!.test(file!)).toBe(true);
      const result = onLoad!({ path: file! });
      expect(result.warnings).toEqual([]);
      expect(result.contents).not.toBe(readFileSync(file!, 'utf8'));
    });
  }
});
