// Exactly once to Slack through a crash. Every Web API message carries its delivery id in Slack
// message metadata; before a delivery that was already attempted is sent again (warroom died, or
// the reply was lost, between Slack taking the message and the journal recording it), the channel
// (conversations.history) or the thread (conversations.replies) is searched for that id, and a
// message found is the delivery, recorded as delivered with its ts. Webhooks carry no metadata
// and cannot be searched: there delivery stays at-least-once.
import type { SlackMessage } from '../core/comms/types.ts';
import { loadHttp } from './http-client.ts';
import type { SendOutcome } from './http-delivery.ts';
import type { SlackApiOptions } from './slack.ts';

export const DELIVERY_EVENT_TYPE = 'warroom_delivery';

export interface DeliveryTag {
  deliveryId: string;
  incidentId: string;
}

/** The message with its delivery id in `metadata` (Slack's message metadata). */
export function withDeliveryMetadata(message: SlackMessage, tag: DeliveryTag): SlackMessage & { metadata: unknown } {
  return { ...message, metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { delivery_id: tag.deliveryId, incident_id: tag.incidentId } } };
}

interface FoundMessage {
  ts?: unknown;
  metadata?: { event_type?: unknown; event_payload?: { delivery_id?: unknown } };
}

/**
 * The message a previous attempt of this delivery left in the channel (or thread), if Slack has
 * it: `{ ok: true, response }` to record as delivered. null when it is not there, or when the
 * lookup itself failed (then the delivery is sent: a possible duplicate beats a lost update).
 */
export async function findDelivered(
  channel: string,
  thread: { ts: string } | null,
  tag: DeliveryTag,
  since: string,
  options: SlackApiOptions,
): Promise<SendOutcome | null> {
  const method = thread ? 'conversations.replies' : 'conversations.history';
  // A little before the request, in Slack's seconds: clocks differ, and history is newest first.
  const oldest = String(Math.max(0, Math.floor(Date.parse(since) / 1000) - 300));
  const form = new URLSearchParams({ channel, include_all_metadata: 'true', limit: '200', oldest, ...(thread ? { ts: thread.ts } : {}) });
  let parsed: { ok?: unknown; messages?: unknown };
  const { default: ky } = await loadHttp();
  try {
    // Form-encoded: what Slack's read methods take everywhere (JSON bodies are for writes).
    const response = await ky.post(`${options.apiUrl.replace(/\/+$/, '')}/${method}`, {
      body: form,
      headers: { authorization: `Bearer ${options.token}` },
      retry: 0,
      throwHttpErrors: false,
      timeout: options.timeoutMs ?? 10_000,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (response.status !== 200) return null;
    parsed = JSON.parse(await response.text()) as typeof parsed;
  } catch {
    return null;
  }
  if (parsed.ok !== true || !Array.isArray(parsed.messages)) return null;
  const found = (parsed.messages as FoundMessage[]).find(
    (m) => m.metadata?.event_type === DELIVERY_EVENT_TYPE && m.metadata.event_payload?.delivery_id === tag.deliveryId,
  );
  if (!found || typeof found.ts !== 'string') return null;
  return { ok: true, response: { ts: found.ts, channel } };
}
