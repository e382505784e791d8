// The session's ports and its snapshot: what it needs from the journal and the comms service,
// what views read, and the clock it runs on. Kept apart from the store itself (session.ts).
import type { EscalationFiredEvent, IncidentEvent, NewEvent } from '../core/incident/events.ts';
import type { IncidentState } from '../core/incident/state.ts';

/** What the session needs from the journal (src/adapters/journal.ts). */
export interface JournalPort {
  append(event: NewEvent): Promise<IncidentEvent>;
  close(): Promise<void> | void;
}

/** What the session needs from the comms service (issue 6); every member optional. */
export interface CommsPort {
  /** The incident alert; the service sends it once however often this is called. */
  announceOpened?(): Promise<unknown> | unknown;
  page?(event: EscalationFiredEvent): Promise<unknown> | unknown;
  announceResolved?(): Promise<unknown> | unknown;
  /** Re-edit the live headline after a status, severity or commander change. */
  refreshHeadline?(): Promise<unknown> | unknown;
  start?(signal: AbortSignal): unknown;
  stop?(): Promise<unknown> | unknown;
  /** Deliver what is due now (paced messages), waiting at most `timeoutMs`; outages are not waited out. */
  drain?(timeoutMs: number): Promise<unknown> | unknown;
}

export type StatusLevel = 'info' | 'warn' | 'error';

export interface StatusMessage {
  level: StatusLevel;
  text: string;
  /** Epoch ms when it appeared; it disappears `ttlMs` later. */
  at: number;
  ttlMs: number;
}

export interface SessionSnapshot {
  state: IncidentState;
  /** Every event of the journal, in order (the timeline needs details only events carry). */
  events: readonly IncidentEvent[];
  message: StatusMessage | null;
  /** Where this session wrote the post-mortem draft on resolve (not journaled: a file path). */
  postmortemPath: string | null;
}

export interface SessionClock {
  now(): Date;
  /** Calls `fn` after `ms`; returns a cancel function. */
  schedule(fn: () => void, ms: number): () => void;
}

export const realClock: SessionClock = {
  now: () => new Date(),
  schedule(fn, ms) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};

export interface SessionOptions<Comms extends CommsPort = CommsPort, Flow = unknown> {
  journal: JournalPort;
  /** The journal's events so far (from create/open); at least `incident.opened`. */
  events: readonly IncidentEvent[];
  incidentDir: string;
  /** Who appends events from keys (the operator); clocks append as `system`. */
  actor: string;
  clock?: SessionClock;
  comms?: Comms;
  commandFlow?: Flow;
  /** How long a status-line message stays. Default 6 s. */
  messageTtlMs?: number;
  /** Writes the post-mortem draft once the incident is resolved; returns its path. */
  writePostmortem?: (events: readonly IncidentEvent[]) => Promise<string>;
}
