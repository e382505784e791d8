// The bundle's string-width patch (scripts/bundle-patches.mjs) skips the grapheme segmenter and
// the emoji regex for text made of code points that never join a cluster: it must give every
// text exactly the width the unpatched string-width gives, or the dashboard would misalign.
// The patched module is loaded for real, beside the original, and both measure the same texts:
// tricky ones by hand and random ones (seeded; WARROOM_TEST_SEED replays a failure).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM build script, no types
import { bundlePatches } from '../../scripts/bundle-patches.mjs';
import { repoRoot } from '../helpers/pty.ts';

type Width = (text: string, options?: { ambiguousIsNarrow?: boolean }) => number;
interface Plugin {
  name: string;
  setup(build: { onLoad(options: { filter: RegExp }, callback: (args: { path: string }) => { contents: string }): void }): void;
}

const original = path.join(repoRoot, 'node_modules/string-width/index.js');
// Inside node_modules, so the patched copy's own imports (strip-ansi, get-east-asian-width) resolve.
const dir = path.join(repoRoot, 'node_modules/.cache', `warroom-string-width-${process.pid}`);
let plain: Width;
let patched: Width;

beforeAll(async () => {
  const plugin = (bundlePatches as Plugin[]).find((p) => p.name === 'string-width-simple-text')!;
  let contents = '';
  plugin.setup({ onLoad: (_options, load) => void (contents = load({ path: original }).contents) });
  expect(contents).toContain('simpleTextRegex');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'patched.mjs'), contents);
  plain = ((await import(pathToFileURL(original).href)) as { default: Width }).default;
  patched = ((await import(pathToFileURL(path.join(dir, 'patched.mjs')).href)) as { default: Width }).default;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRICKY = [
  '⏱ 00:12:04   DRILL   Engineering Manager in 14:59',
  '› [x] ▶ ✎ ⚑ · … ─│┌┐└┘ ↑/k ↓/j ✓ ✖ ! ● ○',
  'é e\u0301 n\u0303 a\u0308\u0301', // precomposed and combining
  '👍 👍🏽 👨‍👩‍👧 🏳️‍🌈 ❤️ ❤ ☺ ☺️ #️⃣ 1⃣ 🇫🇷 🇫',
  '⌚ ⌛ ⏩ ⏰ ⏳ ◽ ◾ ☔ ⚡ ⭐ 🀄',
  '中文 日本語 한국어 ﾊﾟｿｺﾝ ｶﾞ ＡＢＣ ｡',
  '\u1100\u1161\u11A8 \u1100\u1100\u1161 가\u11A8', // Hangul jamo
  'กำ ລຳ ന്‍ \u0D4E\u0D15', // Thai and Lao sara am, Malayalam
  'a\u200Db a\u200Bb a\u00ADb a\uFEFFb \u2060', // joiners, zero width, soft hyphen
  'tab\there \u0007bell \u001B[31mred\u001B[39m',
  '\uD800 lone \uDC00 surrogates',
  '𝐀𝐁 𐍈 𠀀 \u{E0001}',
  '± × ÷ § ¶ © ® ™ ° µ ¿ ¡ ‼ ⁉ ‽ ※',
];

describe('the string-width patch', () => {
  it('measures every tricky text as string-width does, with ambiguous characters narrow and wide', () => {
    for (const text of [...TRICKY, ...TRICKY.flatMap((t) => [...t])]) {
      expect(patched(text), JSON.stringify(text)).toBe(plain(text));
      expect(patched(text, { ambiguousIsNarrow: false }), JSON.stringify(text)).toBe(plain(text, { ambiguousIsNarrow: false }));
    }
  });

  it('measures random texts as string-width does', () => {
    const codePoint = fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0xa0, max: 0x2fff }),
      fc.integer({ min: 0x3000, max: 0xffff }),
      fc.integer({ min: 0x1f000, max: 0x1faff }),
      fc.constantFrom(0x200d, 0xfe0f, 0xfe0e, 0x20e3, 0x0301, 0x1f3fd, 0x1f1eb, 0x1f1f7, 0x1100, 0x1161, 0x11a8, 0x0e33, 0xff9e, 0x09, 0x1b),
    );
    fc.assert(
      fc.property(fc.array(codePoint, { maxLength: 12 }), (points) => {
        const text = String.fromCodePoint(...points);
        expect(patched(text), JSON.stringify(text)).toBe(plain(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the quick way for the dashboard\'s own characters (no segmenter, no emoji regex)', () => {
    const source = readFileSync(path.join(dir, 'patched.mjs'), 'utf8');
    expect(source).toMatch(/if \(simpleTextRegex\.test\(string\)\)/);
    expect(source).toContain('segmenter ??= new Intl.Segmenter();');
  });
});
