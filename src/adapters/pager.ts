// PagerDuty Events API v2. The routing key is added here, at send time, and nowhere else:
// the journal stores the event without it. 202 means accepted; 400 is a bad event (never
// retried); 429 and 5xx are retried by the outbox. The dedup_key makes a resend harmless.
import type { PagerDutyEvent } from '../core/comms/types.ts';
import { oneLine, postJson, statusOutcome, type HttpOptions, type SendOutcome } from './http-delivery.ts';

export async function sendPagerEvent(url: string, routingKey: string, event: PagerDutyEvent, options: HttpOptions = {}): Promise<SendOutcome> {
  const result = await postJson(url, { routing_key: routingKey, ...event }, {}, options);
  if ('failure' in result) return result.failure;
  const { reply } = result;
  if (reply.status >= 200 && reply.status < 300) return { ok: true, response: null };
  return statusOutcome(reply, pagerReason(reply.body, routingKey));
}

/** `Invalid event: ...` from PagerDuty's `{status, message, errors}`; the key is never echoed. */
function pagerReason(body: string, routingKey: string): string {
  let reason = oneLine(body, 100);
  try {
    const parsed = JSON.parse(body) as { message?: unknown; errors?: unknown };
    const parts = [typeof parsed.message === 'string' ? parsed.message : ''];
    if (Array.isArray(parsed.errors)) parts.push(parsed.errors.filter((e) => typeof e === 'string').join('; '));
    reason = oneLine(parts.filter(Boolean).join(': '), 160);
  } catch {
    // plain-text body: keep it as it is
  }
  return routingKey ? reason.replaceAll(routingKey, '…') : reason;
}
