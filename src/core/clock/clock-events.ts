// What the passing of time adds to the journal, as events for the session to append: one
// `escalation.fired` per runbook threshold ever (late when it came due while nobody was
// watching), and one `update.due` per promised-update deadline. Pure: (state, now) in.
import type { NewEvent } from '../incident/events.ts';
import type { IncidentState } from '../incident/state.ts';
import { dueUpdateToRecord } from './cadence.ts';
import { dueEscalations, nextUnpagedLevel } from './escalation.ts';

/** The escalation that is due now and not yet fired, as the event to append; else null. */
export function nextEscalationEvent(state: IncidentState, now: Date): NewEvent | null {
  const due = dueEscalations(state, now).find((d) => !state.escalations.some((e) => e.level === d.level));
  if (!due) return null;
  return {
    type: 'escalation.fired',
    actor: 'system',
    level: due.level,
    afterMinutes: due.afterMinutes,
    action: due.action,
    target: due.target,
    dueAt: due.dueAt,
    late: due.late,
    manual: false,
  };
}

/** The missed update deadline to record, once; else null. */
export function updateDueEvent(state: IncidentState, now: Date): NewEvent | null {
  const dueAt = dueUpdateToRecord(state, now);
  if (dueAt === null || state.updateDue.some((d) => d.dueAt === dueAt)) return null;
  return { type: 'update.due', actor: 'system', kind: 'internal', dueAt };
}

/**
 * `e`: page now the lowest level of the policy not yet paged, recording that level so its
 * threshold will not page it again; null once resolved or when every level was paged.
 */
export function manualEscalationEvent(state: IncidentState, actor: string): NewEvent | null {
  if (state.status === 'resolved') return null;
  const next = nextUnpagedLevel(state);
  if (next === null) return null;
  return { type: 'escalation.fired', actor, level: next.level, afterMinutes: null, action: next.action, target: next.target, dueAt: null, late: false, manual: true };
}
