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
          // A function, so `$'` or `$&` in the replacement is text, not a replacement pattern.
          contents = contents.replaceAll(find, () => replace);
        }
        return { contents, loader: 'js', warnings };
      });
    },
  };
}

/**
 * Ink loads Yoga's WebAssembly from a base64 data: URL. Where `fetch` exists (Node 18+), the
 * Emscripten loader fetches that URL: the first touch of `fetch` loads undici, and the bytes go
 * through a streaming compile. Told there is no fetch, the same loader decodes the base64 in place;
 * it then compiles and instantiates those bytes synchronously (Node allows it for any size on the
 * main thread; Yoga's 90 KB take about a millisecond) instead of through a promise. Same module,
 * same wasm, ~15% less CPU before the first frame; and with the next patch Yoga loads without a
 * top-level await, which the CommonJS bundle (scripts/build.mjs) cannot have.
 */
const yogaSynchronous = patch('yoga-synchronous', /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/, [
  { find: '"function"!=typeof fetch', replace: 'true', count: 2 },
  {
    find: 'function c(e){return ya().then(function(f){return WebAssembly.instantiate(f,d)}).then(function(f){return f}).then(e,function(f){v("failed to asynchronously prepare wasm: "+f);x(f)})}',
    replace: 'function c(e){try{e({instance:new WebAssembly.Instance(new WebAssembly.Module(wa()),d)})}catch(f){v("failed to prepare wasm: "+f);x(f)}return Promise.resolve()}',
    count: 1,
  },
  // The base64 decoded by Node's native decoder, not atob and a charCodeAt loop (~3 ms).
  {
    find: 'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
    replace: 'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))',
    count: 1,
  },
]);

/**
 * Yoga's entry awaits the loader's promise. Emscripten builds the module on the object it is
 * given, and with the patch above it is complete when the loader returns: use it then.
 */
const yogaSyncIndex = patch('yoga-sync-index', /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/, [
  {
    find: 'const Yoga = wrapAssembly(await loadYoga());',
    replace: 'const yogaModule = {};\nloadYoga(yogaModule);\nif (yogaModule.calledRun !== true) throw new Error("Yoga did not load synchronously");\nconst Yoga = wrapAssembly(yogaModule);',
    count: 1,
  },
]);

/** Ink awaits React's devtools bridge when DEV=true; the bundle never ships it (see build.mjs's alias). */
const inkNoDevtools = patch('ink-no-devtools', /ink[\\/]build[\\/]reconciler\.js$/, [
  { find: "        await import('./devtools.js');", replace: '        // React devtools are not bundled.', count: 1 },
  { find: 'const loaded = await loadPackageJson();', replace: 'const loaded = {};', count: 1 },
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

/**
 * Code points that can join a grapheme cluster or make an emoji (UAX #29): marks, joiners,
 * variation selectors, format characters, lone surrogates, emoji presentation and modifiers,
 * regional indicators, Malayalam's prepend, Thai and Lao sara am, Hangul jamo, halfwidth and
 * fullwidth forms, and anything beyond the BMP. A text without them is one cluster per code point.
 */
const JOINING = String.raw`\p{Mark}\p{Default_Ignorable_Code_Point}\p{Format}\p{Cs}\p{Emoji_Presentation}\p{Emoji_Modifier}\p{Regional_Indicator}\u0D4E\u0E33\u0EB3\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\uFF00-\uFFEF\u{10000}-\u{10FFFF}`;

/**
 * string-width builds /^\p{RGI_Emoji}$/v (it expands every emoji sequence: ~20 ms) and an
 * Intl.Segmenter at module load, before any frame, and measures any text that is not plain ASCII
 * cluster by cluster. Both are now made when a text first needs them. The dashboard's own
 * characters (⏱ › ─ ▶ · …) are single code points that never join a cluster, so their width is
 * the sum of their East Asian widths, exactly what the slow path computes for them: a text made
 * only of such code points takes that quick path. Anything that can form a cluster or an emoji
 * (marks, joiners, variation selectors, format and control characters, Hangul jamo, Thai/Lao sara
 * am, emoji presentation, halfwidth/fullwidth forms, anything beyond the BMP) still goes through
 * the segmenter. test/architecture/string-width-patch.test.ts checks both give the same width.
 */
const stringWidthSimpleText = patch('string-width-simple-text', /string-width[\\/]index\.js$/, [
  {
    find: 'const segmenter = new Intl.Segmenter();',
    replace:
      'let segmenter = null;\n' +
      '// Code points that are always a cluster of their own and never part of an emoji.\n' +
      `const simpleTextRegex = /^[^\\p{Control}${JOINING}]*$/v;`,
    count: 1,
  },
  {
    // Building this regex expands every emoji sequence (~20 ms, at module load, before any frame).
    find: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
    replace: "let rgiEmojiRegex = null;\nconst rgiEmoji = () => (rgiEmojiRegex ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v'));",
    count: 1,
  },
  {
    find: 'rgiEmojiRegex.test(segment)',
    replace: 'rgiEmoji().test(segment)',
    count: 1,
  },
  {
    find: 'for (const {segment} of segmenter.segment(string)) {',
    replace:
      'if (simpleTextRegex.test(string)) {\n' +
      '\t\tfor (const character of string) width += eastAsianWidth(character.codePointAt(0), eastAsianWidthOptions);\n' +
      '\t\treturn width;\n' +
      '\t}\n' +
      '\tsegmenter ??= new Intl.Segmenter();\n' +
      '\tfor (const {segment} of segmenter.segment(string)) {',
    count: 1,
  },
]);

/**
 * The first Intl.Segmenter a process makes loads ICU's break data (~8.5 ms here), and four of
 * Ink's dependencies each make one at module load, before any frame. Ink's own line updates and
 * slice-ansi (truncation) now make theirs on first use; wrap-ansi and ansi-tokenize (every text
 * Ink draws) also split a text made of code points that each are a cluster of their own (no
 * JOINING one; ESC and other controls are, except CR: CR LF is one cluster) by code point, which
 * is exactly what the segmenter would return, and segment anything else as before.
 * test/architecture/segmenter-patches.test.ts compares the patched modules with the originals.
 */
const lazySegmenter = (name, filter, find, variable) =>
  patch(name, filter, [
    {
      find,
      replace: `let ${variable}Instance = null;\nconst ${variable} = {segment: text => (${variable}Instance ??= ${find.slice(find.indexOf('new '), -1)}).segment(text)};`,
      count: 1,
    },
  ]);
const inkLineUpdateSegmenter = lazySegmenter('ink-line-update-segmenter', /ink[\\/]build[\\/]line-update\.js$/, "const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });", 'segmenter');
const sliceAnsiSegmenter = lazySegmenter('slice-ansi-segmenter', /slice-ansi[\\/]tokenize-ansi\.js$/, "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});", 'GRAPHEME_SEGMENTER');

const wrapAnsiSimpleText = patch('wrap-ansi-simple-text', /wrap-ansi[\\/]index\.js$/, [
  { find: 'const segmenter = new Intl.Segmenter();', replace: `let segmenter = null;\nconst simpleTextRegex = /^[^\\p{Control}${JOINING}]*$/v;`, count: 1 },
  {
    find: '\t\tfor (const {segment} of segmenter.segment(plainText)) {',
    replace:
      '\t\tif (simpleTextRegex.test(plainText)) {\n' +
      '\t\t\tfor (const character of plainText) tokens.push({value: character, width: getStringWidth(character)});\n' +
      '\t\t\treturn;\n' +
      '\t\t}\n' +
      '\t\tsegmenter ??= new Intl.Segmenter();\n' +
      '\t\tfor (const {segment} of segmenter.segment(plainText)) {',
    count: 1,
  },
]);

const ansiTokenizeSimpleText = patch('ansi-tokenize-simple-text', /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/, [
  {
    find: 'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });',
    replace:
      'let segmenter = null;\n' +
      `const clusterFreeRegex = /^[^\\r${JOINING}]*$/v;\n` +
      'function graphemes(str) {\n' +
      '    if (!clusterFreeRegex.test(str)) return (segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" })).segment(str);\n' +
      '    const out = [];\n' +
      '    let index = 0;\n' +
      '    for (const segment of str) {\n' +
      '        out.push({ segment, index });\n' +
      '        index += segment.length;\n' +
      '    }\n' +
      '    return out;\n' +
      '}',
    count: 1,
  },
  { find: 'for (const { segment, index } of segmenter.segment(str)) {', replace: 'for (const { segment, index } of graphemes(str)) {', count: 1 },
]);

export const bundlePatches = [
  yogaSynchronous,
  yogaSyncIndex,
  inkNoDevtools,
  inkOutputCaches,
  inkCachedTextWidth,
  stringWidthSimpleText,
  inkLineUpdateSegmenter,
  sliceAnsiSegmenter,
  wrapAnsiSimpleText,
  ansiTokenizeSimpleText,
];
