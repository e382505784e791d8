// Escalation thresholds from the runbook (`15 → Engineering Manager`, `30 → CTO`) as a pure
// function of (state, now). The journal remembers what fired, so a restart never fires a
// level twice, and a threshold passed while the app was down fires once on resume, late.
import type { EscalationAction } from '../runbook/types.ts';
import type { IncidentState } from '../incident/state.ts';

/** A threshold firing this long after it was due counts as late (the app was not running). */
export const LATE_GRACE_MS = 5_000;

export interface ScheduledEscalation {
  /** 1-based index into state.runbook.escalation. */
  level: number;
  afterMinutes: number;
  target: string;
  action: EscalationAction;
  /**
   * When it is (or was) due, ISO. For a fired level, the due time the event recorded. Null
   * while the incident is resolved and the level has not fired: the clock is stopped.
   */
  dueAt: string | null;
  firedSeq: number | null;
}

export interface DueEscalation {
  level: number;
  afterMinutes: number;
  target: string;
  action: EscalationAction;
  dueAt: string;
  /** True when `now` is more than LATE_GRACE_MS past dueAt: say so when paging. */
  late: boolean;
}

export interface NextEscalation {
  level: number;
  afterMinutes: number;
  target: string;
  action: EscalationAction;
  dueAt: string;
  /** Negative once the threshold has passed and it has not fired yet. */
  msUntil: number;
}

/** Where thresholds count from: detection when known and configured, else the war room's opening. */
export function escalationOrigin(state: Pick<IncidentState, 'escalationFrom' | 'detectedAt' | 'openedAt'>): string {
  return state.escalationFrom === 'detection' && state.detectedAt !== null ? state.detectedAt : state.openedAt;
}

/** Spans while the incident was resolved; `end` is null while it still is. */
function pauses(state: IncidentState): { start: number; end: number | null }[] {
  const found: { start: number; end: number | null }[] = [];
  for (const change of state.statusHistory) {
    const open = found.at(-1);
    if (change.to === 'resolved' && (open === undefined || open.end !== null)) {
      found.push({ start: Date.parse(change.at), end: null });
    } else if (change.from === 'resolved' && change.to !== 'resolved' && open !== undefined && open.end === null) {
      open.end = Date.parse(change.at);
    }
  }
  return found;
}

/**
 * The wall time at which `afterMs` of unresolved time has passed since the origin: time spent
 * resolved does not count, so a reopened incident resumes where it stopped. Null when the
 * incident is resolved before that much time has passed.
 */
function dueTime(origin: number, afterMs: number, stops: { start: number; end: number | null }[]): number | null {
  let clock = origin;
  let remaining = afterMs;
  for (const stop of stops) {
    const running = Math.max(0, stop.start - clock);
    if (running >= remaining) return clock + remaining;
    remaining -= running;
    if (stop.end === null) return null;
    clock = Math.max(clock, stop.end);
  }
  return clock + remaining;
}

export function escalationSchedule(state: IncidentState): ScheduledEscalation[] {
  const origin = Date.parse(escalationOrigin(state));
  const stops = pauses(state);
  return state.runbook.escalation.map((threshold, index) => {
    const level = index + 1;
    // Paged by hand (`e` records the level it paged) or by its threshold: either way, once.
    const fired = state.escalations.find((event) => event.level === level);
    const due = dueTime(origin, threshold.afterMinutes * 60_000, stops);
    const dueAt = fired?.dueAt ?? (due === null ? null : new Date(due).toISOString());
    return {
      level,
      afterMinutes: threshold.afterMinutes,
      target: threshold.target,
      action: threshold.action,
      dueAt,
      firedSeq: fired?.seq ?? null,
    };
  });
}

/** Thresholds to fire now: due, never fired, and the incident is not resolved. Earliest first. */
export function dueEscalations(state: IncidentState, now: Date): DueEscalation[] {
  if (state.status === 'resolved') return [];
  const nowMs = now.getTime();
  const due: DueEscalation[] = [];
  for (const entry of escalationSchedule(state)) {
    if (entry.firedSeq !== null || entry.dueAt === null) continue;
    const dueMs = Date.parse(entry.dueAt);
    if (dueMs > nowMs) continue;
    const { level, afterMinutes, target, action, dueAt } = entry;
    due.push({ level, afterMinutes, target, action, dueAt, late: nowMs - dueMs > LATE_GRACE_MS });
  }
  return due.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.level - b.level);
}

/** The next threshold that has not fired (possibly already due), or null when none or resolved. */
export function nextEscalation(state: IncidentState, now: Date): NextEscalation | null {
  if (state.status === 'resolved') return null;
  let next: NextEscalation | null = null;
  for (const entry of escalationSchedule(state)) {
    if (entry.firedSeq !== null || entry.dueAt === null) continue;
    const msUntil = Date.parse(entry.dueAt) - now.getTime();
    if (next === null || msUntil < next.msUntil) {
      const { level, afterMinutes, target, action, dueAt } = entry;
      next = { level, afterMinutes, target, action, dueAt, msUntil };
    }
  }
  return next;
}

/** Highest runbook level that has been paged (by its threshold or by hand), 0 for none. */
export function currentEscalationLevel(state: IncidentState): number {
  return state.escalations.reduce((level, event) => Math.max(level, event.level), 0);
}

/** The lowest level of the policy nobody has paged yet (what `e` pages), or null when all were. */
export function nextUnpagedLevel(state: IncidentState): ScheduledEscalation | null {
  return escalationSchedule(state).find((entry) => entry.firedSeq === null) ?? null;
}
