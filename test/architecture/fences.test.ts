// The layer fences hold: a scratch file with a forbidden import, linted as if it stood in each
// layer (ESLint's lintText with that file path, so nothing is written into the tree other
// engineers share), fails lint with the fence's rule; the same file without it passes. And the
// shape stays small: no source file over 300 lines, no import cycle.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function ruleIds(layerFile: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, layerFile) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const FORBIDDEN: [string, string, string][] = [
  // [where the scratch file stands, what it does, the rule that must catch it]
  ['src/core/incident/scratch.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", '@typescript-eslint/no-restricted-imports'],
  ['src/core/incident/scratch.ts', "import os from 'os';\nexport const x = os;", '@typescript-eslint/no-restricted-imports'],
  ['src/core/incident/scratch.ts', "import { randomUUID } from 'node:crypto';\nexport const x = randomUUID;", '@typescript-eslint/no-restricted-imports'],
  ['src/core/comms/scratch.ts', "import { request } from 'undici';\nexport const x = request;", '@typescript-eslint/no-restricted-imports'],
  ['src/core/comms/scratch.ts', "import ky from 'ky';\nexport const x = ky;", '@typescript-eslint/no-restricted-imports'],
  ['src/core/incident/scratch.ts', "import { Journal } from '../../adapters/journal.ts';\nexport const x = Journal;", '@typescript-eslint/no-restricted-imports'],
  ['src/core/incident/scratch.ts', "import type { Session } from '../../app/session.ts';\nexport type X = Session;", '@typescript-eslint/no-restricted-imports'],
  ['src/core/scratch.ts', "import { App } from './../ui/app.tsx';\nexport const x = App;", '@typescript-eslint/no-restricted-imports'],
  ['src/core/scratch.ts', "export const load = () => import('node:fs');", 'no-restricted-syntax'],
  ['src/core/scratch.ts', "export const now = () => new Date();", 'no-restricted-syntax'],
  ['src/core/scratch.ts', 'export const now = () => Date.now();', 'no-restricted-properties'],
  ['src/core/scratch.ts', 'export const later = (f: () => void) => setTimeout(f, 10);', 'no-restricted-globals'],
  ['src/core/scratch.ts', 'export const roll = () => Math.random();', 'no-restricted-properties'],
  ['src/core/scratch.ts', 'export const id = () => crypto.randomUUID();', 'no-restricted-globals'],
  ['src/ui/scratch.tsx', "import { createCommandRunner } from '../adapters/runner.ts';\nexport const x = createCommandRunner;", '@typescript-eslint/no-restricted-imports'],
  ['src/ui/keys/scratch.ts', "import type { WarroomConfig } from '../../adapters/config.ts';\nexport type X = WarroomConfig;", '@typescript-eslint/no-restricted-imports'],
  ['src/commands/scratch.ts', "import { App } from '../ui/app.tsx';\nexport const x = App;", '@typescript-eslint/no-restricted-imports'],
  ['src/commands/scratch.ts', "export const load = () => import('../ui/picker.tsx');", 'no-restricted-syntax'],
];

describe('layer fences', () => {
  it.each(FORBIDDEN)('%s: lint refuses %j', async (file, code, rule) => {
    expect(await ruleIds(file, code)).toContain(rule);
  });

  it('lets each layer import what it may', async () => {
    expect(await ruleIds('src/core/incident/scratch.ts', "import { formatDuration } from '../time.ts';\nimport { WarroomError } from '../../errors.ts';\nexport const x = [formatDuration, WarroomError, new Date(0), Date.parse('2026-01-01')];")).toEqual([]);
    expect(await ruleIds('src/ui/scratch.tsx', "import type { Session } from '../app/session.ts';\nexport type X = Session;")).toEqual([]);
    expect(await ruleIds('src/commands/scratch.ts', "import type * as Entry from '../ui/entry.ts';\nexport const load = (): Promise<typeof Entry> => import('../ui/entry.ts');")).toEqual([]);
    expect(await ruleIds('src/adapters/scratch.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;")).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

describe('shape', () => {
  const files = sourceFiles('src');

  it('keeps every source file at 300 lines or fewer', () => {
    const long = files.map((f) => [f, readFileSync(path.join(root, f), 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > 300);
    expect(long).toEqual([]);
  });

  it('has no import cycle in src (type imports included)', () => {
    const graph = new Map<string, string[]>();
    for (const file of files) {
      const text = readFileSync(path.join(root, file), 'utf8');
      const targets = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/g)].map((m) => path.join(path.dirname(file), m[1] ?? ''));
      graph.set(file, targets.filter((t) => files.includes(t)));
    }
    // The graph is real: most files import others (a broken pattern would find no edge and no cycle).
    expect([...graph.values()].flat().length).toBeGreaterThan(files.length);
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
