// The journal records when each operator left the war room and came back; where they were
// (src/core/place.ts) is kept in a small per-operator file beside the journal.
import type { Session } from './session.ts';

export type { OperatorPlace, PlacePort } from '../core/place.ts';

/** `q`: the journal records that this operator left (the incident stays open). */
export function recordLeave(session: Session): Promise<unknown> {
  return session
    .dispatchWith(() => ({ type: 'operator.left', actor: session.actor, operator: session.actor }))
    .catch(() => undefined);
}

/** On opening: if this operator's last word in the journal is that they left, they are back. */
export function recordReturn(session: Session): Promise<unknown> {
  return session
    .dispatchWith(() => {
      const last = session.events.findLast((e) => (e.type === 'operator.left' || e.type === 'operator.returned') && e.operator === session.actor);
      if (last?.type !== 'operator.left') return null;
      return { type: 'operator.returned', actor: session.actor, operator: session.actor, leftSeq: last.seq };
    })
    .catch(() => undefined);
}
