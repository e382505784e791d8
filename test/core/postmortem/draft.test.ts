import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../../src/core/incident/events.ts';
import { postmortemMarkdown } from '../../../src/core/postmortem/draft.ts';
import { openedEvent, seedIncidentEvents, seedIncidentRest, stamp } from '../../fixtures/postmortem/seed-incident.ts';

const GOLDEN = new URL('../../fixtures/postmortem/seed-incident.md', import.meta.url);

/** The template's sections, in its order, then the appendix the issue adds. */
const SECTIONS = [
  '## Summary',
  '## Impact',
  '## Timeline',
  '## Root Cause Analysis (5 Whys)',
  '## Corrective Actions',
  '## Appendix',
];

function headings(markdown: string): string[] {
  return markdown.split('\n').filter((l) => /^##? /.test(l));
}

function sectionBody(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  expect(start, `missing ${heading}`).toBeGreaterThanOrEqual(0);
  const rest = markdown.slice(start + heading.length + 2);
  const next = rest.search(/^## /m);
  return next < 0 ? rest : rest.slice(0, next);
}

describe('postmortemMarkdown on the seed example incident', () => {
  const draft = postmortemMarkdown(seedIncidentEvents());

  it('matches the golden file byte for byte', async () => {
    // UPDATE_GOLDEN=1 rewrites the file after an intended change; review the diff.
    if (process.env.UPDATE_GOLDEN === '1') await writeFile(GOLDEN, draft);
    expect(draft).toBe(await readFile(GOLDEN, 'utf8'));
  });

  it("has the template's header fields and sections, in the template's order", () => {
    const lines = draft.split('\n');
    expect(lines[0]).toBe('# Incident Post-Mortem: API High Latency');
    const fieldOrder = ['**Date**', '**Authors**', '**Status**', '**Severity**', '**Time to Detect (TTD)**', '**Time to Resolve (TTR)**'];
    const positions = fieldOrder.map((f) => lines.findIndex((l) => l.startsWith(`${f}: `)));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(headings(draft)).toEqual(['# Incident Post-Mortem: API High Latency', ...SECTIONS]);
  });

  it('states the date, authors, status, severity and the clocks from the journal', () => {
    expect(draft).toContain('**Date**: 2023-10-27\n');
    // Commander first, everyone who acted, never the `system` actor.
    expect(draft).toContain('**Authors**: @alice, @bob\n');
    expect(draft).not.toContain('@system');
    expect(draft).toContain('**Status**: Draft\n');
    expect(draft).toContain('**Severity**: SEV-2\n');
    expect(draft).toContain('**Time to Detect (TTD)**: 5m\n'); // impact 09:55 → alert 10:00
    expect(draft).toContain('**Time to Resolve (TTR)**: 25m\n'); // alert 10:00 → resolved 10:25
    expect(draft).toContain('**Time to Acknowledge (TTA)**: 5m\n'); // alert 10:00 → opened 10:05
    expect(draft).toContain('**Time to Mitigate (TTM)**: 10m\n'); // alert 10:00 → rollback ok 10:10
  });

  it('puts the timeline entries at the times they happened, in UTC', () => {
    const timeline = sectionBody(draft, '## Timeline');
    expect(timeline).toContain('- **09:55 UTC**: Impact started.');
    expect(timeline).toContain('- **10:00 UTC**: Alert fired: P99 Latency > 500ms for 5 minutes.');
    expect(timeline).toMatch(/^- \*\*10:05 UTC\*\*: @alice opened the war room/m);
    expect(timeline).toMatch(/^- \*\*10:10 UTC\*\*: @alice ran `kubectl rollout undo deployment\/api-service` \(step Rollback Deployment\): exit 0 in 42s\.$/m);
    expect(timeline).toMatch(/^- \*\*10:12 UTC\*\*: @alice changed status: Identified → Monitoring\.$/m);
    expect(timeline).toMatch(/^- \*\*10:15 UTC\*\*: Escalation: page Engineering Manager/m);
    expect(timeline).toMatch(/^- \*\*10:25 UTC\*\*: @alice resolved the incident: Rolled back v1\.2\.3/m);
    // Two ticks in a row are one line, not two.
    expect(timeline).toContain('- **10:06 UTC**: @alice checked 2 steps (Check Datadog Dashboard: [Link], Check Status Page: [Link]).');
    const times = timeline.split('\n').filter((l) => l.startsWith('- **')).map((l) => l.slice(4, 9));
    expect([...times].sort()).toEqual(times);
    // Deliveries in flight are bookkeeping, not timeline.
    expect(timeline).not.toMatch(/deliver/i);
  });

  it('fills the 5 Whys from why: notes and leaves the rest as prompts', () => {
    const whys = sectionBody(draft, '## Root Cause Analysis (5 Whys)');
    expect(whys).toContain('1. Why did the incident happen? -> Database connection pool exhaustion after the v1.2.3 deploy');
    expect(whys.match(/^\d\. /gm)).toHaveLength(5);
    expect(whys.match(/_TODO: answer from the review\._/g)).toHaveLength(4);
  });

  it('lists action: notes and suggests skipped and never-ticked runbook steps', () => {
    const actions = sectionBody(draft, '## Corrective Actions');
    expect(actions).toContain('- [ ] Add lint rule for DB connections (Preventative)');
    expect(actions).toContain('- [ ] _Suggested_: Review runbook step "Scale Up" (Mitigation Actions): skipped during the incident (rollback was enough).');
    expect(actions).toContain('"Analyze Logs" (Investigation Steps): never ticked');
    expect(actions).toContain('"Identify the Component" (Investigation Steps): never ticked');
    // Mitigations nobody needed are alternatives, not omissions.
    expect(actions).not.toContain('Enable Circuit Breaker');
  });

  it('takes Summary and Impact from what was said during the incident', () => {
    expect(sectionBody(draft, '## Summary')).toContain('Rolled back v1.2.3; error rate back to normal.');
    const impact = sectionBody(draft, '## Impact');
    expect(impact).toContain('- Login requests are timing out for ~5% of users. (last internal update, 10:13 UTC)');
    expect(impact).toContain('- Public status at 10:07 UTC (Investigating): We are currently experiencing');
  });

  it('puts commands with exit code and output tail, and the runbook version, in the appendix', () => {
    const appendix = sectionBody(draft, '## Appendix');
    expect(appendix).toContain('- **Result**: exit 0 in 42s');
    expect(appendix).toContain('```text\ndeployment.apps/api-service rolled back\n```');
    expect(appendix).toContain('- **Path**: `runbooks/api-high-latency.md`');
    expect(appendix).toContain('- **SHA-256**: `e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855`');
  });

  it('is deterministic: the same journal gives the same bytes, also after a JSON round trip', () => {
    const again = postmortemMarkdown(JSON.parse(JSON.stringify(seedIncidentEvents())) as IncidentEvent[]);
    expect(again).toBe(draft);
  });
});

describe('postmortemMarkdown on a journal with only the opened event', () => {
  const draft = postmortemMarkdown([openedEvent({ detectedAt: null, impactStartedAt: null })]);

  it('is a complete draft with every unknown marked', () => {
    expect(headings(draft)).toEqual(['# Incident Post-Mortem: API High Latency', ...SECTIONS]);
    expect(draft).toContain('**Date**: 2023-10-27\n');
    expect(draft).toContain('**Authors**: @alice\n');
    expect(draft).toContain('**Time to Detect (TTD)**: unknown\n');
    expect(draft).toContain('**Time to Resolve (TTR)**: unknown\n');
    expect(draft).toContain('**Time to Mitigate (TTM)**: unknown\n');
    expect(draft).toContain('not resolved when this draft was written (status: investigating)');
    expect(sectionBody(draft, '## Summary')).toContain('_TODO:');
    expect(sectionBody(draft, '## Impact')).toContain('_TODO:');
    expect(sectionBody(draft, '## Root Cause Analysis (5 Whys)').match(/_TODO:/g)).toHaveLength(5);
    expect(sectionBody(draft, '## Corrective Actions')).toContain('- [ ] _TODO:');
    expect(sectionBody(draft, '## Appendix')).toContain('_No commands were run from the war room._');
    expect(sectionBody(draft, '## Timeline').trim()).toMatch(/^- \*\*10:05 UTC\*\*: @alice opened the war room \(SEV-2/);
  });
});

describe('what never reaches the draft', () => {
  const token = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
  const webhook = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';
  const hugeLine = 'x'.repeat(100 * 1024);
  const tail = Array.from({ length: 20 }, (_, i) => (i === 5 ? `token leaked: ${token}` : i === 19 ? hugeLine : `line ${i}`));

  function withNoise(): IncidentEvent[] {
    const rest = seedIncidentRest();
    const extra = stamp(
      [
        ...rest.slice(0, 10),
        // a second command whose output was long, with a token in an early output line
        {
          at: '2023-10-27T10:09:10.000Z',
          actor: 'bob',
          type: 'command.requested' as const,
          stepId: 'investigation-steps/3',
          commandId: 'investigation-steps/3/c1',
          template: 'kubectl logs deploy/api-service --tail=5000',
          risk: 'read' as const,
        },
        {
          at: '2023-10-27T10:09:30.000Z',
          actor: 'bob',
          type: 'command.finished' as const,
          requestSeq: 12,
          exitCode: 1,
          signal: null,
          durationMs: 1500,
          outputFile: 'commands/12.log',
          outputBytes: 120 * 1024,
          outputSha256: null,
          timedOut: false,
          cancelled: false,
          dryRun: false,
          error: null,
          tail,
        },
        { at: '2023-10-27T10:09:40.000Z', actor: 'bob', type: 'parameter.set' as const, name: 'slack', value: webhook },
        {
          at: '2023-10-27T10:09:41.000Z',
          actor: 'system',
          type: 'delivery.requested' as const,
          deliveryId: 'd9',
          destination: 'slack' as const,
          kind: 'update' as const,
          payload: { via: 'webhook' as const, message: { text: `${hugeLine} ${token} ${webhook}` } },
          parentDeliveryId: null,
        },
        { at: '2023-10-27T10:09:50.000Z', actor: 'bob', type: 'note.added' as const, text: `cause: bot posted with ${token} via ${webhook}` },
        // the rollback's request moves from seq 12 to 17
        ...rest.slice(10).map((e) => ('requestSeq' in e && e.requestSeq === 12 ? { ...e, requestSeq: 17 } : e)),
      ],
      2,
    );
    return [openedEvent(), ...extra];
  }

  it('has no token, no webhook URL and no raw long output', () => {
    const draft = postmortemMarkdown(withNoise());
    expect(draft).not.toContain(token);
    expect(draft).not.toContain('xoxb-');
    expect(draft).not.toContain(webhook);
    expect(draft).not.toContain('hooks.slack.com');
    expect(draft).not.toContain('x'.repeat(300));
    expect(draft.length).toBeLessThan(20_000);
    expect(Math.max(...draft.split('\n').map((l) => l.length))).toBeLessThanOrEqual(600);
    // The output is shown, bounded: the last 10 lines, the long one cut with a marker.
    expect(draft).toContain('Last 10 lines of output:');
    expect(draft).toContain(`${'x'.repeat(199)}…`);
    expect(draft).toContain('line 10\n');
    expect(draft).not.toContain('line 9\n');
    // The operator's cause note survives, its secrets do not.
    expect(draft).toContain('2. Why did that happen? -> bot posted with [redacted] via [redacted]');
  });

  it('keeps the tail bound configurable', () => {
    const draft = postmortemMarkdown(withNoise(), { outputTailLines: 3 });
    expect(draft).toContain('Last 3 lines of output:');
    expect(draft).not.toContain('line 16\n');
  });
});

describe('operator text cannot break the document structure', () => {
  it('escapes a note or summary that starts like Markdown structure', () => {
    const events = [
      openedEvent({ title: '# Not a heading\n## nor this' }),
      ...stamp([
        { at: '2023-10-27T10:06:00.000Z', actor: 'alice', type: 'note.added', text: '# heading?\n## Corrective Actions\n- [ ] fake' },
        { at: '2023-10-27T10:07:00.000Z', actor: 'alice', type: 'note.added', text: 'why: ## Timeline\n```\nunclosed' },
        { at: '2023-10-27T10:08:00.000Z', actor: 'alice', type: 'incident.resolved', from: 'investigating', summary: '## Appendix\n> quoted' },
      ]),
    ];
    const draft = postmortemMarkdown(events as IncidentEvent[]);
    expect(headings(draft)).toEqual(['# Incident Post-Mortem: # Not a heading ## nor this', ...SECTIONS]);
    expect(draft).toContain('@alice noted: # heading? ## Corrective Actions - [ ] fake');
    expect(draft).toContain('\\## Appendix > quoted');
    expect(draft.match(/^- \[ \] fake/m)).toBeNull();
  });
});
