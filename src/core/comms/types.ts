// What the message builders produce and what the outbox stores. A message is built once, as
// Block Kit / attachments for Slack plus a plain rendering for the composer preview and the
// journal's update.posted text; the stored payloads never hold a secret (the transports add
// tokens, webhook URLs and routing keys at send time).
import type { KnownBlock, MessageAttachment } from '@slack/types';
import type { IncidentStatus } from '../incident/events.ts';

export interface SlackMessage {
  /** Notification fallback; Slack shows it where blocks cannot be shown. */
  text: string;
  blocks?: KnownBlock[];
  attachments?: MessageAttachment[];
}

export interface ComposedMessage {
  /** What a person reads: the composer preview and the journal's text. */
  plain: string;
  slack: SlackMessage;
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

export type StatusWord = 'Investigating' | 'Identified' | 'Monitoring' | 'Resolved';

export const STATUS_WORDS: readonly StatusWord[] = ['Investigating', 'Identified', 'Monitoring', 'Resolved'];

export function statusWord(status: IncidentStatus): StatusWord {
  switch (status) {
    case 'investigating':
      return 'Investigating';
    case 'identified':
      return 'Identified';
    case 'monitoring':
      return 'Monitoring';
    case 'resolved':
      return 'Resolved';
  }
}

/** Free-text fields of the internal update (all strings: they come from text inputs). */
export interface InternalUpdateFields {
  status: string;
  impact: string;
  actions: string;
  /** Minutes until the next update, as typed (`15`, `15 mins`); empty for none. */
  nextUpdate: string;
}

export interface PublicUpdateFields {
  status: StatusWord;
  text: string;
}
