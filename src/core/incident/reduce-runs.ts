// The part of reduce() that follows requests through their phases: command runs, flag changes
// and deliveries, each keyed by the seq (or id) of the event that requested it.
import type { IncidentEvent } from './events.ts';
import { patchLast, type Ops } from './reduce-ops.ts';
import { deliveryRequestOf } from './deliveries.ts';
import type { CommandRun, DeliveryProgress, DeliveryRecord, FlagRun, IncidentState } from './state.ts';

type EventOf<T extends IncidentEvent['type']> = Extract<IncidentEvent, { type: T }>;

export type RunEvent = EventOf<
  | 'command.requested'
  | 'command.confirmed'
  | 'command.cancelled'
  | 'command.started'
  | 'command.finished'
  | 'flag.requested'
  | 'flag.confirmed'
  | 'flag.started'
  | 'flag.cancelled'
  | 'flag.finished'
  | 'flag.toggled'
  | 'delivery.requested'
  | 'delivery.attempted'
  | 'delivery.delivered'
  | 'delivery.failed'
>;

const RUN_EVENT_TYPES: ReadonlySet<string> = new Set<RunEvent['type']>([
  'command.requested',
  'command.confirmed',
  'command.cancelled',
  'command.started',
  'command.finished',
  'flag.requested',
  'flag.confirmed',
  'flag.started',
  'flag.cancelled',
  'flag.finished',
  'flag.toggled',
  'delivery.requested',
  'delivery.attempted',
  'delivery.delivered',
  'delivery.failed',
]);

export function isRunEvent(event: IncidentEvent): event is RunEvent {
  return RUN_EVENT_TYPES.has(event.type);
}

function command(state: IncidentState, ops: Ops, requestSeq: number, patch: (run: CommandRun) => Partial<CommandRun>): IncidentState {
  return ops.with(state, { commands: patchLast(state.commands, ops, (run) => run.requestSeq === requestSeq, patch) });
}

function flag(state: IncidentState, ops: Ops, requestSeq: number, patch: (run: FlagRun) => Partial<FlagRun>): IncidentState {
  return ops.with(state, { flagRuns: patchLast(state.flagRuns, ops, (run) => run.requestSeq === requestSeq, patch) });
}

function delivery(state: IncidentState, ops: Ops, id: string, patch: (record: DeliveryRecord) => Partial<DeliveryProgress>): IncidentState {
  return ops.with(state, { deliveries: patchLast(state.deliveries, ops, (d) => d.deliveryId === id, patch) });
}

export function applyRunEvent(state: IncidentState, event: RunEvent, ops: Ops): IncidentState {
  const who = { seq: event.seq, at: event.at, actor: event.actor };
  switch (event.type) {
    case 'command.requested':
      return ops.with(state, { commands: ops.push(state.commands, requestedRun(event)) });
    case 'command.confirmed':
      return command(state, ops, event.requestSeq, () => ({
        phase: 'confirmed',
        script: event.script,
        confirmedAt: event.at,
        kubeContext: event.kubeContext,
        kubeNamespace: event.kubeNamespace,
        dryRun: event.dryRun,
      }));
    case 'command.cancelled':
      return command(state, ops, event.requestSeq, () => ({ phase: 'cancelled', cancelReason: event.reason }));
    case 'command.started':
      return command(state, ops, event.requestSeq, () => ({
        phase: 'running',
        startedAt: event.at,
        pid: event.pid,
        cwd: event.cwd,
        script: event.script,
        kubeContext: event.kubeContext,
        outputFile: event.outputFile,
      }));
    case 'command.finished':
      return command(state, ops, event.requestSeq, (run) => ({
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
        outcomeUnknown: event.outcome === 'unknown',
        reason: event.reason ?? null,
      }));
    case 'flag.requested':
      return ops.with(state, { flagRuns: ops.push(state.flagRuns, requestedFlag(event)) });
    case 'flag.confirmed':
      return flag(state, ops, event.requestSeq, () => ({ phase: 'confirmed', script: event.script, confirmedAt: event.at, dryRun: event.dryRun }));
    case 'flag.started':
      // Still confirmed (one phase for "in flight"); when and which process, for the screens.
      return flag(state, ops, event.requestSeq, () => ({ startedAt: event.at, pid: event.pid }));
    case 'flag.cancelled':
      return flag(state, ops, event.requestSeq, () => ({ phase: 'cancelled', cancelReason: event.reason }));
    case 'flag.finished': {
      const run = state.flagRuns.findLast((r) => r.requestSeq === event.requestSeq);
      if (run === undefined) return state;
      const unknown = event.outcome === 'unknown';
      const next = flag(state, ops, event.requestSeq, () => ({
        phase: 'finished',
        finishedAt: event.at,
        finishedSeq: event.seq,
        ok: event.ok,
        detail: event.detail,
        outputFile: event.outputFile,
        outcomeUnknown: unknown,
      }));
      const change = { ...who, stepId: run.stepId, flag: run.flag, value: run.value, via: event.via, ok: event.ok, detail: event.detail, outcomeUnknown: unknown };
      return ops.with(next, { flags: ops.push(next.flags, change) });
    }
    case 'flag.toggled': {
      const { stepId, flag: name, value, via, ok, detail } = event;
      return ops.with(state, { flags: ops.push(state.flags, { ...who, stepId, flag: name, value, via, ok, detail, outcomeUnknown: false }) });
    }
    case 'delivery.requested':
      return ops.with(state, {
        deliveries: ops.push(state.deliveries, {
          ...deliveryRequestOf(event),
          deliveryId: event.deliveryId,
          requestSeq: event.seq,
          requestedAt: event.at,
          parentDeliveryId: event.parentDeliveryId,
          phase: 'pending',
          attempts: 0,
          answered: 0,
          lastError: null,
          retryAt: null,
          response: null,
          deliveredAt: null,
        }),
      });
    case 'delivery.attempted':
      return delivery(state, ops, event.deliveryId, (d) => ({ attempts: Math.max(d.attempts, event.attempt) }));
    case 'delivery.delivered':
      return delivery(state, ops, event.deliveryId, (d) => ({
        phase: 'delivered',
        attempts: Math.max(d.attempts, event.attempt),
        response: event.response === null ? null : { ...event.response },
        deliveredAt: event.at,
        retryAt: null,
      }));
    case 'delivery.failed':
      return delivery(state, ops, event.deliveryId, (d) => ({
        // A failure with a retry time is still on its way; without one the outbox gave up.
        phase: event.retryAt === null ? 'failed' : 'pending',
        attempts: Math.max(d.attempts, event.attempt),
        answered: Math.max(d.answered ?? 0, event.attempt),
        lastError: event.error,
        retryAt: event.retryAt,
      }));
  }
}

function requestedRun(event: EventOf<'command.requested'>): CommandRun {
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
    outcomeUnknown: false,
    reason: null,
  };
}

function requestedFlag(event: EventOf<'flag.requested'>): FlagRun {
  return {
    requestSeq: event.seq,
    stepId: event.stepId,
    flag: event.flag,
    value: event.value,
    via: event.via,
    script: event.script,
    current: event.current ?? null,
    phase: 'requested',
    requestedAt: event.at,
    requestedBy: event.actor,
    confirmedAt: null,
    dryRun: false,
    finishedAt: null,
    ok: null,
    detail: null,
    outputFile: null,
    outcomeUnknown: false,
    cancelReason: null,
  };
}
