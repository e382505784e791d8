// Small source patches applied to dependencies while bundling the CLI (not the benchmark's
// baseline Ink apps, which stay plain Ink). Each one names the exact text it replaces and warns
// when a dependency upgrade moved it: the bundle then still works, only slower.
import { readFileSync } from 'node:fs';

function patch(name, filter, replacements) {
  return {
    name,
    setup(build) {
      build.onLoad({ filter }, (args) => {
        let contents = readFileSync(args.path, 'utf8');
        const warnings = [];
        for (const { find, replace, count } of replacements) {
          const found = contents.split(find).length - 1;
          if (found !== count) warnings.push({ text: `${name}: expected ${count}× ${JSON.stringify(find)} in ${args.path}, found ${found}; start-up or frames may be slower` });
          contents = contents.replaceAll(find, replace);
        }
        return { contents, loader: 'js', warnings };
      });
    },
  };
}

/**
 * Ink loads Yoga's WebAssembly from a base64 data: URL. Where `fetch` exists (Node 18+), the
 * Emscripten loader fetches that URL: the first touch of `fetch` loads undici, and the bytes go
 * through a streaming compile. Told there is no fetch, the same loader decodes the base64 in place
 * and instantiates the bytes: same module, same wasm, ~15% less CPU before the first frame
 * (WARROOM_TRACE_STARTUP's CPU column, A/B on this machine).
 */
const yogaWithoutFetch = patch('yoga-without-fetch', /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/, [
  { find: '"function"!=typeof fetch', replace: 'true', count: 2 },
]);

/**
 * Ink turns every text it draws into styled cells (ANSI tokenizing, then the width of each
 * character) through caches that live for one frame: each frame starts empty, so a key press
 * that moves the cursor re-tokenizes the whole screen, most of it unchanged. Both are pure
 * functions of the text; keeping the caches from frame to frame (emptied past 20,000 entries, so
 * a command's endless new lines cannot grow them) leaves a frame only the text that changed.
 * Cached cells are never mutated (Ink copies a cell it blanks), so sharing them is safe.
 */
const inkOutputCaches = patch('ink-output-caches', /ink[\\/]build[\\/]output\.js$/, [
  {
    find: '    caches = new OutputCaches();',
    replace: '    caches = sharedOutputCaches();',
    count: 1,
  },
  {
    find: 'export default class Output {',
    replace:
      'let sharedCaches = null;\n' +
      'function sharedOutputCaches() {\n' +
      '    const c = sharedCaches;\n' +
      '    if (c === null || c.styledChars.size + c.widths.size + c.blockWidths.size > 20000) sharedCaches = new OutputCaches();\n' +
      '    return sharedCaches;\n' +
      '}\n' +
      'export default class Output {',
    count: 1,
  },
]);

/**
 * Before drawing a text, Ink measures its widest line to decide whether to wrap it, uncached,
 * for every text of every frame (string-width over the whole screen). Ink's own measureText
 * caches exactly that (an LRU of 4,096 texts, used for layout already): use it here too.
 */
const inkCachedTextWidth = patch('ink-cached-text-width', /ink[\\/]build[\\/]render-node-to-output\.js$/, [
  { find: "import widestLine from 'widest-line';", replace: "import measureText from './measure-text.js';", count: 1 },
  { find: 'const currentWidth = widestLine(text);', replace: 'const currentWidth = measureText(text).width;', count: 1 },
]);

export const bundlePatches = [yogaWithoutFetch, inkOutputCaches, inkCachedTextWidth];
