// The alert and silence models, read from Alertmanager API v2 JSON. Everything that reaches the
// war room is validated here: a malformed reply is one clear error naming the alert and the
// field, never an `undefined` that turns up later in a command line.
import { WarroomError } from '../../errors.ts';

export type AlertState = 'active' | 'suppressed' | 'unprocessed';

export interface Alert {
  /** Alertmanager's id for the label set; stable while the alert fires. */
  fingerprint: string;
  /** The `alertname` label. */
  name: string;
  labels: Record<string, string>;
  /** `summary`, `description`, `runbook_url`... */
  annotations: Record<string, string>;
  /** ISO 8601 UTC: when the alert started firing (the incident's detection time). */
  startsAt: string;
  /** When it will be considered resolved unless re-sent; null when absent. */
  endsAt: string | null;
  updatedAt: string | null;
  /** Link back to the expression in Prometheus; null when absent or empty. */
  generatorURL: string | null;
  state: AlertState;
  silencedBy: string[];
  inhibitedBy: string[];
}

export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** false for `!=` / `!~`. */
  isEqual: boolean;
}

export type SilenceState = 'active' | 'pending' | 'expired';

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  state: SilenceState;
}

/** The reply did not have the shape API v2 documents. */
export class AlertFormatError extends WarroomError {
  override name = 'AlertFormatError';
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function fail(where: string, what: string): never {
  throw new AlertFormatError(`${where}: ${what}`);
}

function stringMap(value: unknown, where: string, field: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) fail(where, `${field} is not an object`);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') fail(where, `${field}.${key} is not a string`);
    out[key] = v;
  }
  return out;
}

/** An ISO time with a zone, normalised to `...Z` with milliseconds. */
function isoTime(value: unknown, where: string, field: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) fail(where, `${field} is not an ISO time`);
  // Go prints nanoseconds; JavaScript keeps milliseconds, which is what the journal stores.
  const trimmed = value.replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(trimmed);
  if (Number.isNaN(ms)) fail(where, `${field} is not a valid time: ${value}`);
  return new Date(ms).toISOString();
}

function optionalTime(value: unknown, where: string, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  // Go's zero time means "not set".
  if (typeof value === 'string' && value.startsWith('0001-01-01')) return null;
  return isoTime(value, where, field);
}

function stringList(value: unknown, where: string, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) fail(where, `${field} is not a list of strings`);
  return value as string[];
}

/** One alert of `GET /api/v2/alerts`. `where` names it in errors (`alert 3`). */
export function parseAlert(json: unknown, where = 'alert'): Alert {
  if (!isObject(json)) fail(where, 'is not an object');
  const labels = stringMap(json.labels, where, 'labels');
  const name = labels.alertname;
  if (name === undefined || name.trim() === '') fail(where, 'has no alertname label');
  const named = `${where} ${name}`;
  if (typeof json.fingerprint !== 'string' || json.fingerprint === '') fail(named, 'has no fingerprint');
  const status = isObject(json.status) ? json.status : {};
  const state = status.state ?? 'active';
  if (state !== 'active' && state !== 'suppressed' && state !== 'unprocessed') fail(named, `status.state ${String(state)} is unknown`);
  const generator = json.generatorURL;
  if (generator !== undefined && typeof generator !== 'string') fail(named, 'generatorURL is not a string');
  return {
    fingerprint: json.fingerprint,
    name,
    labels,
    annotations: stringMap(json.annotations, named, 'annotations'),
    startsAt: isoTime(json.startsAt, named, 'startsAt'),
    endsAt: optionalTime(json.endsAt, named, 'endsAt'),
    updatedAt: optionalTime(json.updatedAt, named, 'updatedAt'),
    generatorURL: generator ? generator : null,
    state,
    silencedBy: stringList(status.silencedBy, named, 'status.silencedBy'),
    inhibitedBy: stringList(status.inhibitedBy, named, 'status.inhibitedBy'),
  };
}

/** The whole reply of `GET /api/v2/alerts`. */
export function parseAlerts(json: unknown): Alert[] {
  if (!Array.isArray(json)) fail('Alertmanager reply', 'is not a list of alerts');
  return json.map((item, i) => parseAlert(item, `alert ${i + 1}`));
}

function parseMatcher(json: unknown, where: string): Matcher {
  if (!isObject(json)) fail(where, 'matcher is not an object');
  if (typeof json.name !== 'string' || typeof json.value !== 'string') fail(where, 'matcher needs a name and a value');
  return {
    name: json.name,
    value: json.value,
    isRegex: json.isRegex === true,
    // Absent means `=`: isEqual arrived in API v2 later than matchers did.
    isEqual: json.isEqual !== false,
  };
}

export function parseSilence(json: unknown, where = 'silence'): Silence {
  if (!isObject(json)) fail(where, 'is not an object');
  if (typeof json.id !== 'string' || json.id === '') fail(where, 'has no id');
  const named = `silence ${json.id}`;
  if (!Array.isArray(json.matchers)) fail(named, 'matchers is not a list');
  const status = isObject(json.status) ? json.status : {};
  const state = status.state;
  if (state !== 'active' && state !== 'pending' && state !== 'expired') fail(named, `status.state ${String(state)} is unknown`);
  return {
    id: json.id,
    matchers: json.matchers.map((m) => parseMatcher(m, named)),
    startsAt: isoTime(json.startsAt, named, 'startsAt'),
    endsAt: isoTime(json.endsAt, named, 'endsAt'),
    createdBy: typeof json.createdBy === 'string' ? json.createdBy : '',
    comment: typeof json.comment === 'string' ? json.comment : '',
    state,
  };
}

export function parseSilences(json: unknown): Silence[] {
  if (!Array.isArray(json)) fail('Alertmanager reply', 'is not a list of silences');
  return json.map((item, i) => parseSilence(item, `silence ${i + 1}`));
}

/** `alertname="KubePodCrashLooping"`, `namespace!~"kube-.*"`: the API's filter syntax. */
export function formatMatcher(m: Matcher): string {
  const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
  return `${m.name}${op}${JSON.stringify(m.value)}`;
}

/**
 * What the journal keeps of an alert (the incident's first timeline entry, related alerts):
 * enough to show and re-find it, nothing that changes from poll to poll (state, updatedAt).
 */
export interface AlertSnapshot {
  fingerprint: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  generatorURL: string | null;
}

export function alertSnapshot(alert: Alert): AlertSnapshot {
  return {
    fingerprint: alert.fingerprint,
    name: alert.name,
    labels: { ...alert.labels },
    annotations: { ...alert.annotations },
    startsAt: alert.startsAt,
    generatorURL: alert.generatorURL,
  };
}
