// Events carry intent ("step X is checked"), not toggles, so a pending event that the shared log
// already makes true is a no-op: it is dropped instead of recorded twice. And some events must
// happen once across all terminals however many are open (an escalation level pages once): they
// carry a happens-once key that the store keeps unique per incident, so the first append wins.
import type { IncidentEvent } from '../incident/events.ts';
import type { IncidentState } from '../incident/state.ts';
import { stepStateOf } from '../incident/selectors.ts';
import { escalationSeqOf } from '../incident/deliveries.ts';

/** A message answering an escalation (its page, its trigger): one per escalation and kind. */
function escalationMessageKey(event: Extract<IncidentEvent, { type: 'delivery.requested' }>): string | null {
  const seq = escalationSeqOf(event);
  return seq === undefined ? null : `delivery:${event.destination}:${event.kind}:escalation:${seq}`;
}

/**
 * The happens-once key of an event, or null. The store refuses a second event with the same key
 * in one incident (`once-taken`), even from a terminal whose view was stale.
 */
export function onceKeyOf(event: IncidentEvent): string | null {
  switch (event.type) {
    case 'incident.opened':
      return 'incident.opened';
    case 'escalation.fired':
      // A level pages once, by its threshold or by `e`; level 0 is an old journal's manual page.
      return event.level > 0 ? `escalation:level:${event.level}` : null;
    case 'update.due':
      return `update.due:${event.kind}:${event.dueAt}`;
    case 'delivery.requested':
      // The incident's first Slack message; every other message has its own delivery id.
      // Every terminal's plan owes the page of an escalation it hears of; one request wins.
      return event.kind === 'alert' ? 'delivery:alert' : escalationMessageKey(event);
    default:
      return null;
  }
}

/**
 * Why `event` changes nothing on top of `state` (one line), or null when it does. Mirrors the
 * session's own rules for building these events, applied to the shared state instead of the
 * terminal's view.
 */
export function noOpReason(state: IncidentState, event: IncidentEvent): string | null {
  switch (event.type) {
    case 'step.checked':
    case 'step.unchecked':
    case 'step.skipped': {
      const wanted = event.type === 'step.checked' ? 'checked' : event.type === 'step.skipped' ? 'skipped' : 'open';
      const progress = state.steps[event.stepId];
      // A note is information of its own: it is kept even when the state was already there.
      const sameNote = event.note === null || progress?.note === event.note;
      if (stepStateOf(state, event.stepId) !== wanted || !sameNote) return null;
      return `step ${event.stepId} is already ${wanted === 'open' ? 'unchecked' : wanted}${progress ? ` (by ${progress.actor})` : ''}`;
    }
    case 'status.changed':
      if (state.status === event.to) return `status is already ${event.to}`;
      return state.status === 'resolved' ? 'the incident is resolved' : null;
    case 'severity.changed':
      return state.severity === event.to ? `severity is already ${event.to}` : null;
    case 'commander.changed':
      return state.commander === event.to ? `${event.to} is already the commander` : null;
    case 'parameter.set':
      return state.parameters[event.name] === event.value ? `${event.name} is already ${event.value}` : null;
    case 'incident.resolved':
      return state.status === 'resolved' ? 'the incident is already resolved' : null;
    case 'role.assigned':
      return state.roles?.[event.role] === event.to ? `${event.to} is already ${event.role}` : null;
    case 'approval.decided': {
      const open = state.approvals?.some((a) => a.requestSeq === event.requestSeq && a.decision === null) ?? false;
      return open ? null : `request #${event.requestSeq} has no approval waiting (already decided?)`;
    }
    case 'incident.reopened':
      return state.status !== 'resolved' ? 'the incident is already open' : null;
    case 'escalation.fired': {
      if (event.level === 0) return null;
      const fired = state.escalations.find((e) => e.level === event.level);
      return fired ? `escalation level ${event.level} already fired (by ${fired.actor}, seq ${fired.seq})` : null;
    }
    case 'update.due':
      return state.updateDue.some((d) => d.kind === event.kind && d.dueAt === event.dueAt) ? `update deadline ${event.dueAt} already recorded` : null;
    case 'delivery.requested': {
      if (event.kind === 'alert') return state.deliveries.some((d) => d.kind === 'alert') ? 'the incident alert is already queued' : null;
      const key = escalationMessageKey(event);
      if (key === null) return null;
      const same = state.deliveries.find((d) => d.destination === event.destination && d.kind === event.kind && escalationSeqOf(d) === escalationSeqOf(event));
      return same ? `the ${event.kind} for escalation seq ${escalationSeqOf(event)} is already queued (${same.deliveryId})` : null;
    }
    default:
      return null;
  }
}
