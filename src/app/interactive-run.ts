// A confirmed command that needs the terminal (`oc rsh`, `kubectl edit`, `psql` without -c): the
// dashboard hands the terminal over (HandOver suspends Ink), the command runs with the
// operator's stdio in the same cwd, and the journal gets what ran, when, how long and its exit
// code: command.started / command.finished with `interactive: true`. Its output went to the
// terminal, not to warroom: the log says so instead of pretending to hold it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EventStore, Stored } from '../core/incident/event-store.ts';
import type { IncidentEvent } from '../core/incident/events.ts';
import { openPager, runWithTerminal, type TerminalOutcome } from '../adapters/terminal-run.ts';
import { finishedFromOutcome, type NewFinished } from './run-outcome.ts';

/** Suspends the dashboard, runs `run` with the terminal, restores the dashboard (even on a throw). */
export type HandOver = <T>(run: () => Promise<T>) => Promise<T>;

export interface InteractiveSetting {
  store: EventStore;
  incidentDir: string;
  cwd: string;
  env?: Record<string, string>;
  actor: string;
}

/** `script` runs; `shown` (secrets masked, as the dialog showed it) is what the log and the journal keep. */
export async function runInteractive(
  setting: InteractiveSetting,
  run: { requestSeq: number; script: string; shown?: string; kubeContext: string | null },
  handOver: HandOver,
): Promise<Stored<NewFinished>> {
  const shown = run.shown ?? run.script;
  const { requestSeq } = run;
  const who = { actor: setting.actor, requestSeq };
  const outputFile = `commands/${requestSeq}.log`;
  const logPath = path.join(setting.incidentDir, outputFile);
  await fs.mkdir(path.dirname(logPath), { recursive: true });
  await fs.writeFile(logPath, `$ ${shown}\n(ran with the terminal: its output went to the screen and was not recorded)\n`);
  let started: Promise<IncidentEvent> | null = null;
  const outcome: TerminalOutcome = await handOver(() =>
    runWithTerminal({
      script: run.script,
      cwd: setting.cwd,
      ...(setting.env ? { env: setting.env } : {}),
      onStart: (pid) => {
        started = setting.store.append({ type: 'command.started', ...who, pid, cwd: setting.cwd, script: shown, kubeContext: run.kubeContext, outputFile, interactive: true });
      },
    }),
  );
  await (started ?? setting.store.append({ type: 'command.started', ...who, pid: null, cwd: setting.cwd, script: shown, kubeContext: run.kubeContext, outputFile, interactive: true }));
  await fs.appendFile(logPath, `(exit ${outcome.exitCode ?? outcome.signal ?? outcome.error} after ${Math.round(outcome.durationMs)} ms)\n`);
  const stat = await fs.stat(logPath);
  const finished = finishedFromOutcome(
    who,
    { pid: outcome.pid, exitCode: outcome.exitCode, signal: outcome.signal, durationMs: outcome.durationMs, timedOut: false, cancelled: false, outputBytes: stat.size, outputSha256: null, error: outcome.error },
    outputFile,
    [],
  );
  return setting.store.append({ ...finished, interactive: true });
}

/** `v` on a finished command: its whole log in $PAGER (default `less -R`), with the terminal. */
export async function viewLog(incidentDir: string, outputFile: string, cwd: string, handOver: HandOver): Promise<TerminalOutcome> {
  const file = path.join(incidentDir, outputFile);
  await fs.access(file);
  return handOver(() => openPager(file, cwd));
}
