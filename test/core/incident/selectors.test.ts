import { describe, expect, it } from 'vitest';
import { activeRun, requestOf } from '../../../src/core/incident/run-selectors.ts';
import { replay } from '../../../src/core/incident/reduce.ts';
import {
  commandsRun,
  describeOutcome,
  failedDeliveries,
  findStep,
  flatSteps,
  lastUpdate,
  mitigationsSince,
  pendingDeliveries,
  runningCommand,
  sectionProgress,
  stepStateOf,
  succeeded,
} from '../../../src/core/incident/selectors.ts';
import type { CommandFinishedEvent, NewEvent } from '../../../src/core/incident/events.ts';
import { EventLog } from './fixtures.ts';

const request = (stepId: string, template: string): NewEvent => ({
  type: 'command.requested',
  actor: 'alice',
  stepId,
  commandId: `${stepId}/c0`,
  template,
  risk: 'change',
});

const finish = (requestSeq: number, over: Partial<CommandFinishedEvent> = {}): NewEvent => ({
  type: 'command.finished',
  actor: 'system',
  requestSeq,
  exitCode: 0,
  signal: null,
  durationMs: 42_000,
  outputFile: `commands/${requestSeq}.log`,
  outputBytes: 10,
  outputSha256: null,
  timedOut: false,
  cancelled: false,
  dryRun: false,
  error: null,
  tail: [],
  ...over,
});

describe('step selectors', () => {
  it('flattens steps depth first with nesting depth', () => {
    const state = replay(new EventLog().events);
    expect(flatSteps(state).map((s) => `${s.sectionId}/${s.step.id}@${s.depth}`)).toEqual([
      'initial-assessment/ia-dash@0',
      'initial-assessment/ia-deploys@0',
      'initial-assessment/ia-pods@0',
      'initial-assessment/ia-pods-restarts@1',
      'initial-assessment/ia-pods-oom@1',
      'mitigation/mit-rollback@0',
      'mitigation/mit-flag@0',
    ]);
    expect(findStep(state, 'ia-pods-oom')?.step.text).toBe('Look for OOMKilled');
    expect(findStep(state, 'nope')).toBeNull();
  });

  it('uses the runbook initial state until an event says otherwise', () => {
    const log = new EventLog();
    expect(stepStateOf(replay(log.events), 'ia-deploys')).toBe('checked');
    expect(stepStateOf(replay(log.events), 'ia-dash')).toBe('open');
    log.add(6, { type: 'step.unchecked', actor: 'alice', stepId: 'ia-deploys', note: null });
    log.add(7, { type: 'step.skipped', actor: 'alice', stepId: 'ia-pods-oom', note: null });
    const state = replay(log.events);
    expect(stepStateOf(state, 'ia-deploys')).toBe('open');
    expect(stepStateOf(state, 'ia-pods-oom')).toBe('skipped');
    expect(stepStateOf(state, 'unknown')).toBe('open');
  });

  it('counts progress per section, nested steps and skips included', () => {
    const log = new EventLog();
    log.add(6, { type: 'step.checked', actor: 'alice', stepId: 'ia-pods-restarts', note: null });
    log.add(7, { type: 'step.skipped', actor: 'alice', stepId: 'ia-pods-oom', note: null });
    log.add(8, { type: 'step.checked', actor: 'alice', stepId: 'mit-flag', note: null });
    expect(sectionProgress(replay(log.events))).toEqual([
      { sectionId: 'initial-assessment', title: 'Initial Assessment', kind: 'check', done: 3, total: 5 },
      { sectionId: 'mitigation', title: 'Mitigation Steps', kind: 'mitigate', done: 1, total: 2 },
      { sectionId: 'info', title: 'Notes', kind: 'info', done: 0, total: 0 },
    ]);
  });
});

describe('command selectors', () => {
  it('tells pending, running and finished commands apart', () => {
    const log = new EventLog();
    log.add(6, request('ia-pods', 'kubectl get pods')); // seq 2
    expect(requestOf(replay(log.events), 2)?.run.phase).toBe('requested');
    expect(activeRun(replay(log.events))).toBeNull(); // a dialog open is not a run
    log.add(7, { type: 'command.started', actor: 'system', requestSeq: 2, pid: 1, cwd: '/', script: 'kubectl get pods', kubeContext: null, outputFile: 'commands/2.log' });
    let state = replay(log.events);
    expect(runningCommand(state)?.requestSeq).toBe(2);
    expect(activeRun(state)?.run.requestSeq).toBe(2);
    expect(commandsRun(state)).toEqual([]);
    log.add(8, finish(2));
    state = replay(log.events);
    expect(runningCommand(state)).toBeNull();
    expect(commandsRun(state).map((r) => r.requestSeq)).toEqual([2]);
    expect(succeeded(commandsRun(state)[0]!)).toBe(true);
  });

  it('describes outcomes in words', () => {
    const log = new EventLog();
    const outcomes: Partial<CommandFinishedEvent>[] = [
      {},
      { exitCode: 1, durationMs: 3_000 },
      { exitCode: null, signal: 'SIGKILL', timedOut: true, durationMs: 300_000 },
      { exitCode: null, signal: 'SIGTERM', cancelled: true },
      { exitCode: null, signal: 'SIGTERM' },
      { exitCode: null, dryRun: true, durationMs: 0 },
      { exitCode: null, dryRun: true, error: 'spawn ENOENT' },
    ];
    outcomes.forEach((over, i) => {
      log.add(6 + i, request('ia-pods', 'x'));
      log.add(6 + i, finish(2 + i * 2, over));
    });
    log.add(20, request('ia-pods', 'x'));
    log.add(20, { type: 'command.cancelled', actor: 'alice', requestSeq: 16, reason: 'escape' });
    const state = replay(log.events);
    expect(state.commands.map(describeOutcome)).toEqual([
      'exit 0 in 42s',
      'exit 1 in 3s',
      'timed out after 5m',
      'cancelled after 42s (SIGTERM)',
      'killed by SIGTERM after 42s',
      'would have run (drill, nothing ran)',
      'failed to start: spawn ENOENT',
      'cancelled before it ran (escape)',
    ]);
    expect(state.commands.map(succeeded)).toEqual([true, false, false, false, false, false, false, false]);
  });
});

describe('mitigationsSince and updates', () => {
  it('lists commands finished and flags toggled after a seq, in journal order', () => {
    const log = new EventLog();
    log.add(6, request('mit-rollback', 'kubectl rollout undo deployment/api-service')); // 2
    log.add(7, { type: 'command.confirmed', actor: 'alice', requestSeq: 2, script: 'kubectl rollout undo deployment/api-service', confirmation: 'yes', kubeContext: null, kubeNamespace: null, dryRun: false }); // 3
    log.add(8, { type: 'update.posted', actor: 'alice', kind: 'internal', text: 'u1', fields: {}, nextUpdateMinutes: 15, deliveryIds: [] }); // 4
    log.add(9, { type: 'flag.toggled', actor: 'alice', stepId: 'mit-flag', flag: 'circuit_breaker_api', value: 'true', via: 'http', ok: false, detail: 'HTTP 500' }); // 5
    log.add(10, finish(2)); // 6: requested before the update, finished after it
    log.add(11, request('ia-pods', 'kubectl get pods')); // 7
    log.add(12, finish(7, { exitCode: 1 })); // 8
    const state = replay(log.events);
    const since = mitigationsSince(state, lastUpdate(state, 'internal')!.seq);
    expect(since.map((m) => [m.kind, m.seq, m.ok, m.text])).toEqual([
      ['flag', 5, false, 'circuit_breaker_api set to true failed: HTTP 500'],
      ['command', 6, true, 'Rollback Deployment: kubectl rollout undo deployment/api-service (exit 0 in 42s)'],
      ['command', 8, false, 'kubectl get pods (exit 1 in 42s)'],
    ]);
    expect(mitigationsSince(state, 6).map((m) => m.seq)).toEqual([8]);
    expect(mitigationsSince(state, 8)).toEqual([]);
  });

  it('finds the last update per kind and deliveries by phase', () => {
    const log = new EventLog();
    const posted = (kind: 'internal' | 'public', text: string): NewEvent => ({ type: 'update.posted', actor: 'a', kind, text, fields: {}, nextUpdateMinutes: 15, deliveryIds: [] });
    expect(lastUpdate(replay(log.events), 'internal')).toBeNull();
    log.add(6, posted('internal', 'i1'));
    log.add(7, posted('public', 'p1'));
    log.add(8, posted('internal', 'i2'));
    for (const id of ['d1', 'd2', 'd3']) {
      log.add(9, { type: 'delivery.requested', actor: 'system', deliveryId: id, destination: 'slack', kind: 'update', payload: { via: 'api', message: { text: 'update' } }, parentDeliveryId: null });
    }
    log.add(10, { type: 'delivery.delivered', actor: 'system', deliveryId: 'd1', attempt: 1, response: null });
    log.add(10, { type: 'delivery.failed', actor: 'system', deliveryId: 'd2', attempt: 1, error: 'invalid_auth', retryable: false, retryAt: null });
    const state = replay(log.events);
    expect(lastUpdate(state, 'internal')?.text).toBe('i2');
    expect(lastUpdate(state, 'public')?.text).toBe('p1');
    expect(lastUpdate(state)?.text).toBe('i2');
    expect(pendingDeliveries(state).map((d) => d.deliveryId)).toEqual(['d3']);
    expect(failedDeliveries(state).map((d) => d.deliveryId)).toEqual(['d2']);
  });
});
