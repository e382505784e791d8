// The local replica: built by folding its records (the local file replays the same way), changed
// only by new records, and shown as the shared events then the pending ones. Pure: a new Replica
// comes back each time; the arrays a call copies are its own, so it may fill them in place.
import { reduce, replay } from '../incident/reduce.ts';
import type { IncidentEvent, NewEvent } from '../incident/events.ts';
import type { IncidentState } from '../incident/state.ts';
import { currentSeqOf, materialize, refsFor } from './refs.ts';
import type { PendingEvent, Replica, ReplicaRecord, SharedEntry } from './types.ts';

/** Past this many new shared events, one replay is cheaper than reducing them one by one. */
const REPLAY_ABOVE = 32;

export function emptyReplica(incidentId: string, terminal: string): Replica {
  return {
    incidentId,
    terminal,
    shared: [],
    sharedState: undefined,
    sharedSeqOf: new Map(),
    pending: [],
    issued: new Map(),
  };
}

/**
 * Applies records in order. A `shared` record at the next seq takes its place in the log (and
 * settles the pending event with its id); `dropped` removes a pending event. Records that do not
 * fit (a shared seq already held) are skipped: they change nothing that is known.
 */
export function applyRecords(replica: Replica, records: readonly ReplicaRecord[]): Replica {
  if (records.length === 0) return replica;
  let shared: SharedEntry[] | null = null;
  let seqOf: Map<string, number> | null = null;
  let pending = replica.pending;
  const added: IncidentEvent[] = [];
  const settled = new Set<string>();

  for (const record of records) {
    switch (record.r) {
      case 'pending':
        pending = [...pending, stripRecord(record)];
        break;
      case 'shared':
      case 'rejected': {
        shared ??= replica.shared.slice();
        seqOf ??= new Map(replica.sharedSeqOf);
        if (record.seq !== shared.length + 1) break;
        if (record.r === 'shared') {
          const { r: _r, ...event } = record;
          shared.push({ kind: 'event', ...event });
          seqOf.set(record.id, record.seq);
          added.push(record.event);
          settled.add(record.id);
        } else {
          const { r: _r, ...row } = record;
          shared.push({ kind: 'rejected', ...row });
          if (row.id !== null) seqOf.set(row.id, row.seq);
          if (row.id !== null) settled.add(row.id);
        }
        break;
      }
      case 'dropped':
        settled.add(record.id);
        break;
    }
    if (settled.size > 0 && pending.some((p) => settled.has(p.id))) pending = pending.filter((p) => !settled.has(p.id));
    settled.clear();
  }

  const nextShared = shared ?? replica.shared;
  return {
    ...replica,
    shared: nextShared,
    sharedSeqOf: seqOf ?? replica.sharedSeqOf,
    sharedState: foldShared(replica.sharedState, nextShared, added),
    pending,
  };
}

function stripRecord(record: Extract<ReplicaRecord, { r: 'pending' }>): PendingEvent {
  const { r: _r, ...pending } = record;
  return pending;
}

function foldShared(state: IncidentState | undefined, shared: readonly SharedEntry[], added: IncidentEvent[]): IncidentState | undefined {
  if (added.length === 0) return state;
  if (added.length > REPLAY_ABOVE || state === undefined) {
    const events = sharedEvents(shared);
    return events[0]?.type === 'incident.opened' ? replay(events) : undefined;
  }
  let next = state;
  for (const event of added) next = reduce(next, event);
  return next;
}

/** The shared log's events in order (rejected rows left out). */
export function sharedEvents(shared: readonly SharedEntry[]): IncidentEvent[] {
  const events: IncidentEvent[] = [];
  for (const entry of shared) if (entry.kind === 'event') events.push(entry.event);
  return events;
}

/** A replica from its records (the local file). */
export function loadReplica(incidentId: string, terminal: string, records: readonly ReplicaRecord[]): Replica {
  return applyRecords(emptyReplica(incidentId, terminal), records);
}

/**
 * A local append: the pending record to fsync, the replica with it, and the event to give the
 * app (its seq is where it shows now). References to other events are resolved to their ids here,
 * against what the app saw when it made the event.
 */
export function addLocal(
  replica: Replica,
  event: NewEvent,
  stamp: { id: string; at: string },
): { replica: Replica; record: ReplicaRecord; event: IncidentEvent } {
  const stamped = { ...event, at: stamp.at } as PendingEvent['event'];
  // Its place in the view now: the seq the app sees, and the one it will refer to it by.
  const issuedSeq = replica.shared.length + replica.pending.length + 1;
  const pending: PendingEvent = { id: stamp.id, origin: replica.terminal, issuedSeq, event: stamped, refs: refsFor(replica, stamped) };
  const next = applyRecords(replica, [{ r: 'pending', ...pending }]);
  const issued = new Map(replica.issued).set(issuedSeq, [stamp.id, ...(replica.issued.get(issuedSeq) ?? [])]);
  const withIssued = { ...next, issued };
  const shown = materialize(pending, issuedSeq, (id) => currentSeqOf(withIssued, id));
  return { replica: withIssued, record: { r: 'pending', ...pending }, event: shown.event };
}

/** What this terminal shows: the shared events, then the pending ones renumbered after them. */
export function viewEvents(replica: Replica): IncidentEvent[] {
  const events = sharedEvents(replica.shared);
  const base = replica.shared.length;
  replica.pending.forEach((p, index) => {
    events.push(materialize(p, base + index + 1, (id) => currentSeqOf(replica, id)).event);
  });
  return events;
}

/** The incident state this terminal shows; undefined before the opening event is known. */
export function viewState(replica: Replica): IncidentState | undefined {
  const base = replica.shared.length;
  let state = replica.sharedState;
  for (const [index, p] of replica.pending.entries()) {
    const { event } = materialize(p, base + index + 1, (id) => currentSeqOf(replica, id));
    if (state === undefined && event.type !== 'incident.opened') return undefined;
    if (state !== undefined && event.type === 'incident.opened') continue;
    state = reduce(state, event);
  }
  return state;
}

/** How many local events wait to be pushed (`offline · 3 to sync`). */
export function toSync(replica: Replica): number {
  return replica.pending.length;
}
