// What a war room opened from a PagerDuty incident owes that incident through the REST API: one
// acknowledgement (the operator took it on here), a note for every status update posted, and a
// resolve once the war room resolves (again after a reopen and a new resolve). Pure, like the
// rest of the plan: recording a write makes it owed no more.
import type { DeliveryRequest } from '../incident/deliveries.ts';
import type { DeliveryRecord, IncidentState } from '../incident/state.ts';
import { PAGERDUTY_NOTE_MAX } from '../alerts/pagerduty-incident.ts';

const restWrites = (state: IncidentState, kind: DeliveryRecord['kind']) =>
  state.deliveries.filter((d) => d.destination === 'pagerduty-rest' && d.kind === kind);

export function pagerDutyWritesOwed(state: IncidentState): DeliveryRequest[] {
  const alert = state.alert;
  if (!alert || alert.source !== 'pagerduty') return [];
  const incidentId = alert.fingerprint;
  const owed: DeliveryRequest[] = [];
  if (restWrites(state, 'pd.acknowledge').length === 0) {
    owed.push({ destination: 'pagerduty-rest', kind: 'pd.acknowledge', payload: { op: 'acknowledge', incidentId } });
  }
  // Notes follow the updates in order: the n-th note is the n-th update.
  const notes = restWrites(state, 'pd.note').length;
  for (const update of state.updates.slice(notes)) {
    const content = `${update.kind === 'public' ? 'Public' : 'Internal'} update from the war room: ${update.text}`.slice(0, PAGERDUTY_NOTE_MAX);
    owed.push({ destination: 'pagerduty-rest', kind: 'pd.note', payload: { op: 'note', incidentId, content } });
  }
  const resolvedAt = state.resolvedAt;
  if (state.status === 'resolved' && resolvedAt !== null && !restWrites(state, 'pd.resolve').some((d) => d.requestedAt >= resolvedAt)) {
    owed.push({ destination: 'pagerduty-rest', kind: 'pd.resolve', payload: { op: 'resolve', incidentId } });
  }
  return owed;
}
