// `warroom validate <files or folders...> [--json]`: parse runbooks and report what the parser
// noticed, one `file:line:column severity code message` line each. Exit 0 without errors,
// 1 with errors, 2 on bad usage (a missing path). In folders, README.md counts when it holds
// steps (some collections write a service's runbook there) and is skipped when it is an index.
import path from 'node:path';
import { findRunbookFiles, isReadme, loadRunbook } from '../adapters/runbook-files.ts';
import { allSteps } from '../core/runbook/query.ts';
import type { Runbook } from '../core/runbook/types.ts';
import type { CommandIo } from './io.ts';

export async function validateCommand(paths: string[], flags: { json: boolean }, io: CommandIo): Promise<number> {
  const absolute = (p: string) => path.resolve(io.cwd, p);
  const named = new Set(paths.map(absolute));
  const files = await findRunbookFiles(paths.map(absolute), { readmes: true });
  const runbooks: Runbook[] = [];
  for (const file of files) {
    const shown = path.relative(io.cwd, file) || file;
    const { runbook } = await loadRunbook(file);
    if (isReadme(file) && !named.has(file) && allSteps(runbook).length === 0) continue;
    // Diagnostics name the file as the user would type it, relative to where they are.
    runbook.file = shown;
    for (const d of runbook.diagnostics) d.file = shown;
    runbooks.push(runbook);
  }
  const diagnostics = runbooks.flatMap((r) => r.diagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;

  if (flags.json) {
    io.stdout.write(`${JSON.stringify(runbooks.length === 1 ? runbooks[0] : runbooks, null, 2)}\n`);
    return errors > 0 ? 1 : 0;
  }
  for (const d of diagnostics) io.stdout.write(`${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}\n`);
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const notes = diagnostics.length - errors - warnings;
  const steps = runbooks.reduce((n, r) => n + allSteps(r).length, 0);
  io.stdout.write(
    `${plural(runbooks.length, 'runbook')} checked (${plural(steps, 'step')}): ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(notes, 'note')}\n`,
  );
  return errors > 0 ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
