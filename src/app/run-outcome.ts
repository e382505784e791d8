// The one place a command.finished event is built, whichever way the run ended: the process
// exited (or never started), dry-run mode recorded it, or nobody saw it end.
import type { RunOutcome } from '../core/command/runner-port.ts';
import type { NewEvent } from '../core/incident/events.ts';
import { redactSecrets } from '../core/redact.ts';

export type NewFinished = Extract<NewEvent, { type: 'command.finished' }>;

/** Lines of output kept in command.finished for the timeline and post-mortem. */
export const FINISHED_TAIL_LINES = 20;

/** Said of a run whose warroom died under it; resume records it so nothing stays "running". */
export const EXITED_WHILE_RUNNING = 'warroom exited while it ran';

interface Who {
  actor: string;
  requestSeq: number;
}

function finished(who: Who, fields: Partial<NewFinished>): NewFinished {
  return {
    type: 'command.finished',
    ...who,
    exitCode: null,
    signal: null,
    durationMs: 0,
    outputFile: null,
    outputBytes: 0,
    outputSha256: null,
    timedOut: false,
    cancelled: false,
    dryRun: false,
    error: null,
    tail: [],
    ...fields,
  };
}

/** The journal outlives the screen and is shared: secret-shaped output is masked there. */
function journalTail(lines: readonly string[]): string[] {
  return lines.slice(-FINISHED_TAIL_LINES).map(redactSecrets);
}

/** How the runner says it ended; `outputFile` only when the shell started (else nothing was written). */
export function finishedFromOutcome(who: Who, outcome: RunOutcome, outputFile: string, tail: readonly string[]): NewFinished {
  return finished(who, {
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    durationMs: Math.round(outcome.durationMs),
    outputFile: outcome.pid === null ? null : outputFile,
    outputBytes: outcome.outputBytes,
    outputSha256: outcome.outputSha256,
    timedOut: outcome.timedOut,
    cancelled: outcome.cancelled,
    error: outcome.error === null ? null : (outcome.error.split('\n')[0] ?? outcome.error),
    tail: journalTail(tail),
  });
}

/** Dry-run mode: nothing ran; the record says what would have. */
export function dryRunFinished(who: Who, script: string): NewFinished {
  return finished(who, { dryRun: true, tail: [`dry run: would run ${script}`] });
}

/** Nobody saw the run end: the log as found, and the outcome unknown. */
export function unknownFinished(
  who: Who,
  log: { outputFile: string | null; bytes: number; sha256: string | null; lastLines: readonly string[] },
  reason = EXITED_WHILE_RUNNING,
): NewFinished {
  return finished(who, {
    outputFile: log.outputFile,
    outputBytes: log.bytes,
    outputSha256: log.sha256,
    tail: journalTail(log.lastLines),
    outcome: 'unknown',
    reason,
  });
}

/** The runner threw before a shell started. */
export function notRun(error: string): RunOutcome {
  return { pid: null, exitCode: null, signal: null, durationMs: 0, timedOut: false, cancelled: false, outputBytes: 0, outputSha256: null, error };
}

/** A preview's end in a few words. */
export function describeRun(outcome: RunOutcome): string {
  if (outcome.error) return `failed to start: ${outcome.error}`;
  if (outcome.timedOut) return 'timed out';
  if (outcome.signal) return `killed by ${outcome.signal}`;
  return `exit ${outcome.exitCode}`;
}
