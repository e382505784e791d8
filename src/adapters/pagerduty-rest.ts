// PagerDuty REST API v2: the incidents assigned to the operator and their alerts (reads,
// retried here through 429 and 5xx with Retry-After), and the war room's writes (acknowledge,
// note, resolve) sent once per call and returned as a SendOutcome, so the durable outbox
// journals every attempt and does the retrying. `Authorization: Token token=…` and the `From`
// header are added here, at send time; they are never in a stored payload or an error.
import { loadHttp, type Http } from './http-client.ts';
import { WarroomError } from '../errors.ts';
import {
  PAGERDUTY_NOTE_MAX,
  pagerDutyErrorText,
  pagerDutyRequest,
  parseIncidentAlerts,
  parseIncidents,
  parseUsers,
  userWithEmail,
  type PagerDutyAlert,
  type PagerDutyIncident,
  type PagerDutyWrite,
} from '../core/alerts/pagerduty-incident.ts';
import type { PagerDutyRestConfig } from './alerting-config.ts';
import { networkErrorText, oneLine, parseRetryAfter, statusOutcome, type SendOutcome } from './http-delivery.ts';

export class PagerDutyRestError extends WarroomError {
  override name = 'PagerDutyRestError';
}

export interface PagerDutyRestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Reads: retries after the first attempt (429, 5xx, network). Default 3. */
  readRetries?: number;
  /** A read waits at most this long for a Retry-After (longer ones are capped). Default 30 s. */
  maxRetryAfterMs?: number;
}

const ACCEPT = 'application/json';
/** PagerDuty pages lists; warroom reads at most this many pages (100 each) of one list. */
const MAX_PAGES = 10;

export class PagerDutyRestClient {
  readonly #config: PagerDutyRestConfig;
  readonly #options: PagerDutyRestOptions;
  #userId: string | null = null;

  constructor(config: PagerDutyRestConfig, options: PagerDutyRestOptions = {}) {
    this.#config = config;
    this.#options = options;
  }

  #headers(write: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: ACCEPT, authorization: `Token token=${this.#config.apiToken}` };
    if (write && this.#config.email) headers.from = this.#config.email;
    return headers;
  }

  #redact(text: string): string {
    return text.replaceAll(this.#config.apiToken, '…');
  }

  async #get(path: string, params: [string, string][]): Promise<unknown> {
    const search = new URLSearchParams(params);
    const retries = this.#options.readRetries ?? 3;
    const http = await loadHttp();
    try {
      return await http.default
        .get(`${this.#config.apiUrl}${path}${params.length > 0 ? `?${search}` : ''}`, {
          headers: this.#headers(false),
          timeout: this.#options.timeoutMs ?? 10_000,
          retry: {
            limit: retries,
            methods: ['get'],
            statusCodes: [408, 429, 500, 502, 503, 504],
            afterStatusCodes: [429, 503],
            maxRetryAfter: this.#options.maxRetryAfterMs ?? 30_000,
            backoffLimit: 5_000,
          },
          ...(this.#options.signal ? { signal: this.#options.signal } : {}),
        })
        .json();
    } catch (error) {
      throw this.#readError(path, error, http);
    }
  }

  #readError(path: string, error: unknown, { isHTTPError, isNetworkError, isTimeoutError }: Http): PagerDutyRestError {
    const where = `PagerDuty ${this.#config.apiUrl}`;
    if (isHTTPError(error)) {
      // ky has read the body into `data` (parsed when JSON).
      const body = typeof error.data === 'string' ? error.data : error.data === undefined ? '' : JSON.stringify(error.data);
      const reason = this.#redact(pagerDutyErrorText(body));
      return new PagerDutyRestError(`${where} refused GET ${path}: HTTP ${error.response.status}${reason ? `: ${reason}` : ''}`);
    }
    if (isTimeoutError(error)) return new PagerDutyRestError(`${where} is unreachable: no answer in time`);
    if (isNetworkError(error)) return new PagerDutyRestError(`${where} is unreachable: ${networkErrorText(error)}`);
    if (error instanceof SyntaxError) return new PagerDutyRestError(`${where} answered GET ${path} with something that is not JSON`);
    return new PagerDutyRestError(this.#redact(`${where}: ${(error as Error).message}`));
  }

  /** Every page of a list (offset pagination, `more`). */
  async #all<T>(path: string, params: [string, string][], parse: (json: unknown) => { items: T[]; more: boolean }): Promise<T[]> {
    const out: T[] = [];
    // The next page starts after what this one held: PagerDuty may serve fewer than asked for.
    let offset = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const json = await this.#get(path, [...params, ['limit', '100'], ['offset', String(offset)]]);
      let parsed: { items: T[]; more: boolean };
      try {
        parsed = parse(json);
      } catch (error) {
        throw new PagerDutyRestError((error as Error).message);
      }
      out.push(...parsed.items);
      offset += parsed.items.length;
      if (!parsed.more || parsed.items.length === 0) break;
    }
    return out;
  }

  /** The operator's user id, from pagerduty.email (`GET /users?query=`), cached. */
  async operatorUserId(): Promise<string> {
    if (this.#userId) return this.#userId;
    const email = this.#config.email;
    if (!email) throw new PagerDutyRestError('pagerduty.email is not set: warroom needs it to find the incidents assigned to you');
    const users = await this.#all('/users', [['query', email]], (json) => {
      const { users: items, more } = parseUsers(json);
      return { items, more };
    });
    const user = userWithEmail(users, email);
    if (!user) throw new PagerDutyRestError(`PagerDuty has no user with the email ${email} (pagerduty.email)`);
    this.#userId = user.id;
    return user.id;
  }

  /** Triggered and acknowledged incidents assigned to the operator. */
  async assignedIncidents(): Promise<PagerDutyIncident[]> {
    const userId = await this.operatorUserId();
    return this.#all(
      '/incidents',
      [
        ['statuses[]', 'triggered'],
        ['statuses[]', 'acknowledged'],
        ['user_ids[]', userId],
      ],
      (json) => {
        const { incidents, more } = parseIncidents(json);
        return { items: incidents, more };
      },
    );
  }

  async incidentAlerts(incidentId: string): Promise<PagerDutyAlert[]> {
    return this.#all(`/incidents/${encodeURIComponent(incidentId)}/alerts`, [], (json) => {
      const { alerts, more } = parseIncidentAlerts(json);
      return { items: alerts, more };
    });
  }

  /** One attempt at a write; the outbox retries (429 and 5xx are retryable, Retry-After kept). */
  async send(write: PagerDutyWrite, signal?: AbortSignal): Promise<SendOutcome> {
    if (!this.#config.email) return { ok: false, error: 'pagerduty.email is not set: PagerDuty needs a From header on writes', retryable: false, retryAfterMs: null };
    if (write.op === 'note' && write.content.length > PAGERDUTY_NOTE_MAX) {
      return { ok: false, error: `note longer than PagerDuty's ${PAGERDUTY_NOTE_MAX} characters`, retryable: false, retryAfterMs: null };
    }
    const request = pagerDutyRequest(write);
    const aborted = signal ?? this.#options.signal;
    const { default: ky, isTimeoutError } = await loadHttp();
    try {
      const response = await ky(`${this.#config.apiUrl}${request.path}`, {
        method: request.method,
        headers: this.#headers(true),
        json: request.body,
        retry: 0,
        throwHttpErrors: false,
        timeout: this.#options.timeoutMs ?? 10_000,
        ...(aborted ? { signal: aborted } : {}),
      });
      const body = await response.text();
      if (response.ok) return { ok: true, response: null };
      const reply = { status: response.status, body, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) };
      return statusOutcome(reply, this.#redact(oneLine(pagerDutyErrorText(body), 160)));
    } catch (error) {
      if (aborted?.aborted) return { ok: false, error: 'stopped', retryable: true, retryAfterMs: null };
      if (isTimeoutError(error)) return { ok: false, error: 'timeout', retryable: true, retryAfterMs: null };
      return { ok: false, error: networkErrorText(error), retryable: true, retryAfterMs: null };
    }
  }
}

/** The outbox's entry point: a stored write and the config at send time → one attempt. */
export function sendPagerDutyWrite(config: PagerDutyRestConfig | null, write: PagerDutyWrite, signal?: AbortSignal, options: PagerDutyRestOptions = {}): Promise<SendOutcome> {
  if (!config) return Promise.resolve({ ok: false, error: 'pagerduty.apiToken is not set', retryable: false, retryAfterMs: null });
  return new PagerDutyRestClient(config, options).send(write, signal);
}
