// The war room's reactions in a shared room. Every terminal hears of every event, but what the
// comms plan owes after one (a headline edit, a page) is requested by the terminal that made the
// event: otherwise each terminal would request its own copy. Happens-once keys catch what still
// races (two pages for one escalation); the rest (saying "paged X", drafting the post-mortem
// locally) runs everywhere.
import type { IncidentEvent } from '../../core/incident/events.ts';
import { catchUpComms, warRoomReactions, type ReactionContext, type ReactionTable } from '../reactions.ts';
import type { SharedEventStore } from './shared-event-store.ts';

type AnyRule = (event: IncidentEvent, ctx: ReactionContext) => Promise<void> | void;

export function sharedReactions(store: Pick<SharedEventStore, 'isLocal'>, base: ReactionTable = warRoomReactions): ReactionTable {
  const table: Record<string, readonly AnyRule[]> = {};
  for (const [type, rules] of Object.entries(base) as unknown as [string, readonly AnyRule[]][]) {
    table[type] = rules.map((rule): AnyRule => ((rule as unknown) === catchUpComms ? (event, ctx) => (store.isLocal(event) ? rule(event, ctx) : undefined) : rule));
  }
  return table as unknown as ReactionTable;
}
