import { describe, expect, it } from 'vitest';
import { reduce, replay } from '../../../src/core/incident/reduce.ts';
import type { IncidentEvent, NewEvent } from '../../../src/core/incident/events.ts';
import type { IncidentState } from '../../../src/core/incident/state.ts';
import { at, EventLog, openedEvent } from './fixtures.ts';

/** Reduces the opened event plus the given events (stamped 1 minute apart from 10:06). */
function stateAfter(...events: NewEvent[]): IncidentState {
  const log = new EventLog();
  events.forEach((event, i) => log.add(6 + i, event));
  return log.events.reduce<IncidentState | undefined>(reduce, undefined) as IncidentState;
}

const requested: NewEvent = {
  type: 'command.requested',
  actor: 'alice',
  stepId: 'mit-rollback',
  commandId: 'mit-rollback/c0',
  template: 'kubectl rollout undo deployment/api-service',
  risk: 'change',
};

describe('reduce', () => {
  it('opens an incident from incident.opened', () => {
    const state = reduce(undefined, openedEvent());
    expect(state).toMatchObject({
      incidentId: '2026-11-26-1005-api-high-latency',
      status: 'investigating',
      severity: 'SEV-2',
      commander: 'alice',
      openedAt: at(5),
      openedBy: 'alice',
      detectedAt: at(0),
      escalationFrom: 'detection',
      updateCadenceMinutes: 15,
      actors: ['alice'],
      lastSeq: 1,
      lastEventAt: at(5),
      steps: {},
      commands: [],
    });
    expect(state.runbook.escalation).toHaveLength(2);
  });

  it('refuses a journal that does not start with incident.opened', () => {
    const note = { type: 'note.added', seq: 1, at: at(0), actor: 'a', text: 'x' } as const;
    expect(() => reduce(undefined, note)).toThrow('journal does not start with incident.opened');
    expect(() => replay([])).toThrow('journal has no events');
  });

  it('refuses a second incident.opened', () => {
    const state = reduce(undefined, openedEvent());
    expect(() => reduce(state, openedEvent({ seq: 2 }))).toThrow(/opened only once/);
  });

  it('records checked, unchecked and skipped steps with their note', () => {
    const state = stateAfter(
      { type: 'step.checked', actor: 'alice', stepId: 'ia-dash', note: null },
      { type: 'step.skipped', actor: 'bob', stepId: 'ia-pods', note: 'no access' },
      { type: 'step.unchecked', actor: 'alice', stepId: 'ia-deploys', note: null },
    );
    expect(state.steps['ia-dash']).toEqual({ state: 'checked', seq: 2, at: at(6), actor: 'alice', note: null });
    expect(state.steps['ia-pods']).toMatchObject({ state: 'skipped', note: 'no access', actor: 'bob' });
    expect(state.steps['ia-deploys']?.state).toBe('open');
    expect(state.actors).toEqual(['alice', 'bob']);
    expect(state.lastSeq).toBe(4);
  });

  it('adds notes and sets parameters', () => {
    const state = stateAfter(
      { type: 'note.added', actor: 'alice', text: 'p95 at 2.1s' },
      { type: 'parameter.set', actor: 'alice', name: 'NAMESPACE', value: 'production' },
      { type: 'parameter.set', actor: 'alice', name: 'NAMESPACE', value: 'staging' },
    );
    expect(state.notes).toEqual([{ seq: 2, at: at(6), actor: 'alice', text: 'p95 at 2.1s' }]);
    expect(state.parameters).toEqual({ NAMESPACE: 'staging' });
  });

  it('changes status, severity and commander, keeping history', () => {
    const state = stateAfter(
      { type: 'status.changed', actor: 'alice', from: 'investigating', to: 'identified' },
      { type: 'severity.changed', actor: 'alice', from: 'SEV-2', to: 'SEV-1' },
      { type: 'commander.changed', actor: 'alice', from: 'alice', to: 'bob' },
    );
    expect(state.status).toBe('identified');
    expect(state.statusHistory).toEqual([
      { seq: 2, at: at(6), actor: 'alice', from: 'investigating', to: 'identified' },
    ]);
    expect(state.severity).toBe('SEV-1');
    expect(state.severityHistory[0]).toMatchObject({ from: 'SEV-2', to: 'SEV-1' });
    expect(state.commander).toBe('bob');
    expect(state.commanderHistory[0]).toMatchObject({ from: 'alice', to: 'bob', seq: 4 });
  });

  it('follows a command from request to finish', () => {
    const state = stateAfter(
      requested,
      {
        type: 'command.confirmed',
        actor: 'alice',
        requestSeq: 2,
        script: 'kubectl rollout undo deployment/api-service',
        confirmation: 'yes',
        kubeContext: 'prod',
        kubeNamespace: 'default',
        dryRun: false,
      },
      {
        type: 'command.started',
        actor: 'system',
        requestSeq: 2,
        pid: 4242,
        cwd: '/tmp',
        script: 'kubectl rollout undo deployment/api-service',
        kubeContext: 'prod',
        outputFile: 'commands/2.log',
      },
    );
    expect(state.commands).toHaveLength(1);
    expect(state.commands[0]).toMatchObject({
      requestSeq: 2,
      phase: 'running',
      requestedAt: at(6),
      confirmedAt: at(7),
      startedAt: at(8),
      pid: 4242,
      kubeContext: 'prod',
      kubeNamespace: 'default',
      outputFile: 'commands/2.log',
    });
    const finished = reduce(state, {
      type: 'command.finished',
      seq: 5,
      at: at(9),
      actor: 'system',
      requestSeq: 2,
      exitCode: 0,
      signal: null,
      durationMs: 42_000,
      outputFile: null,
      outputBytes: 120,
      outputSha256: 'ff',
      timedOut: false,
      cancelled: false,
      dryRun: false,
      error: null,
      tail: ['deployment.apps/api-service rolled back'],
    });
    expect(finished.commands[0]).toMatchObject({
      phase: 'finished',
      exitCode: 0,
      durationMs: 42_000,
      finishedAt: at(9),
      // A finish without a file keeps the one the start announced.
      outputFile: 'commands/2.log',
      tail: ['deployment.apps/api-service rolled back'],
    });
    expect(state.commands[0]?.phase).toBe('running');
  });

  it('cancels a command before it runs and ignores references to unknown requests', () => {
    const state = stateAfter(requested, { type: 'command.cancelled', actor: 'alice', requestSeq: 2, reason: 'escape' });
    expect(state.commands[0]).toMatchObject({ phase: 'cancelled', cancelReason: 'escape' });
    const ignored = reduce(state, { type: 'command.cancelled', seq: 4, at: at(9), actor: 'x', requestSeq: 99, reason: 'r' });
    expect(ignored.commands).toEqual(state.commands);
    expect(ignored.lastSeq).toBe(4);
  });

  it('records flag toggles, escalations and due/posted updates', () => {
    const state = stateAfter(
      {
        type: 'flag.toggled',
        actor: 'alice',
        stepId: 'mit-flag',
        flag: 'circuit_breaker_api',
        value: 'true',
        via: 'http',
        ok: true,
        detail: null,
      },
      {
        type: 'escalation.fired',
        actor: 'system',
        level: 1,
        afterMinutes: 15,
        action: 'page',
        target: 'Engineering Manager',
        dueAt: at(15),
        late: false,
        manual: false,
      },
      { type: 'update.due', actor: 'system', kind: 'internal', dueAt: at(20) },
      {
        type: 'update.posted',
        actor: 'alice',
        kind: 'internal',
        text: 'Status: Identified',
        fields: { status: 'Identified' },
        nextUpdateMinutes: 30,
        deliveryIds: ['d1'],
      },
    );
    expect(state.flags[0]).toMatchObject({ flag: 'circuit_breaker_api', ok: true, via: 'http', seq: 2 });
    expect(state.escalations[0]).toMatchObject({ level: 1, target: 'Engineering Manager', seq: 3 });
    expect(state.updateDue).toEqual([{ seq: 4, at: at(8), actor: 'system', kind: 'internal', dueAt: at(20) }]);
    expect(state.updates[0]).toMatchObject({ nextUpdateMinutes: 30, deliveryIds: ['d1'], seq: 5 });
  });

  it('tracks deliveries through attempts, failures and delivery', () => {
    const requestedDelivery: NewEvent = {
      type: 'delivery.requested',
      actor: 'system',
      deliveryId: 'd1',
      destination: 'slack',
      kind: 'update',
      payload: { via: 'api', message: { text: 'hi' } },
      parentDeliveryId: null,
    };
    const retrying = stateAfter(
      requestedDelivery,
      { type: 'delivery.attempted', actor: 'system', deliveryId: 'd1', attempt: 1 },
      { type: 'delivery.failed', actor: 'system', deliveryId: 'd1', attempt: 1, error: 'HTTP 429', retryable: true, retryAt: at(9) },
    );
    expect(retrying.deliveries[0]).toMatchObject({ phase: 'pending', attempts: 1, lastError: 'HTTP 429', retryAt: at(9) });
    const delivered = reduce(retrying, {
      type: 'delivery.delivered',
      seq: 5,
      at: at(10),
      actor: 'system',
      deliveryId: 'd1',
      attempt: 2,
      response: { ts: '1.2', channel: 'C1' },
    });
    expect(delivered.deliveries[0]).toMatchObject({
      phase: 'delivered',
      attempts: 2,
      deliveredAt: at(10),
      retryAt: null,
      response: { ts: '1.2', channel: 'C1' },
    });
    const gaveUp = stateAfter(requestedDelivery, {
      type: 'delivery.failed',
      actor: 'system',
      deliveryId: 'd1',
      attempt: 1,
      error: 'channel_not_found',
      retryable: false,
      retryAt: null,
    });
    expect(gaveUp.deliveries[0]).toMatchObject({ phase: 'failed', lastError: 'channel_not_found' });
  });

  it('resolves and reopens', () => {
    const resolved = stateAfter(
      { type: 'status.changed', actor: 'alice', from: 'investigating', to: 'monitoring' },
      { type: 'incident.resolved', actor: 'alice', from: 'monitoring', summary: 'rolled back' },
    );
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: at(7), resolvedSummary: 'rolled back' });
    expect(resolved.statusHistory.map((s) => s.to)).toEqual(['monitoring', 'resolved']);
    const reopened = reduce(resolved, { type: 'incident.reopened', seq: 4, at: at(20), actor: 'bob', reason: 'back' });
    expect(reopened).toMatchObject({ status: 'investigating', resolvedAt: null, reopenedAt: [at(20)] });
    expect(reopened.statusHistory.at(-1)).toMatchObject({ from: 'resolved', to: 'investigating' });
  });

  it('never mutates the state it is given', () => {
    const log = new EventLog();
    log.add(6, requested);
    const before = replay(log.events);
    const snapshot = JSON.stringify(before);
    reduce(before, { type: 'note.added', seq: 3, at: at(7), actor: 'carol', text: 'x' });
    reduce(before, { type: 'step.checked', seq: 3, at: at(7), actor: 'carol', stepId: 'ia-dash', note: null });
    reduce(before, { type: 'command.cancelled', seq: 3, at: at(7), actor: 'carol', requestSeq: 2, reason: 'r' });
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it('rejects an unknown event type at run time', () => {
    const state = reduce(undefined, openedEvent());
    const bogus = { type: 'bogus', seq: 2, at: at(6), actor: 'a' } as unknown as IncidentEvent;
    expect(() => reduce(state, bogus)).toThrow('unknown event type: "bogus"');
  });
});
