// Some events name another event by its seq (`command.started.requestSeq`, a page's
// `payload.escalationSeq`). In a shared war room a pending event's seq is provisional: when the
// shared log is read, other terminals' events may take the place it had, and it moves. So a
// reference is turned into the target's event id when the event is appended here, and turned
// back into whatever seq the target has when the event is shown or pushed.
//
// Which event does a number the app passes mean? The app holds the seqs its own appends
// returned (the command flow keeps the request's), so a number is first looked up among the
// seqs this process handed out, then as a place in the current view. Either candidate must be
// of the type the field refers to (a command event's requestSeq names a command.requested, a flag
// event's a flag.requested: one id space, two kinds of request), which settles the rare case where
// both exist; among events handed the same seq (a drop shrank the view between them), the most
// recent of the right type wins.
import type { IncidentEvent, IncidentEventType } from '../incident/events.ts';
import type { PendingEvent, RefField, Replica, StampedEvent } from './types.ts';

const TARGET: Record<RefField, readonly IncidentEventType[]> = {
  requestSeq: ['command.requested', 'flag.requested'],
  'payload.escalationSeq': ['escalation.fired'],
};

/** The request type a run event's requestSeq names. */
function requestTypeOf(event: Stamped): IncidentEventType {
  return event.type.startsWith('flag.') ? 'flag.requested' : 'command.requested';
}

type Stamped = StampedEvent | IncidentEvent;

/** The reference fields this event has, with their numbers. */
export function refFieldsOf(event: Stamped): [RefField, number][] {
  switch (event.type) {
    case 'command.confirmed':
    case 'command.cancelled':
    case 'command.started':
    case 'command.finished':
    case 'flag.confirmed':
    case 'flag.started':
    case 'flag.cancelled':
    case 'flag.finished':
    case 'approval.requested':
    case 'approval.decided':
      return [['requestSeq', event.requestSeq]];
    case 'delivery.requested': {
      const payload = event.payload as { escalationSeq?: unknown } | null;
      const seq = typeof payload === 'object' && payload !== null ? payload.escalationSeq : undefined;
      return typeof seq === 'number' && Number.isSafeInteger(seq) ? [['payload.escalationSeq', seq]] : [];
    }
    default:
      return [];
  }
}

/** A copy of `event` with the reference field set to `seq`. */
export function withRef<E extends Stamped>(event: E, field: RefField, seq: number): E {
  if (field === 'requestSeq') return { ...event, requestSeq: seq };
  const payload = (event as { payload?: unknown }).payload as Record<string, unknown>;
  return { ...event, payload: { ...payload, escalationSeq: seq } };
}

/** The type of the event with this id in the replica, if it is there. */
function typeOfId(replica: Replica, id: string): IncidentEventType | undefined {
  const seq = replica.sharedSeqOf.get(id);
  if (seq !== undefined) {
    const entry = replica.shared[seq - 1];
    return entry?.kind === 'event' ? entry.event.type : undefined;
  }
  return replica.pending.find((p) => p.id === id)?.event.type;
}

/** The id of the event at `seq` in the current view (shared, then pending), if any. */
function idAtViewSeq(replica: Replica, seq: number): string | undefined {
  const shared = replica.shared.length;
  if (seq >= 1 && seq <= shared) {
    const entry = replica.shared[seq - 1];
    return entry?.kind === 'event' ? entry.id : undefined;
  }
  return replica.pending[seq - shared - 1]?.id;
}

/**
 * Which event a number given by the app for `field` means (see the file comment), or undefined.
 * `only` narrows the target to one type (a flag event's request is a flag.requested).
 */
export function resolveRef(replica: Replica, field: RefField, seq: number, only?: IncidentEventType): string | undefined {
  const wanted = only === undefined ? TARGET[field] : [only];
  const fits = (id: string) => {
    const type = typeOfId(replica, id);
    return type !== undefined && wanted.includes(type);
  };
  const issued = replica.issued.get(seq)?.find(fits);
  if (issued !== undefined) return issued;
  const inView = idAtViewSeq(replica, seq);
  if (inView !== undefined && fits(inView)) return inView;
  return undefined;
}

/** The refs of a new event: each reference field's target id, where one could be found. */
export function refsFor(replica: Replica, event: StampedEvent): PendingEvent['refs'] {
  const refs: PendingEvent['refs'] = {};
  for (const [field, seq] of refFieldsOf(event)) {
    const id = resolveRef(replica, field, seq, field === 'requestSeq' ? requestTypeOf(event) : undefined);
    if (id !== undefined) refs[field] = id;
  }
  return refs;
}

/**
 * The seq an event id has now: its shared seq, or its place among the pending events in the view;
 * undefined when it is in neither (dropped).
 */
export function currentSeqOf(replica: Replica, id: string): number | undefined {
  const shared = replica.sharedSeqOf.get(id);
  if (shared !== undefined) return shared;
  const index = replica.pending.findIndex((p) => p.id === id);
  return index < 0 ? undefined : replica.shared.length + index + 1;
}

/**
 * The pending event as an IncidentEvent at `seq`, references filled in from `seqOf`. Returns the
 * fields whose target is gone (dropped) so the caller can decide; they keep their old number.
 */
export function materialize(
  pending: PendingEvent,
  seq: number,
  seqOf: (id: string) => number | undefined,
): { event: IncidentEvent; missing: RefField[] } {
  let event = { ...pending.event, seq } as IncidentEvent;
  const missing: RefField[] = [];
  for (const [field, id] of Object.entries(pending.refs) as [RefField, string][]) {
    const target = seqOf(id);
    if (target === undefined) missing.push(field);
    else event = withRef(event, field, target);
  }
  return { event, missing };
}
