// Translation between events and warroom_events / warroom_incidents rows.
import type { IncidentEvent } from '../../core/incident/events.ts';
import type { StoreRow } from '../../core/share/rows.ts';

/**
 * The event as JSON PostgreSQL's jsonb accepts: it refuses U+0000 and lone surrogates, which
 * command output and pasted text can contain. Both become U+FFFD; the store's version is what
 * every terminal (this one included) keeps, so all replicas still agree.
 */
export function storableJson(event: IncidentEvent): string {
  return JSON.stringify(event, (_key, value: unknown) => (typeof value === 'string' ? clean(value) : value));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function clean(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}

/** Object keys too (a fields record typed by the operator). */
export function storableEvent(event: IncidentEvent): IncidentEvent {
  return JSON.parse(storableJson(event), function revive(this: unknown, _key, value: unknown) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.some(([k]) => clean(k) !== k) ? Object.fromEntries(entries.map(([k, v]) => [clean(k), v])) : value;
  }) as IncidentEvent;
}

/** How an event changes the picker's row for its incident; null fields stay as they are. */
export interface HeaderChange {
  status: string | null;
  severity: string | null;
  commander: string | null;
  /** undefined: unchanged; null: cleared (reopened); string: resolved at. */
  resolvedAt: string | null | undefined;
}

export function headerChange(event: IncidentEvent): HeaderChange {
  const none: HeaderChange = { status: null, severity: null, commander: null, resolvedAt: undefined };
  switch (event.type) {
    case 'status.changed':
      return { ...none, status: event.to, resolvedAt: null };
    case 'severity.changed':
      return { ...none, severity: event.to };
    case 'commander.changed':
      return { ...none, commander: event.to };
    case 'incident.resolved':
      return { ...none, status: 'resolved', resolvedAt: event.at };
    case 'incident.reopened':
      return { ...none, status: 'investigating', resolvedAt: null };
    default:
      return none;
  }
}

export interface EventRowFromDb {
  seq: string;
  event_id: string | null;
  origin: string | null;
  actor: string | null;
  type: string | null;
  bytes: number;
  body: string | null;
}

export function storeRow(row: EventRowFromDb): StoreRow {
  return {
    seq: Number(row.seq),
    eventId: row.event_id,
    origin: row.origin,
    actor: row.actor,
    type: row.type,
    bodyBytes: Number(row.bytes),
    body: row.body,
  };
}

/** Shared header text is shown in the picker: one line, no terminal control characters. */
export function displayText(value: unknown, max = 200): string {
  const text = typeof value === 'string' ? value : '';
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
