// One word per delivery state, from the journal only: queued (why, since when), sent (the
// receiver's id), failed (its reason), saved to file (nothing configured, or a drill); and a
// page is "sent" only when Slack or PagerDuty accepted it.
import { describe, expect, it } from 'vitest';
import { deliveryState, pageState, pageStateText } from '../../../src/core/comms/delivery-state.ts';
import { onceKeyOf } from '../../../src/core/share/intent.ts';
import type { DeliveryRecord, IncidentState } from '../../../src/core/incident/state.ts';
import type { IncidentEvent } from '../../../src/core/incident/events.ts';

const base = { deliveryId: 'd1', requestSeq: 4, requestedAt: '2026-11-26T10:15:02.000Z', parentDeliveryId: null, attempts: 0, lastError: null, retryAt: null, response: null, deliveredAt: null };
const slackPage = (over: Partial<DeliveryRecord>): DeliveryRecord =>
  ({ ...base, destination: 'slack', kind: 'page', payload: { via: 'webhook', message: { text: 'p' }, escalationSeq: 3 }, phase: 'pending', ...over }) as DeliveryRecord;
const trigger = (over: Partial<DeliveryRecord>): DeliveryRecord =>
  ({
    ...base,
    deliveryId: 'd2',
    destination: 'pagerduty',
    kind: 'pager.trigger',
    payload: { routingKeyTarget: null, level: 1, escalationSeq: 3, event: { event_action: 'trigger', dedup_key: 'warroom-inc-L1' } },
    phase: 'pending',
    ...over,
  }) as DeliveryRecord;
const stateWith = (deliveries: DeliveryRecord[], dryRun = false) => ({ deliveries, mode: { dryRun, readonly: false } }) as unknown as IncidentState;

describe('deliveryState', () => {
  it('says queued with why and since when, sent with the id, failed with the reason, saved to file', () => {
    expect(deliveryState(slackPage({}), false)).toEqual({ word: 'queued', detail: 'waiting to send, since 10:15:02 UTC' });
    expect(deliveryState(slackPage({ lastError: 'HTTP 503', attempts: 2 }), false)).toEqual({ word: 'queued', detail: 'HTTP 503, retrying, since 10:15:02 UTC' });
    expect(deliveryState(slackPage({ phase: 'delivered', response: { ts: '1700.01' } }), false)).toEqual({ word: 'sent', detail: 'ts 1700.01' });
    expect(deliveryState(trigger({ phase: 'delivered' }), false)).toEqual({ word: 'sent', detail: 'dedup key warroom-inc-L1' });
    expect(deliveryState(slackPage({ phase: 'failed', lastError: 'channel_not_found' }), false)).toEqual({ word: 'failed', detail: 'channel_not_found' });
    expect(deliveryState(slackPage({ destination: 'file', phase: 'delivered', response: { file: 'outbox.jsonl' } }), false).word).toBe('saved to file');
    expect(deliveryState(slackPage({ phase: 'delivered', response: { file: 'outbox.jsonl' } }), true)).toEqual({ word: 'saved to file', detail: 'drill: written to outbox.jsonl, not sent' });
  });
});

describe('pageState', () => {
  const em = { seq: 3 };
  it('is sent once either receiver accepted, and names which', () => {
    expect(pageStateText('EM', pageState(stateWith([slackPage({}), trigger({ phase: 'delivered' })]), em))).toBe('paged EM');
    expect(pageState(stateWith([slackPage({ phase: 'delivered', response: { ts: '1' } }), trigger({ phase: 'delivered' })]), em)).toEqual({ word: 'sent', via: 'Slack and PagerDuty' });
  });
  it('never reads "paged" before a receiver accepted it', () => {
    const texts = [
      pageState(stateWith([]), em),
      pageState(stateWith([slackPage({ lastError: 'ECONNREFUSED' })]), em),
      pageState(stateWith([slackPage({ phase: 'failed', lastError: 'invalid_token' })]), em),
      pageState(stateWith([slackPage({ destination: 'file', phase: 'delivered', response: { file: 'outbox.jsonl' } })]), em),
      pageState(stateWith([slackPage({ phase: 'delivered', response: { file: 'outbox.jsonl' } })], true), em),
    ].map((p) => pageStateText('EM', p));
    expect(texts).toEqual(['EM page queued', 'EM page queued since 10:15 (ECONNREFUSED)', 'EM page failed', 'EM page not sent: no pager configured', 'EM page not sent: drill']);
    for (const text of texts) expect(text).not.toMatch(/paged/);
  });
  it('says since when a page waits, and the receiver\'s refusal where there is room', () => {
    const waiting = pageState(stateWith([slackPage({ lastError: 'HTTP 503' })]), em);
    expect(pageStateText('EM', waiting, true)).toBe('EM page queued since 10:15');
    expect(pageStateText('Engineering Manager', waiting)).toBe('Engineering Manager page queued since 10:15 (HTTP 503)');
    expect(pageStateText('EM', pageState(stateWith([slackPage({})]), em))).toBe('EM page queued since 10:15');
  });
});

describe('happens-once keys', () => {
  it('a level pages once, whether by its threshold or by e', () => {
    const fired = (manual: boolean, level: number) => ({ type: 'escalation.fired', manual, level }) as unknown as IncidentEvent;
    expect(onceKeyOf(fired(true, 1))).toBe(onceKeyOf(fired(false, 1)));
    expect(onceKeyOf(fired(true, 0))).toBeNull(); // an older journal's manual page
  });
});
