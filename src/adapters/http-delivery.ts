// What every delivery transport returns, and the HTTP plumbing Slack and PagerDuty share: one
// POST with ky (no ky retries: the outbox retries durably, recording each attempt), and errors
// turned into one line that never contains the URL (a Slack webhook URL is a secret).
import { loadHttp } from './http-client.ts';

export type DeliveryResponse = { ts?: string; channel?: string; file?: string; pageIncidentId?: string; url?: string } | null;

export type SendOutcome =
  | { ok: true; response: DeliveryResponse }
  | { ok: false; error: string; retryable: boolean; retryAfterMs: number | null };

export interface HttpOptions {
  /** Per-request timeout; a timeout is retried. Default 10 s. */
  timeoutMs?: number;
  /** ky's fetch seam, for tests that need one (ours use real servers instead). */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export interface RawReply {
  status: number;
  body: string;
  retryAfterMs: number | null;
}

export type PostResult = { reply: RawReply } | { failure: SendOutcome & { ok: false } };

/** `Retry-After` as delay seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const NETWORK_CODE = /^E[A-Z]+$|^UND_ERR_[A-Z_]+$/;

/** The most specific code in an error's cause chain (`ECONNREFUSED`), else a generic word. */
export function networkErrorText(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODE.test(code)) return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) current = errors[0];
    else current = (current as { cause?: unknown }).cause;
  }
  return 'network error';
}

export async function postJson(url: string, body: unknown, headers: Record<string, string>, options: HttpOptions): Promise<PostResult> {
  const { default: ky, isNetworkError, isTimeoutError } = await loadHttp();
  try {
    const response = await ky.post(url, {
      json: body,
      headers,
      retry: 0,
      throwHttpErrors: false,
      timeout: options.timeoutMs ?? 10_000,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = await response.text();
    return {
      reply: { status: response.status, body: text, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) },
    };
  } catch (error) {
    if (options.signal?.aborted) return { failure: { ok: false, error: 'stopped', retryable: true, retryAfterMs: null } };
    if (isTimeoutError(error)) return { failure: { ok: false, error: 'timeout', retryable: true, retryAfterMs: null } };
    if (isNetworkError(error)) return { failure: { ok: false, error: networkErrorText(error), retryable: true, retryAfterMs: null } };
    // Anything else (a bug, an odd runtime error) is retried too: losing a message is worse.
    return { failure: { ok: false, error: networkErrorText(error), retryable: true, retryAfterMs: null } };
  }
}

/** HTTP status rules shared by both services: 429 and 5xx are retried, other 4xx are not. */
export function statusOutcome(reply: RawReply, reason: string): SendOutcome & { ok: false } {
  const retryable = reply.status === 429 || reply.status >= 500 || reply.status === 408;
  const text = reason ? `HTTP ${reply.status} ${reason}` : `HTTP ${reply.status}`;
  return { ok: false, error: text, retryable, retryAfterMs: reply.retryAfterMs };
}

/** A reply body cut to one short line for an error message. */
export function oneLine(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
