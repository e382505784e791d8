// Every request in a journal (a command run, a flag change, a delivery) with the events that
// followed it, in one pass. The dashboard's timeline and the post-mortem's tell the same facts in
// their own words: both read a run's script, result and step from here rather than each keeping
// its own bookkeeping of which event belongs to which request.
import type {
  CommandCancelledEvent,
  CommandConfirmedEvent,
  CommandFinishedEvent,
  CommandRequestedEvent,
  CommandStartedEvent,
  DeliveryRequestedEvent,
  FlagCancelledEvent,
  FlagConfirmedEvent,
  FlagFinishedEvent,
  FlagRequestedEvent,
  FlagToggledEvent,
  IncidentEvent,
} from './events.ts';
import type { FlagChange } from './state.ts';

export interface CommandFacts {
  requested?: CommandRequestedEvent;
  confirmed?: CommandConfirmedEvent;
  started?: CommandStartedEvent;
  finished?: CommandFinishedEvent;
  cancelled?: CommandCancelledEvent;
}

export interface FlagFacts {
  requested?: FlagRequestedEvent;
  confirmed?: FlagConfirmedEvent;
  finished?: FlagFinishedEvent;
  cancelled?: FlagCancelledEvent;
}

export interface RequestIndex {
  commands: Map<number, CommandFacts>;
  flags: Map<number, FlagFacts>;
  deliveries: Map<string, DeliveryRequestedEvent>;
}

function factsOf<F extends object>(map: Map<number, F>, seq: number): F {
  let facts = map.get(seq);
  if (facts === undefined) map.set(seq, (facts = {} as F));
  return facts;
}

export function indexRequests(events: readonly IncidentEvent[]): RequestIndex {
  const index: RequestIndex = { commands: new Map(), flags: new Map(), deliveries: new Map() };
  for (const e of events) {
    if (e.type === 'command.requested') factsOf(index.commands, e.seq).requested = e;
    else if (e.type === 'command.confirmed') factsOf(index.commands, e.requestSeq).confirmed = e;
    else if (e.type === 'command.started') factsOf(index.commands, e.requestSeq).started = e;
    else if (e.type === 'command.finished') factsOf(index.commands, e.requestSeq).finished = e;
    else if (e.type === 'command.cancelled') factsOf(index.commands, e.requestSeq).cancelled = e;
    else if (e.type === 'flag.requested') factsOf(index.flags, e.seq).requested = e;
    else if (e.type === 'flag.confirmed') factsOf(index.flags, e.requestSeq).confirmed = e;
    else if (e.type === 'flag.finished') factsOf(index.flags, e.requestSeq).finished = e;
    else if (e.type === 'flag.cancelled') factsOf(index.flags, e.requestSeq).cancelled = e;
    else if (e.type === 'delivery.requested') index.deliveries.set(e.deliveryId, e);
  }
  return index;
}

/** What a run looks like so far: the script confirmed, else the template asked for. */
export function commandScript(facts: CommandFacts | undefined): string {
  return facts?.started?.script ?? facts?.confirmed?.script ?? facts?.requested?.template ?? '';
}

/**
 * The flag change an ending event reports, in one shape for both generations of journal: a
 * format-1 flag.toggled carries it all, a flag.finished names its request for the rest.
 */
export function flagChangeOf(event: FlagToggledEvent | FlagFinishedEvent, index: RequestIndex): Omit<FlagChange, 'seq' | 'at' | 'actor'> {
  if (event.type === 'flag.toggled') {
    const { stepId, flag, value, via, ok, detail } = event;
    return { stepId, flag, value, via, ok, detail, outcomeUnknown: false };
  }
  const requested = index.flags.get(event.requestSeq)?.requested;
  return {
    stepId: requested?.stepId ?? '',
    flag: requested?.flag ?? '?',
    value: requested?.value ?? '?',
    via: event.via,
    ok: event.ok,
    detail: event.detail,
    outcomeUnknown: event.outcome === 'unknown',
  };
}
