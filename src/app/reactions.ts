// "After event X, do Y": every such rule of the war room, in one table keyed by event type. The
// session runs the rules of each event once it is durable and in the state, whoever appended it
// (a key, the clock, a flow), so no method has to remember to call them.
import type { IncidentEvent, IncidentEventType } from '../core/incident/events.ts';
import { errorMessage } from '../errors.ts';
import type { CommsPort, PostmortemWriter, StatusLevel } from './session-types.ts';

/** What a reaction may use: the war room's services and its status line. */
export interface ReactionContext {
  readonly events: readonly IncidentEvent[];
  readonly comms: CommsPort | undefined;
  readonly writePostmortem: PostmortemWriter | undefined;
  notify(level: StatusLevel, text: string): void;
  /** The draft's path, for the header. */
  postmortemWritten(path: string): void;
}

export type Reaction<T extends IncidentEventType> = (event: Extract<IncidentEvent, { type: T }>, ctx: ReactionContext) => Promise<void> | void;

export type ReactionTable = { readonly [T in IncidentEventType]?: readonly Reaction<T>[] };

/** Record whatever messages are owed now (the plan decides which). */
export const catchUpComms = async (_event: IncidentEvent, ctx: ReactionContext): Promise<void> => {
  try {
    await ctx.comms?.catchUp?.();
  } catch (error) {
    ctx.notify('error', `comms: ${errorMessage(error)}`);
  }
};

/** The draft is written the moment the incident resolves, while the details are fresh. */
const draftPostmortem: Reaction<'incident.resolved'> = async (_event, ctx) => {
  if (!ctx.writePostmortem) return;
  try {
    const file = await ctx.writePostmortem(ctx.events);
    ctx.postmortemWritten(file);
    ctx.notify('info', `post-mortem draft: ${file}`);
  } catch (error) {
    ctx.notify('error', `post-mortem draft not written: ${errorMessage(error)}`);
  }
};

const sayResolved: Reaction<'incident.resolved'> = (_event, ctx) => ctx.notify('info', 'incident resolved');

const sayPaged: Reaction<'escalation.fired'> = (event, ctx) =>
  ctx.notify('warn', `paged ${event.target}${event.late ? ' (late: warroom was not running)' : ''}`);

export const warRoomReactions: ReactionTable = {
  // The resolution is announced and the draft written; the headline edit follows with the plan.
  'incident.resolved': [sayResolved, draftPostmortem, catchUpComms],
  // What the Slack headline shows changed: the plan owes an edit.
  'status.changed': [catchUpComms],
  'severity.changed': [catchUpComms],
  'commander.changed': [catchUpComms],
  'incident.reopened': [catchUpComms],
  // A threshold passed or `e` was pressed: the plan owes a page.
  'escalation.fired': [sayPaged, catchUpComms],
  // An update was posted: the PagerDuty incident the war room was opened from owes a note.
  'update.posted': [catchUpComms],
  // A status-page update landed: the internal thread owes its link.
  'delivery.delivered': [catchUpComms],
};

/** Runs the table's rules for one event, in order. */
export async function react(table: ReactionTable, event: IncidentEvent, ctx: ReactionContext): Promise<void> {
  const rules = (table[event.type] ?? []) as readonly Reaction<typeof event.type>[];
  for (const rule of rules) await rule(event as never, ctx);
}
