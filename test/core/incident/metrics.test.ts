import { describe, expect, it } from 'vitest';
import { computeMetrics, formatMetric } from '../../../src/core/incident/metrics.ts';
import { replay } from '../../../src/core/incident/reduce.ts';
import type { CommandFinishedEvent, NewEvent } from '../../../src/core/incident/events.ts';
import { at, EventLog, openedEvent } from './fixtures.ts';

function commandEvents(log: EventLog, minutes: number, stepId: string, over: Partial<CommandFinishedEvent> = {}): void {
  const requested = log.add(minutes, {
    type: 'command.requested',
    actor: 'alice',
    stepId,
    commandId: `${stepId}/c0`,
    template: 'kubectl rollout undo deployment/api-service',
    risk: 'change',
  });
  log.add(minutes, {
    type: 'command.finished',
    actor: 'system',
    requestSeq: requested.seq,
    exitCode: 0,
    signal: null,
    durationMs: 1000,
    outputFile: null,
    outputBytes: 0,
    outputSha256: null,
    timedOut: false,
    cancelled: false,
    dryRun: false,
    error: null,
    tail: [],
    ...over,
  });
}

const resolved: NewEvent = { type: 'incident.resolved', actor: 'alice', from: 'monitoring', summary: null };

describe('computeMetrics', () => {
  it('gives the seed example: alert 10:00, ack 10:05, rollback 10:10, resolved 10:25', () => {
    const log = new EventLog(openedEvent({ detectedAt: at(0), at: at(5) }));
    log.add(5, { type: 'incident.acknowledged', actor: 'alice', by: 'alice', via: 'operator' });
    commandEvents(log, 10, 'mit-rollback');
    log.add(25, resolved);
    const metrics = computeMetrics(replay(log.events));
    expect(metrics).toEqual({
      timeToDetectMs: null,
      timeToAcknowledgeMs: 5 * 60_000,
      timeToMitigateMs: 10 * 60_000,
      timeToResolveMs: 25 * 60_000,
      durationMs: 20 * 60_000,
      mitigatedAt: at(10),
      mitigatedBy: 'kubectl rollout undo deployment/api-service',
    });
    expect([metrics.timeToDetectMs, metrics.timeToAcknowledgeMs, metrics.timeToMitigateMs, metrics.timeToResolveMs].map(formatMetric)).toEqual([
      'unknown',
      '5m',
      '10m',
      '25m',
    ]);
  });

  it('knows time to detect only when impact start and detection are both known', () => {
    const known = computeMetrics(replay([openedEvent({ impactStartedAt: at(-3), detectedAt: at(0) })]));
    expect(known.timeToDetectMs).toBe(3 * 60_000);
    const noDetection = computeMetrics(replay([openedEvent({ impactStartedAt: at(-3), detectedAt: null })]));
    expect(noDetection).toMatchObject({ timeToDetectMs: null, timeToAcknowledgeMs: null, timeToMitigateMs: null, timeToResolveMs: null, durationMs: null });
  });

  it('counts from the open time when detection is unknown', () => {
    const log = new EventLog(openedEvent({ detectedAt: null, at: at(5) }));
    log.add(15, { type: 'status.changed', actor: 'alice', from: 'investigating', to: 'monitoring' });
    log.add(35, resolved);
    expect(computeMetrics(replay(log.events))).toMatchObject({
      timeToAcknowledgeMs: null,
      timeToMitigateMs: 10 * 60_000,
      timeToResolveMs: 30 * 60_000,
      durationMs: 30 * 60_000,
      mitigatedBy: 'status monitoring',
    });
  });

  it('takes the earliest of monitoring, a successful mitigation command and a working flag', () => {
    const log = new EventLog();
    commandEvents(log, 6, 'ia-pods'); // a check section command is not a mitigation
    commandEvents(log, 7, 'mit-rollback', { exitCode: 1 }); // failed
    commandEvents(log, 8, 'mit-rollback', { dryRun: true, exitCode: null }); // nothing ran
    log.add(9, { type: 'flag.toggled', actor: 'a', stepId: 'mit-flag', flag: 'cb', value: 'true', via: 'dry-run', ok: true, detail: null });
    log.add(10, { type: 'flag.toggled', actor: 'a', stepId: 'mit-flag', flag: 'cb', value: 'true', via: 'http', ok: false, detail: 'HTTP 500' });
    expect(computeMetrics(replay(log.events)).timeToMitigateMs).toBeNull();
    log.add(12, { type: 'flag.toggled', actor: 'a', stepId: 'mit-flag', flag: 'cb', value: 'true', via: 'http', ok: true, detail: null });
    log.add(14, { type: 'status.changed', actor: 'alice', from: 'investigating', to: 'monitoring' });
    commandEvents(log, 16, 'mit-rollback');
    expect(computeMetrics(replay(log.events))).toMatchObject({ timeToMitigateMs: 12 * 60_000, mitigatedBy: 'cb set to true' });
  });

  it('has no resolve time while open, and none after a reopen until resolved again', () => {
    const log = new EventLog();
    expect(computeMetrics(replay(log.events)).timeToResolveMs).toBeNull();
    log.add(20, resolved);
    expect(computeMetrics(replay(log.events)).timeToResolveMs).toBe(20 * 60_000);
    log.add(30, { type: 'incident.reopened', actor: 'alice', reason: null });
    expect(computeMetrics(replay(log.events))).toMatchObject({ timeToResolveMs: null, durationMs: null });
    log.add(50, resolved);
    expect(computeMetrics(replay(log.events))).toMatchObject({ timeToResolveMs: 50 * 60_000, durationMs: 45 * 60_000 });
  });

  it('gives unknown rather than a negative time for inconsistent inputs', () => {
    const state = replay([openedEvent({ detectedAt: at(10), at: at(5) })]);
    expect(computeMetrics(state).timeToAcknowledgeMs).toBeNull();
    expect(formatMetric(null)).toBe('unknown');
    expect(formatMetric(65 * 60_000)).toBe('1h 05m');
  });
});
