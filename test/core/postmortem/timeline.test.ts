import { describe, expect, it } from 'vitest';
import type { IncidentEvent, NewEvent } from '../../../src/core/incident/events.ts';
import { postmortemTimeline, timelineMarkdown } from '../../../src/core/postmortem/timeline.ts';
import { openedEvent, stamp } from '../../fixtures/postmortem/seed-incident.ts';

const t = (hhmmss: string, day = '27') => `2023-10-${day}T${hhmmss}.000Z`;

function lines(rest: (NewEvent & { at: string })[], opened = openedEvent({ detectedAt: null, impactStartedAt: null })): string[] {
  const events: IncidentEvent[] = [opened, ...stamp(rest)];
  return timelineMarkdown(postmortemTimeline(events), '2023-10-27').slice(1);
}

const check = (at: string, stepId: string, actor = 'alice'): NewEvent & { at: string } => ({
  at,
  actor,
  type: 'step.checked',
  stepId,
  note: null,
});

describe('postmortemTimeline: checklist ticks', () => {
  it('summarises consecutive ticks by the same person in one line stamped with the first', () => {
    expect(lines([check(t('10:13:00'), 'prerequisite-checks/1'), check(t('10:14:10'), 'investigation-steps/2')])).toEqual([
      '- **10:13 UTC**: @alice checked 2 steps (Check Datadog Dashboard: [Link], Check Recent Changes).',
    ]);
  });

  it('starts a new line after another event, another person, or a long pause', () => {
    const out = lines([
      check(t('10:13:00'), 'prerequisite-checks/1'),
      { at: t('10:13:30'), actor: 'alice', type: 'status.changed', from: 'investigating', to: 'identified' },
      check(t('10:14:00'), 'prerequisite-checks/2'),
      check(t('10:14:30'), 'investigation-steps/2', 'bob'),
      check(t('10:30:00'), 'investigation-steps/3', 'bob'),
    ]);
    expect(out).toEqual([
      '- **10:13 UTC**: @alice checked: Check Datadog Dashboard: [Link].',
      '- **10:13 UTC**: @alice changed status: Investigating → Identified.',
      '- **10:14 UTC**: @alice checked: Check Status Page: [Link].',
      '- **10:14 UTC**: @bob checked: Check Recent Changes.',
      '- **10:30 UTC**: @bob checked: Analyze Logs.',
    ]);
  });

  it('does not let bookkeeping events split a run', () => {
    const out = lines([
      check(t('10:13:00'), 'prerequisite-checks/1'),
      { at: t('10:13:05'), actor: 'system', type: 'delivery.attempted', deliveryId: 'd', attempt: 1 },
      { at: t('10:13:06'), actor: 'alice', type: 'parameter.set', name: 'namespace', value: 'api' },
      check(t('10:13:10'), 'prerequisite-checks/2'),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('checked 2 steps');
  });
});

describe('postmortemTimeline: commands, flags, escalations, deliveries', () => {
  it('describes a dry run, a failure to start and a command cancelled in the dialog', () => {
    const out = lines([
      { at: t('10:10:00'), actor: 'alice', type: 'command.requested', stepId: 'mitigation-actions/2', commandId: 'c', template: 'kubectl scale deployment/api-service --replicas=10', risk: 'change' },
      {
        at: t('10:10:01'),
        actor: 'alice',
        type: 'command.finished',
        requestSeq: 2,
        exitCode: null,
        signal: null,
        durationMs: 0,
        outputFile: null,
        outputBytes: 0,
        outputSha256: null,
        timedOut: false,
        cancelled: false,
        dryRun: true,
        error: null,
        tail: [],
      },
      { at: t('10:11:00'), actor: 'bob', type: 'command.requested', stepId: 'investigation-steps/2', commandId: 'c2', template: 'kubectl get deployments', risk: 'read' },
      {
        at: t('10:11:01'),
        actor: 'bob',
        type: 'command.finished',
        requestSeq: 4,
        exitCode: null,
        signal: null,
        durationMs: 3,
        outputFile: null,
        outputBytes: 0,
        outputSha256: null,
        timedOut: false,
        cancelled: false,
        dryRun: true,
        error: 'spawn kubectl ENOENT',
        tail: [],
      },
      { at: t('10:12:00'), actor: 'alice', type: 'command.requested', stepId: 'mitigation-actions/1', commandId: 'c3', template: 'kubectl rollout undo deployment/api-service', risk: 'destructive' },
      { at: t('10:12:05'), actor: 'alice', type: 'command.cancelled', requestSeq: 6, reason: 'wrong cluster' },
    ]);
    expect(out).toEqual([
      '- **10:10 UTC**: @alice would have run `kubectl scale deployment/api-service --replicas=10` (step Scale Up): drill, not executed.',
      '- **10:11 UTC**: @bob ran `kubectl get deployments` (step Check Recent Changes): failed to start: spawn kubectl ENOENT.',
      '- **10:12 UTC**: @alice cancelled `kubectl rollout undo deployment/api-service` before it ran: wrong cluster.',
    ]);
  });

  it('says when a command has no recorded result and how a timed-out one ended', () => {
    const out = lines([
      { at: t('10:10:00'), actor: 'alice', type: 'command.requested', stepId: 'investigation-steps/3', commandId: 'c', template: 'tail -f /var/log/api.log\ngrep error', risk: 'read' },
      { at: t('10:10:01'), actor: 'alice', type: 'command.started', requestSeq: 2, pid: 1, cwd: '/', script: 'tail -f /var/log/api.log\ngrep error', kubeContext: null, outputFile: 'commands/2.log' },
      { at: t('10:11:00'), actor: 'alice', type: 'command.requested', stepId: 'investigation-steps/3', commandId: 'c', template: 'sleep 600', risk: 'read' },
      { at: t('10:11:01'), actor: 'alice', type: 'command.started', requestSeq: 4, pid: 2, cwd: '/', script: 'sleep 600', kubeContext: null, outputFile: 'commands/4.log' },
      {
        at: t('10:16:01'),
        actor: 'system',
        type: 'command.finished',
        requestSeq: 4,
        exitCode: null,
        signal: 'SIGKILL',
        durationMs: 300_000,
        outputFile: 'commands/4.log',
        outputBytes: 0,
        outputSha256: null,
        timedOut: true,
        cancelled: false,
        dryRun: false,
        error: null,
        tail: [],
      },
    ]);
    expect(out).toEqual([
      '- **10:10 UTC**: @alice ran `tail -f /var/log/api.log …` (step Analyze Logs): no result recorded (still running, or warroom stopped before it ended).',
      '- **10:11 UTC**: @alice ran `sleep 600` (step Analyze Logs): timed out after 5m.',
    ]);
  });

  it('names who was paged, late escalations, flags, and deliveries that gave up', () => {
    const out = lines([
      { at: t('10:20:00'), actor: 'system', type: 'escalation.fired', level: 1, afterMinutes: 15, action: 'page', target: 'Engineering Manager', dueAt: t('10:20:00'), late: false, manual: false },
      { at: t('10:37:00'), actor: 'system', type: 'escalation.fired', level: 2, afterMinutes: 30, action: 'page', target: 'CTO', dueAt: t('10:35:00'), late: true, manual: false },
      { at: t('10:38:00'), actor: 'alice', type: 'escalation.fired', level: 0, afterMinutes: null, action: 'notify', target: 'Database team', dueAt: null, late: false, manual: true },
      { at: t('10:39:00'), actor: 'alice', type: 'flag.toggled', stepId: 'mitigation-actions/3', flag: 'enable_circuit_breaker', value: 'true', via: 'http', ok: false, detail: 'HTTP 503' },
      { at: t('10:40:00'), actor: 'alice', type: 'delivery.requested', deliveryId: 'd1', destination: 'slack', kind: 'page', payload: { via: 'api', message: { text: 'page' } }, parentDeliveryId: null },
      { at: t('10:40:01'), actor: 'system', type: 'delivery.failed', deliveryId: 'd1', attempt: 1, error: 'HTTP 500', retryable: true, retryAt: t('10:40:03') },
      { at: t('10:40:04'), actor: 'system', type: 'delivery.failed', deliveryId: 'd1', attempt: 2, error: 'channel_not_found', retryable: false, retryAt: null },
      { at: t('10:41:00'), actor: 'alice', type: 'update.due', kind: 'internal', dueAt: t('10:41:00') },
    ]);
    expect(out).toEqual([
      '- **10:20 UTC**: Escalation: page Engineering Manager (not resolved after 15 min).',
      '- **10:37 UTC**: Escalation: page CTO (not resolved after 30 min; fired 2m late, warroom was not running).',
      '- **10:38 UTC**: Escalation: notify Database team (manual escalation by @alice).',
      '- **10:39 UTC**: @alice set flag `enable_circuit_breaker` to `true` (via http): failed: HTTP 503.',
      '- **10:40 UTC**: Delivery of a page to Slack failed after 2 attempt(s): channel_not_found.',
      '- **10:41 UTC**: Internal status update overdue (was due 10:41 UTC).',
    ]);
  });
});

describe('postmortemTimeline: times', () => {
  it('orders detection before opening and dates entries on a later day', () => {
    const events: IncidentEvent[] = [
      openedEvent({ at: t('23:58:00'), detectedAt: t('23:50:00'), impactStartedAt: null }),
      ...stamp([{ at: t('00:05:00', '28'), actor: 'alice', type: 'incident.resolved', from: 'investigating', summary: null }]),
    ];
    const out = timelineMarkdown(postmortemTimeline(events), '2023-10-27');
    expect(out).toEqual([
      '- **23:50 UTC**: Alert fired: P99 Latency > 500ms for 5 minutes.',
      '- **23:58 UTC**: @alice opened the war room (SEV-2, commander @alice, runbook `runbooks/api-high-latency.md`).',
      '- **2023-10-28 00:05 UTC**: @alice resolved the incident.',
    ]);
  });
});
