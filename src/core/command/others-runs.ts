// In a shared room, what others did with the command a dialog is about to run: someone running
// it right now, or the last time someone else ran it, and how it ended. Running it again is a
// decision (a second `rollout undo` re-deploys the bad version), so the dialog says so.
import type { CommandRun, IncidentState } from '../incident/state.ts';

export interface OthersRuns {
  running: CommandRun | null;
  last: CommandRun | null;
}

export function othersRuns(state: IncidentState, stepId: string, commandId: string, me: string): OthersRuns {
  const same = state.commands.filter((c) => c.stepId === stepId && c.commandId === commandId && c.requestedBy !== me);
  const running = same.filter((c) => c.phase === 'confirmed' || c.phase === 'running').at(-1) ?? null;
  const last = same.filter((c) => c.phase === 'finished' && !c.dryRun).at(-1) ?? null;
  return { running, last };
}

function outcome(run: CommandRun): string {
  if (run.outcomeUnknown) return 'outcome unknown';
  if (run.error !== null) return `failed: ${run.error}`;
  if (run.timedOut) return 'timed out';
  if (run.cancelled) return 'cancelled';
  if (run.signal !== null) return `killed by ${run.signal}`;
  return run.exitCode === 0 ? 'exit 0 (succeeded)' : `exit ${run.exitCode ?? '?'}`;
}

/** The dialog's warning lines, newest fact first; empty when nobody else ran it. */
export function othersRunsNotices(runs: OthersRuns, nowMs: number): { text: string; tone: 'warn' }[] {
  const lines: { text: string; tone: 'warn' }[] = [];
  if (runs.running) {
    const since = Date.parse(runs.running.startedAt ?? runs.running.confirmedAt ?? runs.running.requestedAt);
    const secs = Number.isFinite(since) ? Math.max(0, Math.round((nowMs - since) / 1000)) : 0;
    lines.push({ text: `${runs.running.requestedBy} is running ${(runs.running.script ?? runs.running.template).split('\n')[0]} (${secs}s)`, tone: 'warn' });
  }
  if (runs.last && runs.last.finishedAt !== null) {
    lines.push({ text: `${runs.last.requestedBy} already ran this at ${runs.last.finishedAt.slice(11, 19)} UTC: ${outcome(runs.last)}`, tone: 'warn' });
  }
  return lines;
}
