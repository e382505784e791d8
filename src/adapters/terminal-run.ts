// Runs a command with the operator's terminal (stdio inherited): an `oc rsh`, a `kubectl edit`,
// a psql session, or $PAGER on a log. The caller has handed the terminal over first (Ink
// suspended: main screen, raw mode off, its stdin listener paused) and takes it back after.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface TerminalOutcome {
  pid: number | null;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  error: string | null;
}

export interface TerminalRun {
  script: string;
  cwd: string;
  env?: Record<string, string>;
  /** Extra arguments for the script ($1, $2...). */
  args?: string[];
  onStart?: (pid: number) => void;
}

export function runWithTerminal(run: TerminalRun): Promise<TerminalOutcome> {
  const began = performance.now();
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', run.script, 'sh', ...(run.args ?? [])], {
      cwd: run.cwd,
      env: { ...process.env, ...run.env },
      stdio: 'inherit',
    });
    let settled = false;
    const done = (outcome: Omit<TerminalOutcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...outcome, durationMs: performance.now() - began });
    };
    child.once('spawn', () => {
      if (child.pid !== undefined) run.onStart?.(child.pid);
    });
    child.once('error', (error) => done({ pid: child.pid ?? null, exitCode: null, signal: null, error: error.message }));
    child.once('exit', (code, signal) => done({ pid: child.pid ?? null, exitCode: code, signal, error: null }));
  });
}

/** The operator's pager on a file: `$PAGER`, else `less -R`. */
export function openPager(file: string, cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<TerminalOutcome> {
  const pager = env.PAGER && env.PAGER.trim() !== '' ? env.PAGER : 'less -R';
  // The pager is the operator's own setting, a command line: the shell reads it, the file is $1.
  return runWithTerminal({ script: `${pager} "$1"`, cwd, args: [file] });
}
