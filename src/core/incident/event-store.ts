// The one port every part of a war room appends through and reads from. The file journal
// implements it (src/adapters/journal-store.ts); a shared store can implement it the same way.
// Whoever appends gets the event back as stored (seq and time stamped, durable), and by then
// `state` already includes it and every subscriber has heard of it.
import type { IncidentEvent, NewEvent } from './events.ts';
import type { IncidentState } from './state.ts';

/** The stored form of a new event of type E: the append's result keeps its type. */
export type Stored<E extends NewEvent> = Extract<IncidentEvent, { type: E['type'] }>;

export interface EventStore {
  /** The state after every durable event so far. */
  readonly state: IncidentState;
  /** Every durable event so far, oldest first. Grows in place; never copied per append. */
  readonly events: readonly IncidentEvent[];
  /** Records the event durably, then updates `state` and tells the subscribers, in that order. */
  append<E extends NewEvent>(event: E): Promise<Stored<E>>;
  /** Called once per durable event, in seq order, after `state` includes it. */
  subscribe(listener: (event: IncidentEvent) => void): () => void;
  /**
   * Where the event that had `seq` when it was appended is now. A shared store moves this
   * terminal's not-yet-shared events after other terminals' that reached the shared log first,
   * so a seq held since (an open dialog's request) may have moved; absent: seqs never move.
   */
  currentSeq?(seq: number): number;
  /** Waits for appends in flight, then releases the store (the incident lock, a connection). */
  close(): Promise<void>;
}
