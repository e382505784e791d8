// The linked alert's part of the state: opened from it, stopped or fired again, related alerts,
// the silence created from the war room. Kept apart from reduce.ts, which stays about the
// incident itself.
import type { AlertEvent } from './alert-events.ts';
import type { IncidentEvent } from './events.ts';
import type { Ops } from './reduce-ops.ts';
import type { IncidentState } from './state.ts';

export function isAlertEvent(event: IncidentEvent): event is AlertEvent {
  return event.type.startsWith('alert.');
}

export function applyAlertEvent(state: IncidentState, event: AlertEvent, ops: Ops): IncidentState {
  if (event.type === 'alert.linked') {
    return ops.with(state, {
      alert: {
        source: event.source,
        fingerprint: event.fingerprint,
        name: event.name,
        labels: { ...event.labels },
        annotations: { ...event.annotations },
        startsAt: event.startsAt,
        generatorURL: event.generatorURL,
        filled: event.filled.map((p) => ({ ...p })),
        pagerdutyUrl: event.pagerdutyUrl,
        firing: true,
        stoppedAt: null,
        related: [],
        silence: null,
      },
    });
  }
  const alert = state.alert;
  // Events about an alert need the alert they are about; a journal without one keeps its state.
  if (alert === null) return state;
  switch (event.type) {
    case 'alert.changed':
      if (event.fingerprint !== alert.fingerprint) return state;
      return ops.with(state, { alert: { ...alert, firing: event.firing, stoppedAt: event.firing ? null : event.at } });
    case 'alert.related':
      return ops.with(state, { alert: { ...alert, related: ops.push(alert.related, { fingerprint: event.fingerprint, name: event.name, at: event.at }) } });
    case 'alert.silenced':
      return ops.with(state, { alert: { ...alert, silence: { id: event.silenceId, endsAt: event.endsAt, matchers: event.matchers.slice(), expired: false } } });
    case 'alert.silence-expired':
      if (alert.silence?.id !== event.silenceId) return state;
      return ops.with(state, { alert: { ...alert, silence: { ...alert.silence, expired: true } } });
  }
}
