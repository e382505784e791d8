// The post-mortem's words for messages: whether each page really reached someone (in the same
// one word the header, the status line and `show` use) and which messages the outbox gave up on.
import { acceptedState } from '../comms/delivery-state.ts';
import type { DeliveryDestination, DeliveryKind } from '../incident/events.ts';
import type { DeliveryDeliveredEvent, DeliveryFailedEvent, DeliveryRequestedEvent } from '../incident/delivery-events.ts';
import { inlineText } from './markdown.ts';

/**
 * Deliveries whose arrival a reviewer asks about: was anyone really paged, where customers read
 * (the status page), and what happened to the PagerDuty incident.
 */
const NEWSWORTHY: ReadonlySet<DeliveryKind> = new Set(['page', 'pager.trigger', 'status.create', 'status.update', 'pd.acknowledge', 'pd.resolve']);

const DELIVERY_WHAT: Record<DeliveryKind, string> = {
  alert: 'the incident alert',
  headline: 'the headline edit',
  update: 'an internal update',
  public: 'a public update',
  page: 'a page',
  resolution: 'the resolution message',
  'pager.trigger': 'a PagerDuty trigger',
  'pager.resolve': 'a PagerDuty resolve',
  'pd.acknowledge': 'the PagerDuty acknowledgement',
  'pd.note': 'a PagerDuty note',
  'pd.resolve': 'the PagerDuty resolve',
  'status.create': 'the status-page incident',
  'status.update': 'a status-page update',
};

const DESTINATION_NAME: Record<DeliveryDestination, string> = { slack: 'Slack', pagerduty: 'PagerDuty', 'pagerduty-rest': 'PagerDuty', file: 'the outbox file', statuspage: 'the status page' };

const capitalise = (word: string) => (word.length === 0 ? word : word[0]!.toUpperCase() + word.slice(1));

/** `A page to Slack: sent (ts 1700000000.000001).`; null for messages not worth a line. */
export function deliveryLine(e: DeliveryDeliveredEvent, req: DeliveryRequestedEvent | undefined, drill: boolean): string | null {
  if (!req || !NEWSWORTHY.has(req.kind)) return null;
  const view = acceptedState(req, e.response, drill);
  const url = req.destination === 'statuspage' && e.response?.url ? `, ${e.response.url}` : '';
  const pd = req.destination === 'pagerduty-rest' ? `, incident ${req.payload.incidentId}` : '';
  return `${capitalise(DELIVERY_WHAT[req.kind])} to ${DESTINATION_NAME[req.destination]}: ${view.word} (${inlineText(view.detail + url + pd, 200)}).`;
}

/** `Delivery of a page to Slack failed after 3 attempt(s): channel_not_found.` */
export function failedDeliveryLine(e: DeliveryFailedEvent, req: DeliveryRequestedEvent | undefined): string {
  const what = req ? `${DELIVERY_WHAT[req.kind]} to ${DESTINATION_NAME[req.destination]}` : 'a message';
  return `Delivery of ${what} failed after ${e.attempt} attempt(s): ${inlineText(e.error, 200)}.`;
}
