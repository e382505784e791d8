// One run at a time, commands and flag changes alike: the journal says whether one is going on.
import type { EventStore } from '../core/incident/event-store.ts';
import { activeRun, type RequestRun } from '../core/incident/run-selectors.ts';
import type { IncidentState } from '../core/incident/state.ts';
import { CommandRefusedError } from '../errors.ts';

/** Why a new run must wait, in the words of the one that is going on. */
function busyMessage(busy: RequestRun): string {
  return busy.kind === 'command'
    ? `a command is still running (request #${busy.run.requestSeq}); wait for it or cancel it with c`
    : `a feature flag change is in progress (request #${busy.run.requestSeq}); wait for it`;
}

/** One run at a time (a command or a flag change): two mitigations racing make both results unreadable. */
export function refuseWhileBusy(state: IncidentState): void {
  const busy = activeRun(state);
  if (busy) throw new CommandRefusedError(busyMessage(busy));
}

/**
 * Where the request the app was handed as `seq` (its append's answer, held by an open dialog) is
 * now: a shared store moves this terminal's events after other terminals' that were shared first.
 */
export function heldSeq(store: EventStore, seq: number): number {
  return store.currentSeq?.(seq) ?? seq;
}
