// The parser never throws and stays fast, whatever it is fed: binary junk, 10 MB, 1000-level
// nesting, an empty file, CRLF line ends, a BOM. Time limits are generous for a shared machine
// but far below what unguarded micromark takes on these inputs (minutes).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';
import { allCommands, allSteps } from '../../../src/core/runbook/query.ts';
import type { Runbook } from '../../../src/core/runbook/types.ts';
import { positionsOutside } from '../../helpers/runbook-positions.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const seed = readFileSync(path.join(root, 'test/fixtures/runbook/seed.md'), 'utf8');

// Parsing pathological input must end (the test timeout catches a hang); how fast it is, is
// bench/parser.ts's question: tests do not time things.
function parsed(source: string): { runbook: Runbook } {
  return { runbook: parseRunbook(source, 'input.md') };
}

function junk(bytes: number): string {
  let x = 2463534242;
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return new TextDecoder('utf-8').decode(out);
}

describe('robustness', () => {
  it('binary junk: no throw, positions inside', () => {
    const source = junk(200_000);
    const { runbook } = parsed(source);
    expect(positionsOutside(runbook, source)).toEqual([]);
  });

  it('a 10 MB file of real runbook text: reports file-too-large, keeps what it read', () => {
    const source = `${seed}\n`.repeat(Math.ceil(10_000_000 / seed.length));
    const { runbook } = parsed(source);
    expect(source.length).toBeGreaterThan(10_000_000);
    expect(runbook.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['file-too-large']);
    expect(runbook.title).toBe('[SERVICE] High Latency Runbook');
    expect(allSteps(runbook).length).toBeGreaterThan(100);
    expect(positionsOutside(runbook, source)).toEqual([]);
  });

  it('10 MB of binary junk: no throw, reported too large', () => {
    const source = junk(10_000_000);
    const { runbook } = parsed(source);
    expect(runbook.diagnostics.map((d) => d.code)).toContain('file-too-large');
  });

  const nestings: [string, string][] = [
    ['indented lists', Array.from({ length: 1000 }, (_, i) => `${' '.repeat(2 * i)}- level ${i}`).join('\n')],
    ['lists on one line', `${'- '.repeat(1000)}deep`],
    ['block quotes', `${'>'.repeat(1000)} deep\n`],
    ['block quotes line by line', Array.from({ length: 1000 }, (_, i) => `${'> '.repeat(i + 1)}level ${i}`).join('\n')],
    ['ordered lists', Array.from({ length: 1000 }, (_, i) => `${'   '.repeat(i)}1. level ${i}`).join('\n')],
    ['emphasis', `${'*'.repeat(1000)}x${'*'.repeat(1000)}`],
    ['links', `${'['.repeat(1000)}x${'](y)'.repeat(1000)}`],
  ];
  it.each(nestings)('1000-level nesting (%s): no throw, positions inside', (_name, source) => {
    const { runbook } = parsed(`# Deep\n\n## Steps\n\n${source}`);
    expect(positionsOutside(runbook, `# Deep\n\n## Steps\n\n${source}`)).toEqual([]);
  });

  it('1000-level indented lists keep the first levels as nested steps and say where reading stopped', () => {
    const source = `## Steps\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(2 * i)}- level ${i}`).join('\n')}`;
    const { runbook } = parsed(source);
    const deepest = allSteps(runbook).reduce((max, s) => Math.max(max, s.depth), 0);
    expect(deepest).toBeGreaterThanOrEqual(30);
    expect(runbook.diagnostics.find((d) => d.code === 'nesting-too-deep')?.severity).toBe('error');
  });

  it('empty and whitespace-only files', () => {
    for (const source of ['', '\n', '   \n\t\n', '\uFEFF']) {
      const runbook = parseRunbook(source, 'runbooks/empty.md');
      expect(runbook.title).toBe('empty');
      expect(runbook.sections).toEqual([]);
      expect(runbook.diagnostics.map((d) => d.code)).toEqual(['no-title', 'no-steps']);
      expect(positionsOutside(runbook, source)).toEqual([]);
    }
  });

  it('CRLF line ends give the same model as LF', () => {
    const lf = parseRunbook(seed, 'seed.md');
    const crlf = parseRunbook(seed.replace(/\n/g, '\r\n'), 'seed.md');
    expect(crlf).toEqual(lf);
  });

  it('a BOM changes nothing', () => {
    expect(parseRunbook(`\uFEFF${seed}`, 'seed.md')).toEqual(parseRunbook(seed, 'seed.md'));
  });

  it('lone carriage returns, NUL bytes and lone surrogates do not throw', () => {
    const source = `# T\r## Steps\r- a\u0000b\r- \uD800 \`kubectl get pods\`\r`;
    const runbook = parseRunbook(source, 'x.md');
    expect(positionsOutside(runbook, source)).toEqual([]);
    expect(allCommands(runbook).map((c) => c.script)).toEqual(['kubectl get pods']);
  });

  it('invalid front matter is a warning, not a crash', () => {
    const runbook = parseRunbook('---\ntitle: [unclosed\n---\n\n## Steps\n- a\n', 'x.md');
    expect(runbook.diagnostics.map((d) => [d.code, d.line])).toContainEqual(['front-matter-invalid', 1]);
    expect(allSteps(runbook)).toHaveLength(1);
  });

  it('a non-string argument does not throw', () => {
    expect(() => parseRunbook(undefined as unknown as string, 'x.md')).not.toThrow();
  });
});
