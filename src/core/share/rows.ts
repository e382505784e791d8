// Rows read from the shared store are untrusted input: anyone with write access to the database,
// an older or newer warroom, or a bug may have put them there. Each row is checked here before it
// can reach reduce(); a bad one becomes a rejected entry with one line naming it, never an
// exception in the reader's loop.
import type { IncidentEvent } from '../incident/events.ts';
import { validateEvent } from '../incident/validate-event.ts';
import type { SharedEntry } from './types.ts';

/** Larger event bodies are neither pushed nor read (a runbook snapshot is far below this). */
export const MAX_EVENT_BYTES = 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ORIGIN = 200;

/** A row as the adapter read it; the body only when it is within MAX_EVENT_BYTES. */
export interface StoreRow {
  seq: number;
  eventId: unknown;
  origin: unknown;
  actor: unknown;
  type: unknown;
  /** Size of the stored body as JSON text, bytes. */
  bodyBytes: number;
  /** The body as JSON text, or null when it was too large to fetch. */
  body: string | null;
}

export function rowName(incidentId: string, seq: number): string {
  return `shared row (incident ${incidentId}, seq ${seq})`;
}

/** The row as a shared event, or as a rejected entry saying what is wrong with it. */
export function checkRow(incidentId: string, row: StoreRow): SharedEntry {
  const id = typeof row.eventId === 'string' && UUID.test(row.eventId) ? row.eventId.toLowerCase() : null;
  const reject = (why: string): SharedEntry => ({ kind: 'rejected', seq: row.seq, id, problem: `${rowName(incidentId, row.seq)}: ${why}` });
  if (id === null) return reject('event id is not a uuid');
  if (typeof row.origin !== 'string' || row.origin === '' || row.origin.length > MAX_ORIGIN) return reject('origin terminal is missing or too long');
  if (row.body === null || row.bodyBytes > MAX_EVENT_BYTES) {
    return reject(`event body of ${row.bodyBytes} bytes is over the ${MAX_EVENT_BYTES}-byte limit`);
  }
  let value: unknown;
  try {
    value = JSON.parse(row.body);
  } catch {
    return reject('event body is not JSON');
  }
  const problem = validateEvent(value);
  if (problem !== null) {
    const newer = problem.startsWith('unknown event type') ? ' (written by a newer warroom? upgrade to read it)' : '';
    // The row name already says which seq; keep the type validateEvent puts beside it.
    return reject(`${problem.replace(/^seq \d+ \(([^)]+)\)/, '$1')}${newer}`);
  }
  const event = value as IncidentEvent;
  if (event.seq !== row.seq) return reject(`body says seq ${event.seq}`);
  if (event.type !== row.type) return reject(`body says ${event.type}, the row ${String(row.type)}`);
  if (event.actor !== row.actor) return reject(`body says actor ${event.actor}, the row ${String(row.actor)}`);
  if (event.type === 'incident.opened' && event.incidentId !== incidentId) return reject(`opens incident ${event.incidentId}`);
  return { kind: 'event', seq: row.seq, id, origin: row.origin, event };
}
