import { describe, expect, it } from 'vitest';
import { buildAlert, OTHER_SEV_COLOR, SEV1_COLOR } from '../../../src/core/comms/alert.ts';
import { buildInternalUpdate } from '../../../src/core/comms/internal-update.ts';
import { buildPublicUpdate, PUBLIC_TEMPLATES } from '../../../src/core/comms/public-update.ts';
import { buildPage } from '../../../src/core/comms/page.ts';
import { buildResolution } from '../../../src/core/comms/resolution.ts';
import { buildHeadline } from '../../../src/core/comms/headline.ts';
import { internalDraft, publicDraft } from '../../../src/core/comms/drafts.ts';
import type { EscalationFiredEvent } from '../../../src/core/incident/events.ts';
import { EventLog, seedOpened } from '../../helpers/comms-fixtures.ts';

function opened(overrides: Record<string, unknown> = {}) {
  const log = new EventLog();
  log.add(seedOpened(overrides));
  return log;
}

describe('incident alert (seed Slack script)', () => {
  it('matches the seed payload for SEV-2: orange, Status Triggered, Engineer <!here>', () => {
    const message = buildAlert(opened().state(), { mention: '<!here>' });
    expect(message.slack.attachments).toEqual([
      {
        color: '#ffa500',
        title: '[SEV-2] Incident Alert',
        text: 'API High Latency\nTrigger: P99 Latency &gt; 500ms for 5 minutes',
        fields: [
          { title: 'Status', value: 'Triggered', short: true },
          { title: 'Engineer', value: '<!here>', short: true },
        ],
      },
    ]);
    expect(message.slack.text).toContain('[SEV-2] Incident Alert');
    expect(message.plain).toBe('[SEV-2] Incident Alert\nAPI High Latency\nTrigger: P99 Latency > 500ms for 5 minutes\nStatus: Triggered\nEngineer: <!here>');
  });

  it('is red for SEV-1 and orange for anything else', () => {
    expect(buildAlert(opened({ severity: 'SEV-1' }).state(), { mention: '<!here>' }).slack.attachments?.[0]?.color).toBe(SEV1_COLOR);
    expect(SEV1_COLOR).toBe('#ff0000');
    for (const severity of ['SEV-2', 'SEV-3', 'SEV-4']) {
      expect(buildAlert(opened({ severity }).state(), { mention: '<!here>' }).slack.attachments?.[0]?.color).toBe(OTHER_SEV_COLOR);
    }
  });

  it('uses the configured mention', () => {
    const message = buildAlert(opened().state(), { mention: '<!subteam^S999>' });
    expect(message.slack.attachments?.[0]?.fields?.[1]).toEqual({ title: 'Engineer', value: '<!subteam^S999>', short: true });
  });
});

describe('internal status update (seed template)', () => {
  it('reads [Investigating] until someone acknowledged, never [Ack] before it', () => {
    const message = buildInternalUpdate(opened().state(), { status: 'Investigating', impact: 'x', actions: 'y', nextUpdate: '15' });
    expect(message.plain.split('\n')[0]).toBe('[Investigating] SEV-2: API High Latency');
  });

  it('renders the seed template line for line', () => {
    const state = { ...opened().state(), acknowledged: { at: '2026-11-26T10:06:00.000Z', by: 'alice', via: 'operator' as const } };
    const message = buildInternalUpdate(state, {
      status: 'Investigating',
      impact: 'Login requests are timing out for ~5% of users.',
      actions: 'Rolling back the latest deployment (v1.2.3).',
      nextUpdate: '15',
    });
    expect(message.plain).toBe(
      [
        '[Ack] SEV-2: API High Latency',
        'Incident Commander: @alice',
        'Status: Investigating',
        'Impact: Login requests are timing out for ~5% of users.',
        'Actions: Rolling back the latest deployment (v1.2.3).',
        'Next Update: 15 mins',
      ].join('\n'),
    );
    const block = message.slack.blocks?.[0];
    expect(block).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    const mrkdwn = block && block.type === 'section' ? block.text?.text : '';
    expect(mrkdwn).toContain('*[Ack] SEV-2: API High Latency*');
    expect(mrkdwn).toContain('*Incident Commander*: @alice');
    expect(mrkdwn).toContain('*Next Update*: 15 mins');
    expect(message.slack.text).toContain('Impact: Login requests are timing out');
  });

  it('fills Actions from the mitigations run since the last internal update, with results', () => {
    const log = opened();
    log.advance(60_000).ran('recent-changes', 'recent-changes/c0', 'kubectl get deployments', 'read', { exitCode: 0, durationMs: 1_000 });
    log.advance(60_000).ran('rollback', 'rollback/c0', 'kubectl rollout undo deployment/api-service', 'change', { exitCode: 0, durationMs: 42_000 });
    const draft = internalDraft(log.state());
    // The read-only investigation command is not an action.
    expect(draft.actions).toBe('Rolled back deployment/api-service (ok, 42s)');
    expect(draft.status).toBe('Investigating');
    expect(draft.nextUpdate).toBe('15');

    // After an update, only newer mitigations count, and the impact carries over.
    log.add({ type: 'update.posted', actor: 'alice', kind: 'internal', text: '…', fields: { ...draft, impact: 'Slow logins' }, nextUpdateMinutes: 15, deliveryIds: [] });
    log.advance(60_000).ran('scale', 'scale/c0', 'kubectl scale deployment/api-service --replicas=10', 'change', { exitCode: 1, durationMs: 3_000 });
    log.add({ type: 'flag.toggled', actor: 'alice', stepId: 'breaker', flag: 'enable_circuit_breaker', value: 'true', via: 'http', ok: true, detail: null });
    const next = internalDraft(log.state());
    expect(next.impact).toBe('Slow logins');
    expect(next.actions).toBe(
      'Scaled deployment/api-service to 10 replicas (failed: exit 1, 3s); Set feature flag enable_circuit_breaker to true (ok)',
    );
    const message = buildInternalUpdate(log.state(), next);
    expect(message.plain).toContain('Actions: \n- Scaled deployment/api-service to 10 replicas (failed: exit 1, 3s)\n- Set feature flag enable_circuit_breaker to true (ok)');
  });

  it('uses the status in the heading tag after investigating', () => {
    const log = opened();
    log.add({ type: 'status.changed', actor: 'alice', from: 'investigating', to: 'monitoring' });
    const message = buildInternalUpdate(log.state(), internalDraft(log.state()));
    expect(message.plain.split('\n')[0]).toBe('[Monitoring] SEV-2: API High Latency');
    expect(message.plain).toContain('Status: Monitoring');
  });

  it('escapes user text for Slack but keeps mentions', () => {
    const log = opened({ commander: '<@U123>' });
    const message = buildInternalUpdate(log.state(), { status: 'Investigating', impact: 'p99 > 500ms & <rising>', actions: '', nextUpdate: '10' });
    const block = message.slack.blocks?.[0];
    const mrkdwn = block && block.type === 'section' ? block.text?.text : '';
    expect(mrkdwn).toContain('p99 &gt; 500ms &amp; &lt;rising&gt;');
    expect(mrkdwn).toContain('*Incident Commander*: <@U123>');
  });
});

describe('public status update', () => {
  it('prefills the seed template and renders `Investigating: ...`', () => {
    const fields = publicDraft(opened().state());
    expect(fields).toEqual({ status: 'Investigating', text: PUBLIC_TEMPLATES.Investigating });
    const message = buildPublicUpdate(fields);
    expect(message.plain).toBe(
      'Investigating: We are currently experiencing degraded performance on our API. Users may perceive slow loading times. Our team is investigating the issue.',
    );
    expect(message.slack.blocks?.[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Investigating*: ${PUBLIC_TEMPLATES.Investigating}` },
    });
  });

  it('carries no internal detail from a state full of them', () => {
    const log = opened({ commander: 'alice.smith', service: 'api-service' });
    log.ran('rollback', 'rollback/c0', 'kubectl --context prod-eu-1 rollout undo deployment/api-service', 'change', { exitCode: 0, durationMs: 42_000 });
    log.add({ type: 'note.added', actor: 'bob', text: 'db-7.prod.internal at 10.0.3.4 is the culprit' });
    log.add({ type: 'status.changed', actor: 'bob', from: 'investigating', to: 'identified' });
    const state = log.state();
    for (const status of ['investigating', 'identified', 'monitoring'] as const) {
      const message = buildPublicUpdate(publicDraft({ ...state, status }));
      const everything = JSON.stringify(message);
      for (const secret of ['kubectl', 'prod-eu-1', 'deployment/', 'alice', 'bob', 'db-7', '10.0.3.4', 'api-service']) {
        expect(everything).not.toContain(secret);
      }
    }
  });
});

describe('escalation page', () => {
  it('says who, why (threshold, elapsed), status and a link-free summary', () => {
    const log = opened();
    log.add({ type: 'update.posted', actor: 'alice', kind: 'internal', text: '…', fields: { impact: 'Logins slow, see https://grafana.example.com/d/abc' }, nextUpdateMinutes: 15, deliveryIds: [] });
    log.now = new Date('2026-11-26T10:16:00.000Z');
    const esc = log.add({ type: 'escalation.fired', actor: 'system', level: 1, afterMinutes: 15, action: 'page', target: 'Engineering Manager', dueAt: '2026-11-26T10:15:00.000Z', late: false, manual: false }) as EscalationFiredEvent;
    const message = buildPage(log.state(), esc, { mention: '<!subteam^S123>' });
    expect(message.plain).toBe(
      [
        'Paging Engineering Manager: SEV-2: API High Latency',
        'Paged: Engineering Manager (<!subteam^S123>)',
        'Why: not resolved after 15 min (threshold 15 min; 16m since detection)',
        'Status: Investigating',
        'Summary: Logins slow, see',
        'Incident Commander: @alice',
      ].join('\n'),
    );
    expect(JSON.stringify(message.slack)).not.toContain('http');
    expect(JSON.stringify(message.slack)).toContain('<!subteam^S123>');
  });
});

describe('resolution and headline', () => {
  it('shows duration and metrics, unknown when unknown', () => {
    const log = opened();
    log.now = new Date('2026-11-26T10:25:00.000Z');
    log.add({ type: 'incident.resolved', actor: 'alice', from: 'investigating', summary: 'Rolled back v1.2.3' });
    const message = buildResolution(log.state(), {
      durationMs: 20 * 60_000,
      timeToDetectMs: null,
      timeToAcknowledgeMs: 5 * 60_000,
      timeToMitigateMs: 10 * 60_000,
      timeToResolveMs: 25 * 60_000,
    });
    expect(message.plain).toBe(
      [
        '[Resolved] SEV-2: API High Latency',
        'Status: Resolved',
        // Detected 10:00, war room opened 10:05: the incident lasted 25m, not the room's 20m.
        'Duration: 25m from detection (war room open 20m)',
        'Metrics: time to detect unknown, acknowledge 5m, mitigate 10m, resolve 25m',
        'Summary: Rolled back v1.2.3',
        'Incident Commander: @alice',
      ].join('\n'),
    );
  });

  it('duration without a known detection is the war room time alone', () => {
    const log = opened();
    log.add({ type: 'incident.resolved', actor: 'alice', from: 'investigating', summary: null });
    const metrics = { durationMs: 20 * 60_000, timeToDetectMs: null, timeToAcknowledgeMs: null, timeToMitigateMs: null, timeToResolveMs: 20 * 60_000 };
    expect(buildResolution(log.state(), metrics).plain).toContain('\nDuration: 20m\n');
  });

  it('headline shows the current status and turns green when resolved', () => {
    const log = opened();
    log.add({ type: 'status.changed', actor: 'alice', from: 'investigating', to: 'monitoring' });
    const now = new Date('2026-11-26T10:20:00.000Z');
    const monitoring = buildHeadline(log.state(), { mention: '<!here>', now });
    expect(monitoring.slack.attachments?.[0]?.color).toBe('#ffa500');
    expect(monitoring.slack.attachments?.[0]?.fields?.[0]).toEqual({ title: 'Status', value: 'Monitoring', short: true });
    expect(monitoring.plain).toContain('Updated 10:20:00 UTC');
    log.add({ type: 'incident.resolved', actor: 'alice', from: 'monitoring', summary: null });
    const resolved = buildHeadline(log.state(), { mention: '<!here>', now });
    expect(resolved.slack.attachments?.[0]?.color).toBe('#2eb67d');
    expect(resolved.slack.text).toContain('Resolved');
  });
});
