// When each operator left the war room (q) and came back (resume): the record of who was
// watching when, for the timeline and the post-mortem. Part of the IncidentEvent union.
import type { EventBase } from './event-base.ts';

/** The operator left the war room; the incident stays open. */
export interface OperatorLeftEvent extends EventBase {
  type: 'operator.left';
  /** Who left, without a leading `@` (the actor, as the journal names people). */
  operator: string;
}

/** The operator opened the war room again after leaving it. */
export interface OperatorReturnedEvent extends EventBase {
  type: 'operator.returned';
  operator: string;
  /** seq of the operator.left this return follows. */
  leftSeq: number;
}
