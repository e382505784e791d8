// One JSON request to a status-page API, with ky and no ky retries (the outbox retries durably,
// recording each attempt). Failures come back in the outbox's shape; error lines never contain
// the URL or the key.
import { performance } from 'node:perf_hooks';
import { loadHttp } from '../http-client.ts';
import type { ProviderFailure } from '../../core/statuspage/port.ts';
import { networkErrorText, oneLine, parseRetryAfter } from '../http-delivery.ts';

export interface StatusHttpOptions {
  /** Per-request timeout; a timeout is retried. Default 10 s. */
  timeoutMs?: number;
  /** ky's fetch seam (tests use real servers instead). */
  fetch?: typeof fetch;
}

export interface JsonReply {
  status: number;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
  text: string;
  retryAfterMs: number | null;
}

export type CallResult = { reply: JsonReply } | { failure: ProviderFailure };

export async function callJson(
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  body: unknown,
  headers: Record<string, string>,
  options: StatusHttpOptions & { signal: AbortSignal },
): Promise<CallResult> {
  const { default: ky, isNetworkError, isTimeoutError } = await loadHttp();
  try {
    const response = await ky(url, {
      method,
      ...(body === undefined ? {} : { json: body }),
      headers: { accept: 'application/json', ...headers },
      retry: 0,
      throwHttpErrors: false,
      timeout: options.timeoutMs ?? 10_000,
      signal: options.signal,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { reply: { status: response.status, json, text, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) } };
  } catch (error) {
    const retry = (text: string): CallResult => ({ failure: { ok: false, error: text, retryable: true, retryAfterMs: null } });
    if (options.signal.aborted) return retry('stopped');
    if (isTimeoutError(error)) return retry('timeout');
    if (isNetworkError(error)) return retry(networkErrorText(error));
    // Anything else is retried too: losing a public update is worse than trying again.
    return retry(networkErrorText(error));
  }
}

/**
 * A non-2xx reply as a failure: 429 (and Statuspage's older 420), 408 and 5xx are retried;
 * every other 4xx needs the operator and carries the provider's own reason.
 */
export function replyFailure(reply: JsonReply, reason: string): ProviderFailure {
  const retryable = reply.status === 429 || reply.status === 420 || reply.status === 408 || reply.status >= 500;
  const why = oneLine(reason, 160);
  return { ok: false, error: why ? `HTTP ${reply.status} ${why}` : `HTTP ${reply.status}`, retryable, retryAfterMs: reply.retryAfterMs };
}

/** A 2xx whose body is not what the API documents: retried, since the request may not have landed. */
export function unreadable(what: string): ProviderFailure {
  return { ok: false, error: `${what}: reply not understood`, retryable: true, retryAfterMs: null };
}

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The base URL without trailing slashes. */
export function base(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Keeps `gapMs` between the requests made through it (one delivery's look-up and write), so a
 * product that allows about one request a second does not answer the write with a 429 because
 * of the look-up just before it. Resolves false when the signal aborted while waiting.
 */
export function spacer(gapMs: number): (signal: AbortSignal) => Promise<boolean> {
  let last = -Infinity;
  return (signal) =>
    new Promise((resolve) => {
      const wait = last + gapMs - performance.now();
      const go = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', go);
        last = performance.now();
        resolve(!signal.aborted);
      };
      if (signal.aborted) return resolve(false);
      const timer = setTimeout(go, Math.max(0, wait));
      signal.addEventListener('abort', go, { once: true });
    });
}
