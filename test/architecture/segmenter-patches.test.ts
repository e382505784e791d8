// The bundle's segmenter patches (scripts/bundle-patches.mjs) split a text made of code points
// that never join a cluster by code point instead of through Intl.Segmenter (whose first use
// loads ICU's break data before the first frame): wrap-ansi and ansi-tokenize must then give
// every text exactly what the unpatched modules give, or the dashboard would wrap or paint it
// differently. The patched modules are loaded for real, beside the originals, and both get the
// same texts: tricky ones by hand and random ones with styles and links mixed in (seeded;
// WARROOM_TEST_SEED replays a failure).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM build script, no types
import { bundlePatches } from '../../scripts/bundle-patches.mjs';
import { repoRoot } from '../helpers/pty.ts';

interface Plugin {
  name: string;
  setup(build: { onLoad(options: { filter: RegExp }, callback: (args: { path: string }) => { contents: string }): void }): void;
}
type Wrap = (text: string, columns: number, options?: { hard?: boolean; trim?: boolean; wordWrap?: boolean }) => string;
type Tokenize = (text: string, endChar?: number) => unknown[];

const wrapFile = path.join(repoRoot, 'node_modules/wrap-ansi/index.js');
const tokenizeFile = path.join(repoRoot, 'node_modules/@alcalzone/ansi-tokenize/build/tokenize.js');
let wrap: { plain: Wrap; patched: Wrap };
let tokenize: { plain: Tokenize; patched: Tokenize };

function patchedSource(name: string, file: string): string {
  const plugin = (bundlePatches as Plugin[]).find((p) => p.name === name)!;
  let contents = '';
  plugin.setup({ onLoad: (_options, load) => void (contents = load({ path: file }).contents) });
  return contents;
}

// Each copy sits beside its original, so its imports (relative, and nested versions such as
// wrap-ansi's own ansi-styles) resolve exactly as the original's do.
const copies: string[] = [];

async function load<T>(file: string, name: string, exported: string): Promise<{ plain: T; patched: T }> {
  const copy = path.join(path.dirname(file), `${path.basename(file, '.js')}.warroom-test-${process.pid}.mjs`);
  copies.push(copy);
  writeFileSync(copy, patchedSource(name, file));
  const plain = (await import(pathToFileURL(file).href)) as Record<string, T>;
  const patched = (await import(pathToFileURL(copy).href)) as Record<string, T>;
  return { plain: plain[exported]!, patched: patched[exported]! };
}

beforeAll(async () => {
  wrap = await load<Wrap>(wrapFile, 'wrap-ansi-simple-text', 'default');
  tokenize = await load<Tokenize>(tokenizeFile, 'ansi-tokenize-simple-text', 'tokenize');
});
afterAll(() => {
  for (const copy of copies) rmSync(copy, { force: true });
});

const red = (text: string) => `\u001B[31m${text}\u001B[39m`;
const link = (text: string) => `\u001B]8;;https://example.com/a\u0007${text}\u001B]8;;\u0007`;
const TRICKY = [
  '⏱ 00:12:04   DRILL   Engineering Manager in 14:59',
  `› [x] ▶ ${red('✎ ⚑')} · … ─│┌┐└┘ ↑/k ↓/j ✓ ✖ ! ● ○`,
  'é e\u0301 n\u0303 a\u0308\u0301',
  '👍 👍🏽 👨‍👩‍👧 🏳️‍🌈 ❤️ ❤ ☺ ☺️ #️⃣ 1⃣ 🇫🇷 🇫',
  '中文 日本語 한국어 ﾊﾟｿｺﾝ ｶﾞ ＡＢＣ ｡',
  '\u1100\u1161\u11A8 \u1100\u1100\u1161 가\u11A8',
  'กำ ລຳ ന്‍ \u0D4E\u0D15',
  'a\u200Db a\u200Bb a\u00ADb a\uFEFFb \u2060',
  'tab\there \u0007bell \r\n crlf \r alone \n lf',
  `${link('a link › here')} ${red('e\u0301')}\u001B[1mbold\u001B[22m`,
  '\uD800 lone \uDC00 surrogates 𝐀𝐁 𠀀 \u{E0001}',
];

describe('the segmenter patches', () => {
  it('tokenize and wrap every tricky text as the unpatched modules do', () => {
    for (const text of [...TRICKY, ...TRICKY.flatMap((t) => [...t])]) {
      expect(tokenize.patched(text), JSON.stringify(text)).toEqual(tokenize.plain(text));
      for (const columns of [1, 7, 20, 80]) {
        for (const options of [{ hard: true, trim: false }, { trim: false }, { hard: true, wordWrap: false }, {}]) {
          expect(wrap.patched(text, columns, options), `${JSON.stringify(text)} ${columns} ${JSON.stringify(options)}`).toBe(wrap.plain(text, columns, options));
        }
      }
    }
  });

  it('tokenize and wrap random texts with styles and links as the unpatched modules do', () => {
    const codePoint = fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0xa0, max: 0x2fff }),
      fc.integer({ min: 0x3000, max: 0xffff }),
      fc.integer({ min: 0x1f000, max: 0x1faff }),
      fc.constantFrom(0x200d, 0xfe0f, 0xfe0e, 0x20e3, 0x0301, 0x1f3fd, 0x1f1eb, 0x1f1f7, 0x1100, 0x1161, 0x11a8, 0x0e33, 0xff9e, 0x09, 0x0a, 0x0d, 0x1b, 0x9b),
    );
    const piece = fc.oneof(
      { weight: 4, arbitrary: fc.array(codePoint, { maxLength: 8 }).map((points) => String.fromCodePoint(...points)) },
      { weight: 1, arbitrary: fc.constantFrom('\u001B[31m', '\u001B[39m', '\u001B[1m', '\u001B[0m', '\u001B[38;5;208m', '\u001B]8;;https://x.test\u0007', '\u001B]8;;\u0007', '\u001B[2K') },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), fc.integer({ min: 1, max: 30 }), (pieces, columns) => {
        const text = pieces.join('');
        expect(tokenize.patched(text), JSON.stringify(text)).toEqual(tokenize.plain(text));
        expect(wrap.patched(text, columns, { hard: true, trim: false }), JSON.stringify(text)).toBe(wrap.plain(text, columns, { hard: true, trim: false }));
        expect(wrap.patched(text, columns), JSON.stringify(text)).toBe(wrap.plain(text, columns));
      }),
      { numRuns: 3000 },
    );
  });

  it('splits the dashboard\'s own text without a segmenter, and keeps one for anything else', () => {
    for (const name of ['wrap-ansi-simple-text', 'ansi-tokenize-simple-text']) {
      const source = patchedSource(name, name.startsWith('wrap') ? wrapFile : tokenizeFile);
      expect(source).not.toMatch(/^const \w+ = new Intl\.Segmenter/m);
      expect(source).toContain('??= new Intl.Segmenter(');
    }
    expect(readFileSync(wrapFile, 'utf8')).toMatch(/^const segmenter = new Intl\.Segmenter/m);
  });
});
