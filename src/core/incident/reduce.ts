// The one place state is derived from events. reduce() is pure and never mutates its input;
// replay() folds a whole journal with the same code but appends to arrays it owns in place
// (reduce-ops.ts). Requests followed through phases (commands, flags, deliveries) are in
// reduce-runs.ts.
import type { IncidentEvent, IncidentOpenedEvent } from './events.ts';
import { copyOnWrite, inPlace, type Ops } from './reduce-ops.ts';
import { applyAlertEvent, isAlertEvent } from './reduce-alert.ts';
import { applyRunEvent, isRunEvent } from './reduce-runs.ts';
import { applyRoomEvent } from './reduce-room.ts';
import type { IncidentState, StepState } from './state.ts';

/** Applies one event. The first event of a journal must be `incident.opened`. */
export function reduce(state: IncidentState | undefined, event: IncidentEvent): IncidentState {
  return apply(state, event, copyOnWrite);
}

/** Folds a whole journal; gives exactly what reducing the events one by one gives. */
export function replay(events: readonly IncidentEvent[]): IncidentState {
  let state: IncidentState | undefined;
  for (const event of events) state = apply(state, event, inPlace);
  if (state === undefined) throw new Error('journal has no events');
  return state;
}

function apply(state: IncidentState | undefined, event: IncidentEvent, ops: Ops): IncidentState {
  if (state === undefined) {
    if (event.type !== 'incident.opened') throw new Error('journal does not start with incident.opened');
    return opened(event);
  }
  const next = applyToOpen(state, event, ops);
  const actors = next.actors.includes(event.actor) ? next.actors : ops.push(next.actors, event.actor);
  if (ops !== inPlace) return { ...next, actors, lastSeq: event.seq, lastEventAt: event.at };
  // Every event sets these: plain stores on the state replay() owns, not a generic merge.
  const owned = next as { -readonly [K in keyof IncidentState]: IncidentState[K] };
  owned.actors = actors;
  owned.lastSeq = event.seq;
  owned.lastEventAt = event.at;
  return owned;
}

function opened(event: IncidentOpenedEvent): IncidentState {
  return {
    incidentId: event.incidentId,
    title: event.title,
    runbook: event.runbook,
    runbookPath: event.runbookPath,
    runbookHash: event.runbookHash,
    service: event.service,
    severity: event.severity,
    severityHistory: [],
    status: 'investigating',
    statusHistory: [],
    commander: event.commander,
    commanderHistory: [],
    openedAt: event.at,
    openedBy: event.actor,
    detectedAt: event.detectedAt,
    impactStartedAt: event.impactStartedAt,
    escalationFrom: event.escalationFrom,
    updateCadenceMinutes: event.updateCadenceMinutes,
    mode: { dryRun: event.mode.dryRun, readonly: event.mode.readonly },
    steps: {},
    notes: [],
    parameters: {},
    commands: [],
    flagRuns: [],
    flags: [],
    escalations: [],
    updates: [],
    updateDue: [],
    deliveries: [],
    resolvedAt: null,
    resolvedSummary: null,
    reopenedAt: [],
    acknowledged: null,
    alert: null,
    journalRepairs: [],
    actors: [event.actor],
    lastSeq: event.seq,
    lastEventAt: event.at,
  };
}

const stepStateFor: Record<'step.checked' | 'step.unchecked' | 'step.skipped', StepState> = {
  'step.checked': 'checked',
  'step.unchecked': 'open',
  'step.skipped': 'skipped',
};

function applyToOpen(state: IncidentState, event: IncidentEvent, ops: Ops): IncidentState {
  if (isRunEvent(event)) return applyRunEvent(state, event, ops);
  if (isAlertEvent(event)) return applyAlertEvent(state, event, ops);
  const who = { seq: event.seq, at: event.at, actor: event.actor };
  switch (event.type) {
    case 'incident.opened':
      throw new Error(`incident.opened at seq ${event.seq}: an incident is opened only once`);
    case 'step.checked':
    case 'step.unchecked':
    case 'step.skipped':
      return ops.with(state, {
        steps: ops.set(state.steps, event.stepId, { state: stepStateFor[event.type], ...who, note: event.note }),
      });
    case 'note.added':
      return ops.with(state, { notes: ops.push(state.notes, { ...who, text: event.text }) });
    case 'status.changed':
      return ops.with(state, {
        status: event.to,
        statusHistory: ops.push(state.statusHistory, { ...who, from: state.status, to: event.to }),
        // Leaving `resolved` without a reopen event still means the incident is open again.
        resolvedAt: state.status === 'resolved' ? null : state.resolvedAt,
      });
    case 'severity.changed':
      return ops.with(state, {
        severity: event.to,
        severityHistory: ops.push(state.severityHistory, { ...who, from: state.severity, to: event.to }),
      });
    case 'commander.changed':
      return ops.with(state, {
        commander: event.to,
        commanderHistory: ops.push(state.commanderHistory, { ...who, from: state.commander, to: event.to }),
      });
    case 'parameter.set':
      return ops.with(state, { parameters: ops.set(state.parameters, event.name, event.value) });
    case 'escalation.fired':
      return ops.with(state, { escalations: ops.push(state.escalations, { ...event }) });
    case 'update.due':
      return ops.with(state, { updateDue: ops.push(state.updateDue, { ...who, kind: event.kind, dueAt: event.dueAt }) });
    case 'update.posted':
      return ops.with(state, {
        updates: ops.push(state.updates, {
          ...who,
          kind: event.kind,
          text: event.text,
          fields: { ...event.fields },
          nextUpdateMinutes: event.nextUpdateMinutes,
          deliveryIds: event.deliveryIds.slice(),
        }),
      });
    case 'incident.acknowledged':
      return state.acknowledged !== null ? state : ops.with(state, { acknowledged: { at: event.at, by: event.by, via: event.via } });
    case 'incident.resolved':
      return ops.with(state, {
        status: 'resolved',
        statusHistory: ops.push(state.statusHistory, { ...who, from: state.status, to: 'resolved' }),
        resolvedAt: event.at,
        resolvedSummary: event.summary,
      });
    case 'incident.reopened':
      return ops.with(state, {
        status: 'investigating',
        statusHistory: ops.push(state.statusHistory, { ...who, from: state.status, to: 'investigating' }),
        resolvedAt: null,
        resolvedSummary: null,
        reopenedAt: ops.push(state.reopenedAt, event.at),
      });
    case 'role.assigned':
    case 'approval.requested':
    case 'approval.decided':
      return applyRoomEvent(state, event, ops);
    case 'operator.left':
    case 'operator.returned':
      // Presence only: the timelines tell it; nothing about the incident changes.
      return state;
    case 'journal.repaired':
      return ops.with(state, {
        journalRepairs: ops.push(state.journalRepairs, {
          seq: event.seq,
          at: event.at,
          how: event.how,
          lines: event.lines.map((l) => l.line),
          damagedFile: event.damagedFile,
        }),
      });
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`unknown event type: ${JSON.stringify((event as { type?: unknown }).type)}`);
}
