// Over the public corpus (../shared/corpus) and the bundled runbooks: no command is judged less
// risky than the most dangerous simple command inside it (a `for` body, a `$(...)`, a pipeline's
// last stage), so `validate` on the corpus has nothing of the kind to report.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verdictInContext } from '../../../src/core/runbook/command-builder.ts';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';
import { parseShell } from '../../../src/core/runbook/shell-syntax.ts';
import type { Risk, RunbookStep } from '../../../src/core/runbook/types.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const RANK: Record<Risk, number> = { read: 0, change: 1, destructive: 2 };

function markdown(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return markdown(full);
    return /\.md$/i.test(name) && !/^(format|sources|changelog|contributing)\.md$/i.test(name) ? [full] : [];
  });
}

const steps = (list: RunbookStep[]): RunbookStep[] => list.flatMap((s) => [s, ...steps(s.children)]);

describe('risk is the worst of every simple command a script contains', () => {
  const files = [...markdown(path.join(root, 'runbooks')), ...markdown(path.resolve(root, '../shared/corpus'))];

  it('holds for every command of the corpus and the bundled runbooks', () => {
    expect(files.length).toBeGreaterThan(20);
    const lower: string[] = [];
    let checked = 0;
    for (const file of files) {
      const runbook = parseRunbook(readFileSync(file, 'utf8'), file);
      for (const command of runbook.sections.flatMap((s) => steps(s.steps)).flatMap((s) => s.commands)) {
        if (command.annotations.risk) continue;
        for (const part of parseShell(command.script).commands) {
          checked += 1;
          const verdict = verdictInContext(part.text, command.context);
          if (RANK[verdict.risk] > RANK[command.risk]) lower.push(`${path.relative(root, file)}:${command.position.start.line} ${command.risk} < ${verdict.risk} (${part.text})`);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(lower).toEqual([]);
  });
});
