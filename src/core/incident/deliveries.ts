// What a delivery carries, as a discriminated union by destination: the outbox, the dispatch
// and the comms plan narrow on `destination` and read a typed payload, never an `unknown` cast.
// The stored payloads never hold a secret: the transports add tokens, webhook URLs and routing
// keys at send time. A new destination adds one member here and one lane in the outbox.
import type { KnownBlock, MessageAttachment } from '@slack/types';

export type DeliveryDestination = 'slack' | 'pagerduty' | 'file';

/** Slack (and outbox-file) messages: what they are decides threading and editing. */
export type SlackDeliveryKind =
  | 'alert' // first Slack message of the incident (the headline in Web API mode)
  | 'headline' // chat.update of the first message
  | 'update' // internal status update (thread reply in Web API mode)
  | 'public' // public status update
  | 'page' // escalation message to Slack
  | 'resolution'; // resolution message

export type PagerDeliveryKind = 'pager.trigger' | 'pager.resolve';

export type DeliveryKind = SlackDeliveryKind | PagerDeliveryKind;

export interface SlackMessage {
  /** Notification fallback; Slack shows it where blocks cannot be shown. */
  text: string;
  blocks?: KnownBlock[];
  attachments?: MessageAttachment[];
}

/** How a Slack delivery goes out: decided when it is requested, so a resume sends it the same way. */
export type SlackVia = 'api' | 'webhook' | 'file';

/** Stored payload of a Slack (or outbox-file) delivery. */
export interface SlackDeliveryPayload {
  via: SlackVia;
  message: SlackMessage;
  /** For pages: the escalation.fired seq this message belongs to (one page per escalation). */
  escalationSeq?: number;
  /** A thread reply also shown in the channel (pages, resolution). */
  broadcast?: boolean;
}

export type PagerSeverity = 'critical' | 'error' | 'warning' | 'info';

/** PagerDuty Events API v2 body without routing_key. */
export interface PagerDutyEvent {
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  client?: string;
  payload?: {
    summary: string;
    source: string;
    severity: PagerSeverity;
    component?: string;
    custom_details: Record<string, string>;
  };
}

/** Stored payload of a PagerDuty delivery: which routing key to use is named, never included. */
export interface PagerDeliveryPayload {
  /** Escalation role whose `escalation.targets.<role>.pagerduty` key applies; null = global key. */
  routingKeyTarget: string | null;
  level: number;
  escalationSeq?: number;
  event: PagerDutyEvent;
}

/** Where a message goes and what it carries. */
export type DeliveryRequest =
  | { destination: 'slack' | 'file'; kind: SlackDeliveryKind; payload: SlackDeliveryPayload }
  | { destination: 'pagerduty'; kind: PagerDeliveryKind; payload: PagerDeliveryPayload };

/** The request part of anything that carries one (an event, a record), with its correlation kept. */
export function deliveryRequestOf(of: DeliveryRequest): DeliveryRequest {
  return of.destination === 'pagerduty'
    ? { destination: of.destination, kind: of.kind, payload: of.payload }
    : { destination: of.destination, kind: of.kind, payload: of.payload };
}

/** How a Slack delivery was sent (file destinations are the outbox file); null for PagerDuty. */
export function slackVia(delivery: DeliveryRequest): SlackVia | null {
  if (delivery.destination === 'pagerduty') return null;
  return delivery.destination === 'file' ? 'file' : delivery.payload.via;
}

/** The escalation.fired seq a page or trigger answers, if any. */
export function escalationSeqOf(delivery: DeliveryRequest): number | undefined {
  return delivery.payload.escalationSeq;
}
