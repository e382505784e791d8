// Alertmanager API v2 client (ky over Node's fetch): active alerts, one alert by fingerprint
// or name, silences (create, list, expire). Bearer or basic auth; a private CA from
// alertmanager.caFile. Errors are one line that says whether Alertmanager could not be reached
// (network, TLS, timeout) or answered with a refusal (status and its own message), and never
// contain the token or password.
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { loadHttp } from './http-client.ts';
import { WarroomError } from '../errors.ts';
import { formatMatcher, parseAlerts, parseSilences, type Alert, type Matcher, type Silence } from '../core/alerts/model.ts';
import { findAlerts } from '../core/alerts/group.ts';
import type { SilenceRequest } from '../core/alerts/silence.ts';
import type { AlertmanagerConfig } from './alerting-config.ts';
import { oneLine } from './http-delivery.ts';

export type AlertmanagerFailure = 'unreachable' | 'refused' | 'bad-reply';

export class AlertmanagerError extends WarroomError {
  override name = 'AlertmanagerError';
  readonly kind: AlertmanagerFailure;
  /** HTTP status when Alertmanager answered. */
  readonly status: number | null;
  constructor(kind: AlertmanagerFailure, message: string, status: number | null = null) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

export interface AlertmanagerClientOptions {
  /** Per request. Default 10 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface AlertQuery {
  /** Label matchers, ANDed (`alertname="X"`). */
  filter?: readonly Matcher[];
  /**
   * Also silenced and inhibited alerts. The live poll needs this: once the war room silences
   * its own alert, an unsilenced-only poll would call the alert resolved.
   */
  includeSilenced?: boolean;
  /** Aborts this request (the live poll stops with the war room). */
  signal?: AbortSignal;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|ISSUER|SSL|TLS/;

/** The most specific code in the cause chain (`ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`). */
function causeCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    const errors = (current as { errors?: unknown }).errors;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : (current as { cause?: unknown }).cause;
  }
  return null;
}

const trustedCas = new Set<string>();

/**
 * Trust the CA in `file` for this process, next to Node's own list (what NODE_EXTRA_CA_CERTS
 * does at start-up). Node's fetch takes no per-request CA without the undici package (about
 * 500 KB more bundle); the internal CA signing Alertmanager's certificate is trusted anyway.
 */
export function trustCaFile(file: string): void {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new WarroomError(`alertmanager.caFile ${file}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read it'}`, { cause: error });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new WarroomError(`alertmanager.caFile ${file}: not a PEM certificate`);
  if (trustedCas.has(pem)) return;
  try {
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), pem]);
  } catch (error) {
    throw new WarroomError(`alertmanager.caFile ${file}: ${(error as Error).message}`, { cause: error });
  }
  trustedCas.add(pem);
}

export class AlertmanagerClient {
  readonly #config: AlertmanagerConfig;
  readonly #options: AlertmanagerClientOptions;
  /** `https://am.example:9093` without user info: safe to print. */
  readonly where: string;

  constructor(config: AlertmanagerConfig, options: AlertmanagerClientOptions = {}) {
    this.#config = config;
    this.#options = options;
    let url: URL;
    try {
      url = new URL(config.url);
    } catch {
      throw new WarroomError(`alertmanager.url ${config.url} is not a URL`);
    }
    if (url.username || url.password) {
      throw new WarroomError('alertmanager.url holds a user or password: set alertmanager.username and alertmanager.password instead');
    }
    this.where = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    if (config.caFile) trustCaFile(config.caFile);
  }

  /** Alerts that fire now: unsilenced and uninhibited unless `includeSilenced`. */
  async activeAlerts(query: AlertQuery = {}): Promise<Alert[]> {
    const params = new URLSearchParams({ active: 'true' });
    if (!query.includeSilenced) {
      params.set('silenced', 'false');
      params.set('inhibited', 'false');
    }
    for (const matcher of query.filter ?? []) params.append('filter', formatMatcher(matcher));
    return this.#parse(await this.#request('GET', `/api/v2/alerts?${params}`, undefined, query.signal), parseAlerts);
  }

  /** By fingerprint, else by alert name (case-insensitive); silenced ones included. */
  async findAlerts(ref: string): Promise<Alert[]> {
    return findAlerts(await this.activeAlerts({ includeSilenced: true }), ref);
  }

  async createSilence(request: SilenceRequest): Promise<string> {
    const reply = await this.#request('POST', '/api/v2/silences', request);
    const id = (reply as { silenceID?: unknown } | null)?.silenceID;
    if (typeof id !== 'string' || id === '') throw new AlertmanagerError('bad-reply', `Alertmanager at ${this.where} created a silence but sent no silenceID`);
    return id;
  }

  async listSilences(): Promise<Silence[]> {
    return this.#parse(await this.#request('GET', '/api/v2/silences'), parseSilences);
  }

  async expireSilence(id: string): Promise<void> {
    await this.#request('DELETE', `/api/v2/silence/${encodeURIComponent(id)}`);
  }

  #parse<T>(json: unknown, parse: (json: unknown) => T): T {
    try {
      return parse(json);
    } catch (error) {
      throw new AlertmanagerError('bad-reply', `Alertmanager at ${this.where}: ${(error as Error).message}`);
    }
  }

  #headers(): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#config.token) headers.authorization = `Bearer ${this.#config.token}`;
    const basic = this.#config.basicAuth;
    if (basic) headers.authorization = `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`;
    return headers;
  }

  /** Never echo a secret, whatever the far end put in its reply. */
  #redact(text: string): string {
    let out = text;
    for (const secret of [this.#config.token, this.#config.basicAuth?.password]) {
      if (secret) out = out.replaceAll(secret, '…');
    }
    return out;
  }

  async #request(method: 'GET' | 'POST' | 'DELETE', path: string, json?: unknown, signal?: AbortSignal): Promise<unknown> {
    const label = `${method} ${path.split('?')[0]}`;
    const abort = signal ?? this.#options.signal;
    let response: Response;
    const { default: ky, isTimeoutError } = await loadHttp();
    try {
      response = await ky(`${this.#config.url}${path}`, {
        method,
        headers: this.#headers(),
        ...(json === undefined ? {} : { json }),
        retry: 0,
        throwHttpErrors: false,
        timeout: this.#options.timeoutMs ?? 10_000,
        ...(abort ? { signal: abort } : {}),
      });
    } catch (error) {
      if (abort?.aborted) throw new AlertmanagerError('unreachable', `Alertmanager at ${this.where}: request stopped`);
      if (isTimeoutError(error)) {
        throw new AlertmanagerError('unreachable', `Alertmanager at ${this.where} is unreachable: no answer within ${Math.round((this.#options.timeoutMs ?? 10_000) / 1000)} s`);
      }
      const code = causeCode(error) ?? 'network error';
      const hint = TLS_CODES.test(code) ? ' (its certificate is not trusted: set alertmanager.caFile to the CA that signed it)' : '';
      throw new AlertmanagerError('unreachable', this.#redact(`Alertmanager at ${this.where} is unreachable: ${code}${hint}`));
    }
    const text = await response.text();
    if (!response.ok) {
      const reason = this.#redact(amMessage(text));
      const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      throw new AlertmanagerError('refused', `Alertmanager at ${this.where} refused ${label}: ${status}${reason ? `: ${reason}` : ''}`, response.status);
    }
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AlertmanagerError('bad-reply', `Alertmanager at ${this.where} answered ${label} with something that is not JSON: ${this.#redact(oneLine(text, 60))}`);
    }
  }
}

/** Alertmanager's errors come as `{code, message}`, a JSON string, or plain text. */
function amMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'string') return oneLine(parsed, 160);
    const message = (parsed as { message?: unknown } | null)?.message;
    if (typeof message === 'string') return oneLine(message, 160);
  } catch {
    // plain text
  }
  return oneLine(body, 160);
}
