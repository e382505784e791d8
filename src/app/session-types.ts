// The session's ports and its snapshot: what it needs from the comms service, what views read,
// and the clock it runs on. Kept apart from the store itself (session.ts).
import type { IncidentEvent } from '../core/incident/events.ts';
import type { IncidentState } from '../core/incident/state.ts';

/** What the war room needs from the comms service (src/app/comms.ts); every member optional. */
export interface CommsPort {
  /** Records every message the incident owes now (alert, pages, resolution, headline edit). */
  catchUp?(): Promise<unknown> | unknown;
  start?(signal: AbortSignal): unknown;
  stop?(): Promise<unknown> | unknown;
  /** Deliver what is due now (paced messages), waiting at most `timeoutMs`; outages are not waited out. */
  drain?(timeoutMs: number): Promise<unknown> | unknown;
  /** How a page to `target` would go out now, in words for the `e` confirmation. */
  pageRoute?(target: string): string;
}

/** Writes the post-mortem draft from the journal's events; returns the file's path. */
export type PostmortemWriter = (events: readonly IncidentEvent[]) => Promise<string>;

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
  /** How many events the journal holds: views that read `session.events` key their memos on it. */
  eventCount: number;
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
