// What a delivery carries, as a discriminated union by destination: the outbox, the dispatch
// and the comms plan narrow on `destination` and read a typed payload, never an `unknown` cast.
// The stored payloads never hold a secret: the transports add tokens, webhook URLs and routing
// keys at send time. A new destination adds one member here and one lane in the outbox.
import type { KnownBlock, MessageAttachment } from '@slack/types';
import type { PagerDutyWrite } from '../alerts/pagerduty-incident.ts';
import type { StatusPageDeliveryPayload } from '../statuspage/types.ts';

export type DeliveryDestination = 'slack' | 'pagerduty' | 'pagerduty-rest' | 'file' | 'statuspage';

/** Slack (and outbox-file) messages: what they are decides threading and editing. */
export type SlackDeliveryKind =
  | 'alert' // first Slack message of the incident (the headline in Web API mode)
  | 'headline' // chat.update of the first message
  | 'update' // internal status update (thread reply in Web API mode)
  | 'public' // public status update
  | 'page' // escalation message to Slack
  | 'resolution'; // resolution message

export type PagerDeliveryKind = 'pager.trigger' | 'pager.resolve';

/** The first public update creates the status-page incident; later ones update it in place. */
export type StatusPageDeliveryKind = 'status.create' | 'status.update';

/** Writes to the PagerDuty incident the war room was opened from (REST API): acknowledge, note, resolve. */
export type PagerDutyRestKind = 'pd.acknowledge' | 'pd.note' | 'pd.resolve';

export type DeliveryKind = SlackDeliveryKind | PagerDeliveryKind | PagerDutyRestKind | StatusPageDeliveryKind;

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
  | { destination: 'pagerduty'; kind: PagerDeliveryKind; payload: PagerDeliveryPayload }
  | { destination: 'pagerduty-rest'; kind: PagerDutyRestKind; payload: PagerDutyWrite }
  | { destination: 'statuspage'; kind: StatusPageDeliveryKind; payload: StatusPageDeliveryPayload };

/** The request part of anything that carries one (an event, a record), with its correlation kept. */
export function deliveryRequestOf(of: DeliveryRequest): DeliveryRequest {
  switch (of.destination) {
    case 'pagerduty':
      return { destination: of.destination, kind: of.kind, payload: of.payload };
    case 'statuspage':
      return { destination: of.destination, kind: of.kind, payload: of.payload };
    case 'pagerduty-rest':
      return { destination: of.destination, kind: of.kind, payload: of.payload };
    default:
      return { destination: of.destination, kind: of.kind, payload: of.payload };
  }
}

/** How a Slack delivery was sent (file destinations are the outbox file); null for PagerDuty. */
export function slackVia(delivery: DeliveryRequest): SlackVia | null {
  if (delivery.destination !== 'slack' && delivery.destination !== 'file') return null;
  return delivery.destination === 'file' ? 'file' : delivery.payload.via;
}

/** The escalation.fired seq a page or trigger answers, if any. */
export function escalationSeqOf(delivery: DeliveryRequest): number | undefined {
  return delivery.destination === 'slack' || delivery.destination === 'file' || delivery.destination === 'pagerduty' ? delivery.payload.escalationSeq : undefined;
}
