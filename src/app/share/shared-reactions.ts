// The war room's reactions in a shared room. Every terminal hears of every event, but what the
// comms plan owes after one (a headline edit, a page) is requested by the terminal that made the
// event: otherwise each terminal would request its own copy. Happens-once keys catch what still
// races (two pages for one escalation); the rest (saying "paged X", drafting the post-mortem
// locally) runs everywhere. The room's own events are said to whom they concern: the requester
// hears the decision, the others hear that someone waits for them, a role's new holder reads
// its instructions.
import type { IncidentEvent } from '../../core/incident/events.ts';
import { roleInstructions } from '../../core/share/roles.ts';
import { catchUpComms, warRoomReactions, type ReactionContext, type ReactionTable } from '../reactions.ts';
import type { SharedEventStore } from './shared-event-store.ts';

type AnyRule = (event: IncidentEvent, ctx: ReactionContext) => Promise<void> | void;

export function sharedReactions(store: Pick<SharedEventStore, 'isLocal' | 'state'>, me: string, base: ReactionTable = warRoomReactions): ReactionTable {
  const table: Record<string, readonly AnyRule[]> = {};
  for (const [type, rules] of Object.entries(base) as unknown as [string, readonly AnyRule[]][]) {
    table[type] = rules.map((rule): AnyRule => ((rule as unknown) === catchUpComms ? (event, ctx) => (store.isLocal(event) ? rule(event, ctx) : undefined) : rule));
  }
  const say = (type: string, rule: AnyRule) => (table[type] = [...(table[type] ?? []), rule]);
  say('approval.requested', (event, ctx) => {
    if (event.type === 'approval.requested' && event.actor !== me) ctx.notify('warn', `${event.actor} asks for approval to run ${event.script.split('\n')[0] ?? ''}: A to decide`);
  });
  say('approval.decided', (event, ctx) => {
    if (event.type !== 'approval.decided') return;
    const record = store.state.approvals?.find((a) => a.requestSeq === event.requestSeq && a.decision?.seq === event.seq);
    if (record?.requester !== me) return;
    if (event.approved) ctx.notify('info', `${event.actor} approved your command: confirm it again to run it`);
    else ctx.notify('warn', `${event.actor} rejected your command${event.reason ? `: ${event.reason}` : ''}`);
  });
  say('role.assigned', (event, ctx) => {
    if (event.type === 'role.assigned' && event.to === me) ctx.notify('info', `you are ${event.role}: ${roleInstructions(store.state, event.role)}`);
  });
  say('commander.changed', (event, ctx) => {
    if (event.type === 'commander.changed' && event.to === me) ctx.notify('info', `you are the incident commander: ${roleInstructions(store.state, 'commander')}`);
  });
  return table as unknown as ReactionTable;
}
