// Slack transports. Webhook mode posts to the incoming webhook (it cannot thread or edit);
// Web API mode uses chat.postMessage (thread_ts for replies) and chat.update with a bot token.
// Web API errors arrive as HTTP 200 {ok:false, error}: those are final (a bad channel stays
// bad) except the few Slack documents as transient.
import type { SlackMessage } from '../core/comms/types.ts';
import { oneLine, postJson, statusOutcome, type HttpOptions, type SendOutcome } from './http-delivery.ts';

const TRANSIENT_API_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export async function postSlackWebhook(webhookUrl: string, message: SlackMessage, options: HttpOptions = {}): Promise<SendOutcome> {
  const result = await postJson(webhookUrl, message, {}, options);
  if ('failure' in result) return result.failure;
  const { reply } = result;
  if (reply.status >= 200 && reply.status < 300) return { ok: true, response: null };
  // Webhook errors are plain-text bodies: `invalid_payload`, `channel_not_found`...
  return statusOutcome(reply, oneLine(reply.body, 60));
}

export interface SlackApiOptions extends HttpOptions {
  /** Base URL, e.g. https://slack.com/api (GovSlack and tests override it). */
  apiUrl: string;
  token: string;
}

async function callApi(method: string, body: Record<string, unknown>, options: SlackApiOptions): Promise<SendOutcome> {
  const url = `${options.apiUrl.replace(/\/+$/, '')}/${method}`;
  const result = await postJson(url, body, { authorization: `Bearer ${options.token}` }, options);
  if ('failure' in result) return result.failure;
  const { reply } = result;
  if (reply.status !== 200) return statusOutcome(reply, oneLine(reply.body, 60));
  let parsed: { ok?: unknown; error?: unknown; ts?: unknown; channel?: unknown };
  try {
    parsed = JSON.parse(reply.body) as typeof parsed;
  } catch {
    return { ok: false, error: `${method}: reply is not JSON`, retryable: true, retryAfterMs: null };
  }
  if (parsed.ok === true) {
    const response: { ts?: string; channel?: string } = {};
    if (typeof parsed.ts === 'string') response.ts = parsed.ts;
    if (typeof parsed.channel === 'string') response.channel = parsed.channel;
    return { ok: true, response };
  }
  const error = typeof parsed.error === 'string' ? parsed.error : 'unknown_error';
  return { ok: false, error, retryable: TRANSIENT_API_ERRORS.has(error), retryAfterMs: reply.retryAfterMs };
}

export function slackPostMessage(
  channel: string,
  message: SlackMessage,
  thread: { ts: string; broadcast?: boolean } | null,
  options: SlackApiOptions,
): Promise<SendOutcome> {
  const body: Record<string, unknown> = { channel, ...message };
  if (thread) {
    body.thread_ts = thread.ts;
    if (thread.broadcast) body.reply_broadcast = true;
  }
  return callApi('chat.postMessage', body, options);
}

export function slackUpdateMessage(channel: string, ts: string, message: SlackMessage, options: SlackApiOptions): Promise<SendOutcome> {
  return callApi('chat.update', { channel, ts, ...message }, options);
}
