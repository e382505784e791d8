// A drill composes every message exactly as a live incident would, then writes it to the
// outbox file instead of sending it. Each written message carries a visible "[DRILL]" marker
// (in its text and as the first Slack block), so a line copied out of the file by mistake
// can never be read as a real page.
import type { KnownBlock } from '@slack/types';
import type { DeliveryRequest } from '../incident/deliveries.ts';

export const DRILL_MARKER = '[DRILL]';
export const DRILL_NOTICE = 'drill: written to outbox.jsonl, not sent';

const marked = (text: string): string => (text.startsWith(DRILL_MARKER) ? text : `${DRILL_MARKER} ${text}`);

const drillBlock: KnownBlock = {
  type: 'context',
  elements: [{ type: 'mrkdwn', text: `*${DRILL_MARKER}* drill: this message was not sent` }],
};

/** The payload as written to the outbox file in a drill: the same message, marked. */
export function drillPayload(request: DeliveryRequest): unknown {
  switch (request.destination) {
    case 'slack':
    case 'file': {
      const { message } = request.payload;
      const blocks = message.blocks ? [drillBlock, ...message.blocks] : undefined;
      return { ...request.payload, message: { ...message, text: marked(message.text), ...(blocks ? { blocks } : {}) } };
    }
    case 'pagerduty': {
      const { event } = request.payload;
      const payload = event.payload ? { ...event.payload, summary: marked(event.payload.summary) } : undefined;
      return { ...request.payload, event: { ...event, ...(payload ? { payload } : {}) } };
    }
    case 'pagerduty-rest':
      return request.payload.op === 'note' ? { ...request.payload, content: marked(request.payload.content) } : request.payload;
    case 'statuspage':
      return request.payload;
  }
}

/** One line naming what the message was, for the outbox file's readers. */
export function drillSummary(request: DeliveryRequest): string {
  const where = request.destination === 'file' ? 'slack' : request.destination;
  return `${DRILL_MARKER} ${request.kind} for ${where}: not sent`;
}
