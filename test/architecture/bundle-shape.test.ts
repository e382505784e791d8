// What bin/load-bundle.js needs of the bundle. Plain ASCII: decoded as Latin-1 it is a one-byte
// string, several times quicker to make than UTF-8's two-byte one, and V8 scans it faster.
// esbuild escapes what strings and templates hold but leaves regular expressions as written, so a
// literal `→` in a source's regex would undo it; write such characters as \u escapes.
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { repoRoot } from '../helpers/pty.ts';

beforeAll(() => ensureBuilt());

describe('the bundle', () => {
  it('holds only ASCII', () => {
    const bytes = readFileSync(path.join(repoRoot, 'dist/cli.cjs'));
    const near: string[] = [];
    for (let i = 0; i < bytes.length && near.length < 5; i++) {
      if (bytes[i]! > 0x7f) near.push(bytes.toString('utf8', Math.max(0, i - 40), i + 20));
    }
    expect(near, 'non-ASCII text in dist/cli.cjs, near:').toEqual([]);
    expect(isAscii(bytes)).toBe(true);
  });

  it('imports nothing dynamically from outside it', () => {
    // bin/load-bundle.js runs it as a vm.Script, where import() throws without an experimental
    // flag. esbuild turns import() of a bundled module into a require; one of Node's own
    // modules (import('node:fs')) stays an import(): import those statically.
    const text = readFileSync(path.join(repoRoot, 'dist/cli.cjs'), 'latin1');
    const found = [...text.matchAll(/(?<![\w$.])import\(/g)].map((m) => text.slice(Math.max(0, m.index - 40), m.index + 40));
    expect(found).toEqual([]);
  });
});
