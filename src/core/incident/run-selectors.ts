// Which requests are still open, read from the journal alone: "is something running?" is never
// a question for a process's memory, so a crash cannot leave the screen believing it.
import type { CommandRun, FlagRun, IncidentState } from './state.ts';

export type RequestRun = { kind: 'command'; run: CommandRun } | { kind: 'flag'; run: FlagRun };

/** The command run or flag change requested by the event with this seq (one id space). */
export function requestOf(state: IncidentState, requestSeq: number): RequestRun | null {
  const command = state.commands.findLast((run) => run.requestSeq === requestSeq);
  if (command) return { kind: 'command', run: command };
  const flag = state.flagRuns.findLast((run) => run.requestSeq === requestSeq);
  return flag ? { kind: 'flag', run: flag } : null;
}

/** A command confirmed or running, or a flag change confirmed and not finished: one at a time. */
export function activeRun(state: IncidentState): RequestRun | null {
  const command = state.commands.findLast((run) => run.phase === 'confirmed' || run.phase === 'running');
  if (command) return { kind: 'command', run: command };
  const flag = state.flagRuns.findLast((run) => run.phase === 'confirmed');
  return flag ? { kind: 'flag', run: flag } : null;
}

/**
 * Every request the journal leaves open: a dialog that was showing, a run confirmed or started
 * without an end. When the incident is opened again, no process of this warroom holds any of
 * them, so each must be closed (or, once process groups are journaled, found still alive).
 */
export function leftoverRuns(state: IncidentState): RequestRun[] {
  const commands = state.commands
    .filter((run) => run.phase === 'requested' || run.phase === 'confirmed' || run.phase === 'running')
    .map((run): RequestRun => ({ kind: 'command', run }));
  const flags = state.flagRuns
    .filter((run) => run.phase === 'requested' || run.phase === 'confirmed')
    .map((run): RequestRun => ({ kind: 'flag', run }));
  return [...commands, ...flags].sort((a, b) => a.run.requestSeq - b.run.requestSeq);
}
