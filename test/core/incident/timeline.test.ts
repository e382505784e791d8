import { describe, expect, it } from 'vitest';
import { timelineFromEvents } from '../../../src/core/incident/timeline.ts';
import type { NewEvent } from '../../../src/core/incident/events.ts';
import { at, EventLog, openedEvent } from './fixtures.ts';
import fc from 'fast-check';
import { journal } from './arbitraries.ts';

const finished: NewEvent = {
  type: 'command.finished',
  actor: 'system',
  requestSeq: 2,
  exitCode: 0,
  signal: null,
  durationMs: 42_000,
  outputFile: 'commands/2.log',
  outputBytes: 80,
  outputSha256: null,
  timedOut: false,
  cancelled: false,
  dryRun: false,
  error: null,
  tail: [],
};

describe('timelineFromEvents', () => {
  it('tells the seed story in human words', () => {
    const log = new EventLog(openedEvent({ impactStartedAt: at(-2) }));
    log.add(6, { type: 'command.requested', actor: 'alice', stepId: 'mit-rollback', commandId: 'mit-rollback/c0', template: 'kubectl rollout undo deployment/<name>', risk: 'change' }); // 2
    log.add(6, { type: 'command.confirmed', actor: 'alice', requestSeq: 2, script: 'kubectl rollout undo deployment/api-service', confirmation: 'yes', kubeContext: null, kubeNamespace: null, dryRun: false });
    log.add(7, { type: 'command.started', actor: 'system', requestSeq: 2, pid: 10, cwd: '/', script: 'kubectl rollout undo deployment/api-service', kubeContext: null, outputFile: 'commands/2.log' });
    log.add(8, finished);
    log.add(9, { type: 'step.checked', actor: 'alice', stepId: 'ia-pods-oom', note: null });
    log.add(10, { type: 'step.skipped', actor: 'bob', stepId: 'mit-flag', note: 'not needed' });
    log.add(11, { type: 'note.added', actor: 'bob', text: 'p95 back to 180ms' });
    log.add(12, { type: 'status.changed', actor: 'alice', from: 'investigating', to: 'monitoring' });
    log.add(17, { type: 'escalation.fired', actor: 'system', level: 1, afterMinutes: 15, action: 'page', target: 'Engineering Manager', dueAt: at(15), late: true, manual: false });
    log.add(18, { type: 'flag.toggled', actor: 'alice', stepId: 'mit-flag', flag: 'circuit_breaker_api', value: 'true', via: 'http', ok: true, detail: null });
    log.add(19, { type: 'severity.changed', actor: 'alice', from: 'SEV-2', to: 'SEV-3' });
    log.add(20, { type: 'commander.changed', actor: 'alice', from: 'alice', to: 'bob' });
    log.add(21, { type: 'parameter.set', actor: 'bob', name: 'NAMESPACE', value: 'production' });
    log.add(25, { type: 'incident.resolved', actor: 'bob', from: 'monitoring', summary: 'rolled back v2.3.1' });
    log.add(30, { type: 'incident.reopened', actor: 'bob', reason: 'latency back' });
    const lines = timelineFromEvents(log.events).map((e) => `${e.at.slice(11, 16)} ${e.kind} ${e.actor}: ${e.text}`);
    expect(lines).toEqual([
      '09:58 impact alice: impact started',
      '10:00 detect alice: alert fired / problem detected',
      '10:05 open alice: war room opened: api-service High Latency (SEV-2, commander alice)',
      '10:07 command system: started kubectl rollout undo deployment/api-service',
      '10:08 command system: ran kubectl rollout undo deployment/api-service: exit 0 in 42s',
      '10:09 step alice: checked: Look for OOMKilled',
      '10:10 step bob: skipped: Enable Circuit Breaker (not needed)',
      '10:11 note bob: p95 back to 180ms',
      '10:12 status alice: status investigating → monitoring',
      '10:17 escalation system: escalation: page Engineering Manager (15 min threshold, 2m late)',
      '10:18 flag alice: flag circuit_breaker_api set to true (http)',
      '10:19 severity alice: severity SEV-2 → SEV-3',
      '10:20 commander alice: commander handed over: alice → bob',
      '10:21 parameter bob: set NAMESPACE = production',
      '10:25 resolve bob: resolved: rolled back v2.3.1',
      '10:30 reopen bob: reopened: latency back',
    ]);
  });

  it('words commands that did not run, and manual or on-time escalations', () => {
    const log = new EventLog();
    log.add(6, { type: 'command.requested', actor: 'alice', stepId: 'ia-pods', commandId: 'ia-pods/c0', template: 'kubectl get pods\n  -n production', risk: 'read' }); // 2
    log.add(6, { ...finished, dryRun: true, exitCode: null } as NewEvent);
    log.add(7, { type: 'command.requested', actor: 'alice', stepId: 'ia-pods', commandId: 'ia-pods/c0', template: 'kubectl get pods', risk: 'read' }); // 4
    log.add(7, { type: 'command.cancelled', actor: 'alice', requestSeq: 4, reason: 'escape' });
    log.add(15, { type: 'escalation.fired', actor: 'system', level: 1, afterMinutes: 15, action: 'page', target: 'Engineering Manager', dueAt: at(15), late: false, manual: false });
    log.add(16, { type: 'escalation.fired', actor: 'alice', level: 0, afterMinutes: null, action: 'notify', target: 'CTO', dueAt: null, late: false, manual: true });
    log.add(20, { type: 'update.due', actor: 'system', kind: 'internal', dueAt: at(20) });
    log.add(21, { type: 'update.posted', actor: 'alice', kind: 'internal', text: 'Status: Identified\nImpact: slow', fields: {}, nextUpdateMinutes: 15, deliveryIds: ['d1'] });
    expect(timelineFromEvents(log.events).slice(2).map((e) => e.text)).toEqual([
      'would have run: kubectl get pods … (drill, nothing ran)',
      'cancelled before it ran: kubectl get pods (escape)',
      'escalation: page Engineering Manager (15 min threshold)',
      'escalation: notify CTO (by hand)',
      'internal update due (promised for 10:20:00 UTC)',
      'posted internal update: Status: Identified (next in 15 min)',
    ]);
  });

  it('shows the first failure and the outcome of a delivery, not every attempt', () => {
    const log = new EventLog(openedEvent({ detectedAt: null }));
    log.add(6, { type: 'delivery.requested', actor: 'system', deliveryId: 'd1', destination: 'slack', kind: 'update', payload: { via: 'api', message: { text: 'update' } }, parentDeliveryId: null });
    for (let attempt = 1; attempt <= 3; attempt++) {
      log.add(6 + attempt, { type: 'delivery.attempted', actor: 'system', deliveryId: 'd1', attempt });
      log.add(6 + attempt, { type: 'delivery.failed', actor: 'system', deliveryId: 'd1', attempt, error: 'HTTP 429', retryable: true, retryAt: at(7 + attempt) });
    }
    log.add(10, { type: 'delivery.delivered', actor: 'system', deliveryId: 'd1', attempt: 4, response: { ts: '1.1' } });
    log.add(11, { type: 'delivery.requested', actor: 'system', deliveryId: 'd2', destination: 'pagerduty', kind: 'pager.trigger', payload: { routingKeyTarget: null, level: 1, event: { event_action: 'trigger', dedup_key: 'warroom-inc-L1' } }, parentDeliveryId: null });
    log.add(11, { type: 'delivery.delivered', actor: 'system', deliveryId: 'd2', attempt: 1, response: null });
    log.add(12, { type: 'delivery.requested', actor: 'system', deliveryId: 'd3', destination: 'slack', kind: 'page', payload: { via: 'api', message: { text: 'page' } }, parentDeliveryId: null });
    log.add(12, { type: 'delivery.failed', actor: 'system', deliveryId: 'd3', attempt: 1, error: 'channel_not_found', retryable: false, retryAt: null });
    expect(timelineFromEvents(log.events).filter((e) => e.kind === 'delivery').map((e) => e.text)).toEqual([
      'queued: update to slack (HTTP 429, retrying)',
      'sent: update to slack (ts 1.1, after 4 attempts)',
      'sent: pager.trigger to pagerduty (dedup key warroom-inc-L1)',
      'failed: page to slack (channel_not_found)',
    ]);
  });

  it('handles any well-formed journal, in journal order', () => {
    fc.assert(
      fc.property(journal, (events) => {
        const entries = timelineFromEvents(events);
        const seqs = entries.map((e) => e.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        for (const entry of entries) expect(entry.text.length).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
  });
});
