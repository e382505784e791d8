// Pushing: which pending event goes next, where, and what the store's answer does to it.
//
// Only the first pending event is ever pushed, "after the last shared seq I know". Its fate is
// decided against the shared state at exactly that seq, because the store appends only there:
//   - already true in the shared log (no-op intent)  → dropped, recorded once by the other;
//   - refers to an event that was dropped            → dropped too (a page of a lost escalation);
//   - otherwise                                      → append, with its happens-once key.
// Answers: appended → it is shared at that seq; conflict or duplicate → read the log first (the
// event is then re-decided, or found already there); once-taken → dropped; refused → dropped
// with the reason (the local file keeps the event and why).
import type { IncidentEvent } from '../incident/events.ts';
import { noOpReason, onceKeyOf } from './intent.ts';
import { materialize } from './refs.ts';
import { checkRow, MAX_EVENT_BYTES, rowName } from './rows.ts';
import type { AppendAnswer, PushStep, Replica, ReplicaRecord } from './types.ts';

/** The next thing to do for the first pending event, or null when nothing is pending. */
export function nextPush(replica: Replica): PushStep | null {
  const pending = replica.pending[0];
  if (pending === undefined) return null;
  const last = replica.shared.length;

  if (last === 0) {
    // Only the terminal that opened the incident has anything before the log exists.
    if (pending.event.type !== 'incident.opened') return { kind: 'catch-up' };
    const { event } = materialize(pending, 1, () => undefined);
    return { kind: 'publish', pending, event };
  }
  const state = replica.sharedState;
  if (state === undefined) return { kind: 'catch-up' };

  const { event, missing } = materialize(pending, last + 1, (id) => replica.sharedSeqOf.get(id));
  if (missing.length > 0) {
    return { kind: 'drop', pending, reason: 'orphan', detail: `${event.type} refers (${missing.join(', ')}) to an event that was not shared` };
  }
  if (event.type === 'incident.opened') {
    return { kind: 'drop', pending, reason: 'refused', detail: 'the incident is already open in the shared log' };
  }
  const bytes = jsonBytes(event);
  if (bytes > MAX_EVENT_BYTES) {
    return { kind: 'drop', pending, reason: 'refused', detail: `${event.type} of ${bytes} bytes is over the ${MAX_EVENT_BYTES}-byte limit` };
  }
  const noOp = noOpReason(state, event);
  if (noOp !== null) return { kind: 'drop', pending, reason: 'no-op', detail: noOp };
  return { kind: 'append', pending, expectedSeq: last, expectedId: replica.shared[last - 1]?.id ?? null, event, onceKey: onceKeyOf(event) };
}

function jsonBytes(event: IncidentEvent): number {
  // UTF-8 length without an encoder: core stays free of Buffer and TextEncoder.
  let bytes = 0;
  for (const char of JSON.stringify(event)) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** The records a step that needs no store leaves (a drop). */
export function dropRecords(step: Extract<PushStep, { kind: 'drop' }>): ReplicaRecord[] {
  return [{ r: 'dropped', id: step.pending.id, reason: step.reason, detail: step.detail }];
}

/**
 * The records an answer to a publish or append leaves. Empty means "read the log, then ask
 * nextPush again" (conflict, duplicate, or an answer the replica has moved past).
 */
export function answerRecords(
  replica: Replica,
  step: Extract<PushStep, { kind: 'publish' | 'append' }>,
  answer: AppendAnswer,
): { records: ReplicaRecord[]; problems: string[] } {
  const { pending } = step;
  switch (answer.kind) {
    case 'appended': {
      if (answer.seq !== replica.shared.length + 1 || replica.pending[0]?.id !== pending.id) return { records: [], problems: [] };
      // What the store holds is what every other terminal reads: take that, checked the same way.
      const body = JSON.stringify(answer.event);
      const entry = checkRow(replica.incidentId, {
        seq: answer.seq,
        eventId: pending.id,
        origin: pending.origin,
        actor: answer.event.actor,
        type: answer.event.type,
        bodyBytes: jsonBytes(answer.event),
        body,
      });
      if (entry.kind === 'rejected') return { records: [], problems: [entry.problem] };
      return { records: [{ r: 'shared', seq: entry.seq, id: entry.id, origin: entry.origin, event: entry.event }], problems: [] };
    }
    case 'once-taken':
      return {
        records: [{ r: 'dropped', id: pending.id, reason: 'once-taken', detail: `${answer.key} was taken by seq ${answer.seq}` }],
        problems: [],
      };
    case 'refused':
      return {
        records: [{ r: 'dropped', id: pending.id, reason: 'refused', detail: answer.reason }],
        problems: [`${step.event.type} not shared: ${answer.reason}`],
      };
    case 'duplicate':
      // Already read past that seq and it was not this event: the log holds the event where this
      // terminal read another one. It can never be appended again; keep it local only.
      if (answer.seq <= replica.shared.length && replica.sharedSeqOf.get(pending.id) !== answer.seq) {
        const detail = `the shared log holds this event at seq ${answer.seq}, where this terminal read another`;
        return { records: [{ r: 'dropped', id: pending.id, reason: 'refused', detail }], problems: [`${step.event.type} not shared: ${detail}`] };
      }
      return { records: [], problems: [] };
    case 'conflict':
      return { records: [], problems: [] };
    case 'forked':
      return { records: [], problems: [`${rowName(replica.incidentId, answer.seq)}: the shared store holds another event there than this terminal read`] };
  }
}

/**
 * When the store is behind this replica (it answered a conflict with a last seq lower than ours:
 * a failover lost committed rows), the next shared event this terminal holds, to put back
 * verbatim (same seq, id and origin). Null when there is nothing to put back or the row was one
 * this terminal could not read.
 */
export function repairStep(replica: Replica, storeLastSeq: number): Extract<PushStep, { kind: 'append' }> | null {
  if (storeLastSeq >= replica.shared.length || storeLastSeq < 1) return null;
  const entry = replica.shared[storeLastSeq];
  if (entry === undefined || entry.kind !== 'event') return null;
  const pending = { id: entry.id, origin: entry.origin, issuedSeq: entry.seq, event: entry.event, refs: {} };
  const expectedId = replica.shared[storeLastSeq - 1]?.id ?? null;
  return { kind: 'append', pending, expectedSeq: storeLastSeq, expectedId, event: entry.event, onceKey: onceKeyOf(entry.event) };
}

/** One line for the status line when the store lost rows this terminal holds. */
export function behindProblem(replica: Replica, storeLastSeq: number): string {
  return `${rowName(replica.incidentId, storeLastSeq + 1)} and later are missing from the shared store (it is at seq ${storeLastSeq}, this terminal at ${replica.shared.length}): a failover lost committed rows; putting them back`;
}
