// Keys that change the incident, each confirming on the status line what it recorded (a key
// that changes state and says nothing leaves the operator guessing at 3 a.m.). They go through
// the session's queue like every other action: the journal first, then the words.
import { nextUnpagedLevel } from '../core/clock/escalation.ts';
import type { IncidentStatus } from '../core/incident/events.ts';
import type { Session } from './session.ts';

/** Names are stored without a leading `@` (mentions add it once when rendering). */
export function bareName(name: string): string {
  return name.trim().replace(/^@+/, '').trim();
}

/** `a`: "I'm on it". Records incident.acknowledged once; time to acknowledge ends there. */
export async function acknowledge(session: Session): Promise<void> {
  const before = session.state.acknowledged;
  if (before) {
    session.notify('info', `already acknowledged by ${before.by} at ${before.at.slice(11, 19)} UTC`);
    return;
  }
  const event = await session.dispatchWith((state) =>
    state.acknowledged || state.status === 'resolved' ? null : { type: 'incident.acknowledged', actor: session.actor, by: bareName(session.actor), via: 'operator' },
  );
  if (event) session.notify('info', `acknowledged by ${bareName(session.actor)}: updates now read [Ack]`);
}

/** What `e` would page now: the level, who, and how; null when every level was paged. */
export function escalationPreview(session: Session): { level: number; of: number; target: string; afterMinutes: number; route: string } | null {
  const next = nextUnpagedLevel(session.state);
  if (next === null) return null;
  const route = session.comms?.pageRoute?.(next.target) ?? 'messages are not available in this session: recorded only';
  return { level: next.level, of: session.state.runbook.escalation.length, target: next.target, afterMinutes: next.afterMinutes, route };
}

/** `e` confirmed: page the level shown; say what was recorded and what comes next. */
export async function escalateConfirmed(session: Session): Promise<void> {
  const event = await session.escalateNow();
  if (event?.type !== 'escalation.fired') {
    session.notify('warn', 'nothing paged: every level of the escalation policy was already paged');
    return;
  }
  const next = nextUnpagedLevel(session.state);
  const then = next ? `; next: ${next.target} at ${next.afterMinutes} min` : '; no level left in the policy';
  session.notify('info', `escalation to ${event.target} recorded (level ${event.level}, by hand)${then}`);
}

export async function setStatusWithFeedback(session: Session, to: Exclude<IncidentStatus, 'resolved'>): Promise<void> {
  const event = await session.setStatus(to);
  if (event) session.notify('info', `status ${to} recorded`);
}

export async function setSeverityWithFeedback(session: Session, to: string): Promise<void> {
  const event = await session.setSeverity(to);
  if (!event) {
    session.notify('info', `severity is already ${to}: nothing recorded`);
    return;
  }
  // The runbook has one escalation policy whatever the severity: say so instead of leaving it to guess.
  session.notify('info', `severity ${to} recorded; thresholds unchanged: the runbook has one policy`);
}

export async function setCommanderWithFeedback(session: Session, to: string): Promise<void> {
  const name = bareName(to);
  if (name === '') return;
  const event = await session.setCommander(name);
  session.notify('info', event ? `commander ${name} recorded` : `${name} is already the commander: nothing recorded`);
}
