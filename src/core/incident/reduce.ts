// The one place state is derived from events. reduce() is pure and never mutates its input;
// replay() folds a whole journal with the same code but appends to arrays it owns in place,
// so 100,000 events replay in linear time instead of copying every array on every event.
import type { IncidentEvent, IncidentOpenedEvent } from './events.ts';
import type { CommandRun, DeliveryRecord, IncidentState, StepState } from './state.ts';

/** How collections change: copy-on-write for reduce(), in place for replay()'s own state. */
interface Ops {
  push<T>(list: readonly T[], item: T): T[];
  replaceAt<T>(list: readonly T[], index: number, item: T): T[];
  set<T>(record: Readonly<Record<string, T>>, key: string, value: T): Record<string, T>;
}

const copyOnWrite: Ops = {
  push: (list, item) => [...list, item],
  replaceAt: (list, index, item) => {
    const next = list.slice();
    next[index] = item;
    return next;
  },
  set: (record, key, value) => ({ ...record, [key]: value }),
};

// Only used on a state whose arrays and records were all created by this fold.
const inPlace: Ops = {
  push: (list, item) => {
    const owned = list as typeof item[];
    owned.push(item);
    return owned;
  },
  replaceAt: (list, index, item) => {
    const owned = list as typeof item[];
    owned[index] = item;
    return owned;
  },
  set: (record, key, value) => {
    const owned = record as Record<string, typeof value>;
    owned[key] = value;
    return owned;
  },
};

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
  return { ...next, actors, lastSeq: event.seq, lastEventAt: event.at };
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
    flags: [],
    escalations: [],
    updates: [],
    updateDue: [],
    deliveries: [],
    resolvedAt: null,
    resolvedSummary: null,
    reopenedAt: [],
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
  const who = { seq: event.seq, at: event.at, actor: event.actor };
  switch (event.type) {
    case 'incident.opened':
      throw new Error(`incident.opened at seq ${event.seq}: an incident is opened only once`);
    case 'step.checked':
    case 'step.unchecked':
    case 'step.skipped':
      return {
        ...state,
        steps: ops.set(state.steps, event.stepId, { state: stepStateFor[event.type], ...who, note: event.note }),
      };
    case 'note.added':
      return { ...state, notes: ops.push(state.notes, { ...who, text: event.text }) };
    case 'status.changed':
      return {
        ...state,
        status: event.to,
        statusHistory: ops.push(state.statusHistory, { ...who, from: state.status, to: event.to }),
        // Leaving `resolved` without a reopen event still means the incident is open again.
        resolvedAt: state.status === 'resolved' ? null : state.resolvedAt,
      };
    case 'severity.changed':
      return {
        ...state,
        severity: event.to,
        severityHistory: ops.push(state.severityHistory, { ...who, from: state.severity, to: event.to }),
      };
    case 'commander.changed':
      return {
        ...state,
        commander: event.to,
        commanderHistory: ops.push(state.commanderHistory, { ...who, from: state.commander, to: event.to }),
      };
    case 'parameter.set':
      return { ...state, parameters: ops.set(state.parameters, event.name, event.value) };
    case 'command.requested':
      return { ...state, commands: ops.push(state.commands, requestedRun(event)) };
    case 'command.confirmed':
      return updateCommand(state, event.requestSeq, ops, {
        phase: 'confirmed',
        script: event.script,
        confirmedAt: event.at,
        kubeContext: event.kubeContext,
        kubeNamespace: event.kubeNamespace,
        dryRun: event.dryRun,
      });
    case 'command.cancelled':
      return updateCommand(state, event.requestSeq, ops, { phase: 'cancelled', cancelReason: event.reason });
    case 'command.started':
      return updateCommand(state, event.requestSeq, ops, {
        phase: 'running',
        startedAt: event.at,
        pid: event.pid,
        cwd: event.cwd,
        script: event.script,
        kubeContext: event.kubeContext,
        outputFile: event.outputFile,
      });
    case 'command.finished':
      return updateCommand(state, event.requestSeq, ops, (run) => ({
        phase: 'finished',
        finishedAt: event.at,
        finishedSeq: event.seq,
        exitCode: event.exitCode,
        signal: event.signal,
        durationMs: event.durationMs,
        outputFile: event.outputFile ?? run.outputFile,
        outputBytes: event.outputBytes,
        outputSha256: event.outputSha256,
        timedOut: event.timedOut,
        cancelled: event.cancelled,
        dryRun: run.dryRun || event.dryRun,
        error: event.error,
        tail: event.tail.slice(),
      }));
    case 'flag.toggled':
      return {
        ...state,
        flags: ops.push(state.flags, {
          ...who,
          stepId: event.stepId,
          flag: event.flag,
          value: event.value,
          via: event.via,
          ok: event.ok,
          detail: event.detail,
        }),
      };
    case 'escalation.fired':
      return { ...state, escalations: ops.push(state.escalations, { ...event }) };
    case 'update.due':
      return { ...state, updateDue: ops.push(state.updateDue, { ...who, kind: event.kind, dueAt: event.dueAt }) };
    case 'update.posted':
      return {
        ...state,
        updates: ops.push(state.updates, {
          ...who,
          kind: event.kind,
          text: event.text,
          fields: { ...event.fields },
          nextUpdateMinutes: event.nextUpdateMinutes,
          deliveryIds: event.deliveryIds.slice(),
        }),
      };
    case 'delivery.requested':
      return {
        ...state,
        deliveries: ops.push(state.deliveries, {
          deliveryId: event.deliveryId,
          requestSeq: event.seq,
          requestedAt: event.at,
          destination: event.destination,
          kind: event.kind,
          payload: event.payload,
          parentDeliveryId: event.parentDeliveryId,
          phase: 'pending',
          attempts: 0,
          lastError: null,
          retryAt: null,
          response: null,
          deliveredAt: null,
        }),
      };
    case 'delivery.attempted':
      return updateDelivery(state, event.deliveryId, ops, (d) => ({ attempts: Math.max(d.attempts, event.attempt) }));
    case 'delivery.delivered':
      return updateDelivery(state, event.deliveryId, ops, (d) => ({
        phase: 'delivered',
        attempts: Math.max(d.attempts, event.attempt),
        response: event.response === null ? null : { ...event.response },
        deliveredAt: event.at,
        retryAt: null,
      }));
    case 'delivery.failed':
      return updateDelivery(state, event.deliveryId, ops, (d) => ({
        // A failure with a retry time is still on its way; without one the outbox gave up.
        phase: event.retryAt === null ? 'failed' : 'pending',
        attempts: Math.max(d.attempts, event.attempt),
        lastError: event.error,
        retryAt: event.retryAt,
      }));
    case 'incident.resolved':
      return {
        ...state,
        status: 'resolved',
        statusHistory: ops.push(state.statusHistory, { ...who, from: state.status, to: 'resolved' }),
        resolvedAt: event.at,
        resolvedSummary: event.summary,
      };
    case 'incident.reopened':
      return {
        ...state,
        status: 'investigating',
        statusHistory: ops.push(state.statusHistory, { ...who, from: state.status, to: 'investigating' }),
        resolvedAt: null,
        resolvedSummary: null,
        reopenedAt: ops.push(state.reopenedAt, event.at),
      };
    case 'journal.repaired':
      return {
        ...state,
        journalRepairs: ops.push(state.journalRepairs, {
          seq: event.seq,
          at: event.at,
          how: event.how,
          lines: event.lines.map((l) => l.line),
          damagedFile: event.damagedFile,
        }),
      };
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`unknown event type: ${JSON.stringify((event as { type?: unknown }).type)}`);
}

function requestedRun(event: Extract<IncidentEvent, { type: 'command.requested' }>): CommandRun {
  return {
    requestSeq: event.seq,
    stepId: event.stepId,
    commandId: event.commandId,
    template: event.template,
    risk: event.risk,
    phase: 'requested',
    requestedAt: event.at,
    requestedBy: event.actor,
    script: null,
    confirmedAt: null,
    kubeContext: null,
    kubeNamespace: null,
    dryRun: false,
    startedAt: null,
    pid: null,
    cwd: null,
    outputFile: null,
    finishedAt: null,
    exitCode: null,
    signal: null,
    durationMs: null,
    outputBytes: 0,
    outputSha256: null,
    timedOut: false,
    cancelled: false,
    error: null,
    tail: [],
    cancelReason: null,
  };
}

// Events that refer to a request or delivery the journal never recorded change nothing: the
// journal reader checks shape, not references, and one bad reference must not make a whole
// incident unreadable. Lookups scan from the end because the referenced item is usually recent.
function updateCommand(
  state: IncidentState,
  requestSeq: number,
  ops: Ops,
  change: Partial<CommandRun> | ((run: CommandRun) => Partial<CommandRun>),
): IncidentState {
  const index = state.commands.findLastIndex((run) => run.requestSeq === requestSeq);
  const run = state.commands[index];
  if (run === undefined) return state;
  const patch = typeof change === 'function' ? change(run) : change;
  return { ...state, commands: ops.replaceAt(state.commands, index, { ...run, ...patch }) };
}

function updateDelivery(
  state: IncidentState,
  deliveryId: string,
  ops: Ops,
  change: (record: DeliveryRecord) => Partial<DeliveryRecord>,
): IncidentState {
  const index = state.deliveries.findLastIndex((d) => d.deliveryId === deliveryId);
  const record = state.deliveries[index];
  if (record === undefined) return state;
  return { ...state, deliveries: ops.replaceAt(state.deliveries, index, { ...record, ...change(record) }) };
}
