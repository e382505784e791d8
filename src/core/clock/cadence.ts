// Update cadence: every posted update promises the next one ("Next Update: 15 mins"); the
// promise is a deadline. Posting an update, early or late, replaces it, so no stale reminder.
import type { UpdateKind } from '../incident/events.ts';
import { lastUpdate } from '../incident/selectors.ts';
import type { IncidentState } from '../incident/state.ts';
import { addMinutes } from '../time.ts';

export interface UpdateStatus {
  dueAt: string;
  /** Negative once overdue. */
  msUntil: number;
  overdue: boolean;
}

/**
 * When the next update of this kind is due (ISO), or null: resolved, or the last update
 * promised none. Before any internal update, the first is due one cadence after opening;
 * public updates have no deadline until the first one promises the next. After a reopen
 * that came later than the last update, the next is due one cadence after the reopen.
 */
export function updateDeadline(state: IncidentState, kind: UpdateKind = 'internal'): string | null {
  if (state.status === 'resolved') return null;
  const last = lastUpdate(state, kind);
  const reopenedAt = state.reopenedAt.at(-1);
  if (reopenedAt !== undefined && (last === null || Date.parse(reopenedAt) >= Date.parse(last.at))) {
    return addMinutes(reopenedAt, state.updateCadenceMinutes);
  }
  if (last !== null) return last.nextUpdateMinutes === null ? null : addMinutes(last.at, last.nextUpdateMinutes);
  return kind === 'internal' ? addMinutes(state.openedAt, state.updateCadenceMinutes) : null;
}

export function updateStatus(state: IncidentState, now: Date, kind: UpdateKind = 'internal'): UpdateStatus | null {
  const dueAt = updateDeadline(state, kind);
  if (dueAt === null) return null;
  const msUntil = Date.parse(dueAt) - now.getTime();
  return { dueAt, msUntil, overdue: msUntil <= 0 };
}

/**
 * The deadline to record as an `update.due` event now, or null: not due yet, none, or this
 * exact deadline was already recorded (so the app appends one event per deadline, even
 * across restarts).
 */
export function dueUpdateToRecord(state: IncidentState, now: Date, kind: UpdateKind = 'internal'): string | null {
  const dueAt = updateDeadline(state, kind);
  if (dueAt === null || Date.parse(dueAt) > now.getTime()) return null;
  return state.updateDue.some((due) => due.kind === kind && due.dueAt === dueAt) ? null : dueAt;
}
