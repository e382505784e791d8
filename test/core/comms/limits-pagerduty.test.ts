import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KnownBlock } from '@slack/types';
import { fitSlackLimits, SLACK_LIMITS, TRUNCATION_MARKER, truncate, truncateSlack } from '../../../src/core/comms/limits.ts';
import { buildInternalUpdate } from '../../../src/core/comms/internal-update.ts';
import { buildPagerResolve, buildPagerTrigger, dedupKey, pagerSeverity } from '../../../src/core/comms/pagerduty.ts';
import type { EscalationFiredEvent } from '../../../src/core/incident/events.ts';
import { EventLog, seedOpened } from '../../helpers/comms-fixtures.ts';

describe('Slack limits', () => {
  it('truncates with the marker and never exceeds the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 14, max: 300 }), (text, max) => {
        const cut = truncate(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        if (text.length <= max) expect(cut).toBe(text);
        else expect(cut.endsWith(TRUNCATION_MARKER)).toBe(true);
      }),
    );
  });

  it('cuts blocks, section text, fields and the fallback text instead of failing', () => {
    const long = 'x'.repeat(5000);
    const blocks: KnownBlock[] = Array.from({ length: 60 }, () => ({
      type: 'section',
      text: { type: 'mrkdwn', text: long },
      fields: Array.from({ length: 12 }, () => ({ type: 'mrkdwn' as const, text: long })),
    }));
    const fitted = fitSlackLimits({ text: 'y'.repeat(50_000), blocks });
    expect(fitted.text.length).toBe(SLACK_LIMITS.text);
    expect(fitted.text.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(fitted.blocks).toHaveLength(50);
    expect(fitted.blocks?.[49]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: TRUNCATION_MARKER }] });
    const first = fitted.blocks?.[0];
    if (first?.type !== 'section') throw new Error('expected a section');
    expect(first.text?.text).toHaveLength(3000);
    expect(first.text?.text.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(first.fields).toHaveLength(10);
    expect(first.fields?.[0]?.text).toHaveLength(2000);
  });

  it('a cut never leaves half an escaped character or half a mention for Slack to show', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', ' ', '&amp;', '&lt;', '&gt;', '<@U123>', '<!subteam^S1>'), { maxLength: 200 }), fc.integer({ min: 14, max: 300 }), (parts, max) => {
        const text = parts.join('');
        const cut = truncateSlack(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        if (text.length <= max) {
          expect(cut).toBe(text);
        } else {
          const body = cut.slice(0, -TRUNCATION_MARKER.length);
          expect(text.startsWith(body)).toBe(true);
          expect(body).not.toMatch(/&[a-z]*$|<[^>]*$/);
        }
      }),
    );
    const log = new EventLog();
    log.add(seedOpened());
    // Every `&` becomes `&amp;`: the 3000-character cut lands inside one.
    const message = buildInternalUpdate(log.state(), { status: 'Investigating', impact: '&'.repeat(1000), actions: '', nextUpdate: '15' });
    const block = message.slack.blocks?.[0];
    if (block?.type !== 'section') throw new Error('expected a section');
    expect(block.text?.text).toMatch(/&amp;… \(truncated\)$/);
  });

  it('an internal update with a huge impact still builds within limits', () => {
    const log = new EventLog();
    log.add(seedOpened());
    const message = buildInternalUpdate(log.state(), { status: 'Investigating', impact: 'z'.repeat(10_000), actions: '', nextUpdate: '15' });
    const block = message.slack.blocks?.[0];
    if (block?.type !== 'section') throw new Error('expected a section');
    expect(block.text?.text.length).toBeLessThanOrEqual(3000);
    expect(block.text?.text).toContain(TRUNCATION_MARKER);
  });
});

describe('PagerDuty Events v2 bodies', () => {
  it('maps severity', () => {
    expect(pagerSeverity('SEV-1')).toBe('critical');
    expect(pagerSeverity('SEV-2')).toBe('error');
    expect(pagerSeverity('sev-3')).toBe('warning');
    expect(pagerSeverity('SEV-4')).toBe('info');
    expect(pagerSeverity('P1')).toBe('info');
  });

  it('builds a trigger with dedup key per incident and level and no routing key', () => {
    const log = new EventLog();
    log.add(seedOpened());
    log.now = new Date('2026-11-26T10:30:00.000Z');
    const esc = log.add({ type: 'escalation.fired', actor: 'system', level: 2, afterMinutes: 30, action: 'page', target: 'CTO', dueAt: '2026-11-26T10:30:00.000Z', late: false, manual: false }) as EscalationFiredEvent;
    const trigger = buildPagerTrigger(log.state(), esc, 'CTO');
    expect(trigger.routingKeyTarget).toBe('CTO');
    expect(trigger.event).toEqual({
      event_action: 'trigger',
      dedup_key: 'warroom-2026-11-26-1005-api-high-latency-L2',
      client: 'warroom',
      payload: {
        summary: '[SEV-2] API High Latency: paging CTO, not resolved after 30 min (threshold 30 min; 30m since detection)',
        source: 'api',
        severity: 'error',
        custom_details: {
          status: 'Investigating',
          runbook: 'runbooks/api-high-latency.md',
          incident: '2026-11-26-1005-api-high-latency',
          target: 'CTO',
          summary: 'API High Latency: P99 Latency > 500ms for 5 minutes',
        },
      },
    });
    expect(JSON.stringify(trigger)).not.toContain('routing_key');
    expect(buildPagerResolve(log.state(), 2, 'CTO').event).toEqual({
      event_action: 'resolve',
      dedup_key: 'warroom-2026-11-26-1005-api-high-latency-L2',
    });
  });

  it('keeps summary ≤ 1024 and dedup_key ≤ 255', () => {
    const log = new EventLog();
    log.add(seedOpened({ title: 'T'.repeat(3000), incidentId: 'i'.repeat(400) }));
    const esc = log.add({ type: 'escalation.fired', actor: 'system', level: 1, afterMinutes: 15, action: 'page', target: 'EM', dueAt: null, late: false, manual: false }) as EscalationFiredEvent;
    const trigger = buildPagerTrigger(log.state(), esc, null);
    expect(trigger.event.payload?.summary.length).toBeLessThanOrEqual(1024);
    expect(dedupKey('i'.repeat(400), 1).length).toBeLessThanOrEqual(255);
    expect(dedupKey('i'.repeat(400), 1)).not.toBe(dedupKey('i'.repeat(400), 2));
  });
});
