// The alert a war room was opened from, and what happened to it while the war room was open:
// journaled like everything else, so the timeline and the post-mortem start with the alert and
// the header can say whether it still fires. Part of the IncidentEvent union in events.ts.
import type { EventBase } from './event-base.ts';

/** Where the alert came from: an Alertmanager alert, or a PagerDuty incident. */
export type AlertSource = 'alertmanager' | 'pagerduty';

/** A runbook parameter the alert's labels filled when the war room opened. */
export interface AlertFilledParameter {
  /** The parameter's name (the key of parameter.set). */
  name: string;
  /** The label it was taken from, e.g. `namespace`. */
  label: string;
  value: string;
}

/** The war room was opened from this alert (appended right after incident.opened). */
export interface AlertLinkedEvent extends EventBase {
  type: 'alert.linked';
  source: AlertSource;
  /** Alertmanager's fingerprint; for PagerDuty, the incident id. */
  fingerprint: string;
  /** The alertname (for PagerDuty, the incident title). */
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** When the alert started firing: the incident's detection time. */
  startsAt: string;
  generatorURL: string | null;
  filled: AlertFilledParameter[];
  /** The PagerDuty incident's web page, when the source is PagerDuty. */
  pagerdutyUrl: string | null;
}

/** The linked alert stopped firing (`firing: false`) or fired again (`firing: true`). */
export interface AlertChangedEvent extends EventBase {
  type: 'alert.changed';
  fingerprint: string;
  firing: boolean;
}

/** Another alert with the same namespace or service started firing. */
export interface AlertRelatedEvent extends EventBase {
  type: 'alert.related';
  fingerprint: string;
  name: string;
  labels: Record<string, string>;
  startsAt: string;
}

/** An Alertmanager silence was created from the war room for the linked alert. */
export interface AlertSilencedEvent extends EventBase {
  type: 'alert.silenced';
  silenceId: string;
  /** `alertname="X"` and so on, as the confirmation showed them. */
  matchers: string[];
  endsAt: string;
  comment: string;
}

/** The war room expired its silence (usually when resolving). */
export interface AlertSilenceExpiredEvent extends EventBase {
  type: 'alert.silence-expired';
  silenceId: string;
}

export type AlertEvent = AlertLinkedEvent | AlertChangedEvent | AlertRelatedEvent | AlertSilencedEvent | AlertSilenceExpiredEvent;

/** What the state keeps of the linked alert. */
export interface LinkedAlert extends Omit<AlertLinkedEvent, keyof EventBase | 'type'> {
  firing: boolean;
  /** When it was last seen to stop firing; null while it fires. */
  stoppedAt: string | null;
  related: { fingerprint: string; name: string; at: string }[];
  silence: { id: string; endsAt: string; matchers: string[]; expired: boolean } | null;
}
