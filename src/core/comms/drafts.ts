// What the composer opens with: everything the incident already knows, so the operator only
// adds what a machine cannot (the impact in words). Impact comes from the last update, Actions
// from the mitigations that ran since it, Next Update from the cadence.
import type { IncidentState } from '../incident/state.ts';
import { mitigationActions } from './actions.ts';
import { joinActions } from './internal-update.ts';
import { PUBLIC_TEMPLATES } from './public-update.ts';
import { statusWord, type InternalUpdateFields, type PublicUpdateFields } from './types.ts';


function lastOf(state: Pick<IncidentState, 'updates'>, kind: 'internal' | 'public') {
  for (let i = state.updates.length - 1; i >= 0; i--) {
    const update = state.updates[i];
    if (update?.kind === kind) return update;
  }
  return null;
}

export function internalDraft(state: IncidentState, cadenceMinutes = state.updateCadenceMinutes): InternalUpdateFields {
  const last = lastOf(state, 'internal');
  return {
    status: statusWord(state.status),
    impact: last?.fields.impact ?? '',
    actions: joinActions(mitigationActions(state, last?.seq ?? 0)),
    nextUpdate: state.status === 'resolved' ? '' : String(cadenceMinutes),
  };
}

/** The public draft: the last public text while the status word is unchanged, else the template. */
export function publicDraft(state: Pick<IncidentState, 'status' | 'updates'>): PublicUpdateFields {
  const status = statusWord(state.status);
  const last = lastOf(state, 'public');
  if (last && last.fields.status === status && last.fields.text) return { status, text: last.fields.text };
  return { status, text: PUBLIC_TEMPLATES[status] };
}
