// The shared war room's data, as the replication protocol sees it. Every terminal keeps a local,
// fsynced replica of one incident:
//
//   shared:  the shared log as far as this terminal has read it, entry i at seq i + 1. Its order
//            is the incident's order, identical in every terminal.
//   pending: events appended here, acknowledged on screen after the local fsync, not yet in the
//            shared log; in the order they were made.
//
// The incident this terminal shows is the shared events in shared order, then the pending ones.
// Pending events are pushed one at a time, always "after the last shared seq I know": the store
// appends it there, or answers why not, and the replica is updated from the answer.
import type { IncidentEvent, NewEvent } from '../incident/events.ts';
import type { IncidentState } from '../incident/state.ts';

/** An event in the shared log: its place, its identity (uuid) and the terminal that made it. */
export interface SharedEvent {
  seq: number;
  id: string;
  origin: string;
  event: IncidentEvent;
}

/**
 * A row of the shared log this warroom could not use (malformed, oversized, forged, or an event
 * type from a newer version). Kept as a hole at its seq so the rows after it still line up.
 */
export interface RejectedRow {
  seq: number;
  id: string | null;
  /** One line naming the row: `shared row (incident X, seq 7): ...`. */
  problem: string;
}

export type SharedEntry = ({ kind: 'event' } & SharedEvent) | ({ kind: 'rejected' } & RejectedRow);

/** A field of an event that names another event by its seq. */
export type RefField = 'requestSeq' | 'payload.escalationSeq';

/** An event appended here and not yet in the shared log (or dropped). */
export interface PendingEvent {
  id: string;
  origin: string;
  /** The seq the local append returned to the app (its place in the view then); the app may refer to the event by it. */
  issuedSeq: number;
  /** The event as authored, stamped with its time; `seq` and seq references are filled in on use. */
  event: StampedEvent;
  /** Event ids its seq references point at (by field), so renumbering never breaks them. */
  refs: Partial<Record<RefField, string>>;
}

/** A new event with its time, before it has a place in any log. */
export type StampedEvent = NewEvent & { at: string };

export type DropReason =
  /** Already true in the shared log (someone checked the step first): recorded once, by them. */
  | 'no-op'
  /** Its happens-once key (an escalation level, a deadline) was taken by another terminal. */
  | 'once-taken'
  /** It refers to an event that will never be shared (e.g. the page of a dropped escalation). */
  | 'orphan'
  /** The store refused it for good (too large, invalid). */
  | 'refused';

/**
 * One line of the local replica file. Replaying the records in file order gives the replica back,
 * so the local file is the replica and nothing else needs to be saved.
 */
export type ReplicaRecord =
  | ({ r: 'pending' } & PendingEvent)
  | ({ r: 'shared' } & SharedEvent)
  | ({ r: 'rejected' } & RejectedRow)
  | { r: 'dropped'; id: string; reason: DropReason; detail: string | null };

export interface Replica {
  incidentId: string;
  /** This terminal's id (its events' origin). */
  terminal: string;
  shared: readonly SharedEntry[];
  /** The shared events reduced (undefined until seq 1, the opening, is known). */
  sharedState: IncidentState | undefined;
  /** Event id → its seq in the shared log. */
  sharedSeqOf: ReadonlyMap<string, number>;
  pending: readonly PendingEvent[];
  /**
   * Seqs handed to the app by this process's appends → event ids, most recent first (a seq can be
   * handed out twice when a dropped event shrank the view); see refs.ts.
   */
  issued: ReadonlyMap<number, readonly string[]>;
}

/** What pushing the first pending event asks of the store. */
export type PushStep =
  | { kind: 'publish'; pending: PendingEvent; event: IncidentEvent }
  /**
   * Append right after `expectedSeq`, whose event must be `expectedId` (null: a row this terminal
   * could not read, not checked): the store refuses to build on a log that is not this one.
   */
  | { kind: 'append'; pending: PendingEvent; expectedSeq: number; expectedId: string | null; event: IncidentEvent; onceKey: string | null }
  | { kind: 'drop'; pending: PendingEvent; reason: DropReason; detail: string }
  /** Nothing can be pushed before the shared log is read (a terminal joining). */
  | { kind: 'catch-up' };

/** The store's answer to an append or publish. */
export type AppendAnswer =
  /** Stored at `seq`; `event` is what the store holds (its JSON normalisation). */
  | { kind: 'appended'; seq: number; event: IncidentEvent }
  /** Someone appended after `expectedSeq` first: read the log, then try again. */
  | { kind: 'conflict'; lastSeq: number }
  /** This event id is already in the log (an earlier try committed): read the log. */
  | { kind: 'duplicate'; seq: number }
  /** Its happens-once key is taken, by the event at `seq`. */
  | { kind: 'once-taken'; key: string; seq: number }
  /** The store's event at `seq` is not the one this terminal read there: the log forked. */
  | { kind: 'forked'; seq: number }
  /** Refused for good: `reason` says why (too large, not the incident's opening...). */
  | { kind: 'refused'; reason: string };
