// What the message builders produce and what the outbox stores. A message is built once, as
// Block Kit / attachments for Slack plus a plain rendering for the composer preview and the
// journal's update.posted text; the stored payloads never hold a secret (the transports add
// tokens, webhook URLs and routing keys at send time).
import type { SlackMessage } from '../incident/deliveries.ts';
import type { IncidentStatus } from '../incident/events.ts';

export type {
  PagerDeliveryPayload,
  PagerDutyEvent,
  PagerSeverity,
  SlackDeliveryPayload,
  SlackMessage,
  SlackVia,
} from '../incident/deliveries.ts';

export interface ComposedMessage {
  /** What a person reads: the composer preview and the journal's text. */
  plain: string;
  slack: SlackMessage;
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
