// The dispatch's side of exactly-once to Slack, against the channel stand-in: a first attempt
// carries the delivery id in metadata; an attempt nobody saw answered is looked up first (the
// channel for a top-level message, the thread for a reply) and found, so nothing is posted again;
// an attempt that was answered with a failure is simply sent again, without a lookup.
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WarroomConfig } from '../../src/adapters/config.ts';
import { createDispatch } from '../../src/adapters/delivery-dispatch.ts';
import type { DeliveryRecord } from '../../src/core/incident/state.ts';
import { TEST_TOKEN, testConfig } from '../helpers/comms-fixtures.ts';
import { startSlackChannel, type SlackChannel } from '../helpers/slack-channel.ts';

let slack: SlackChannel;
beforeEach(async () => {
  slack = await startSlackChannel();
});
afterEach(async () => {
  await slack.close();
});

function config(): WarroomConfig {
  // The stand-in's base without /api; the channel as Slack's id, as the README asks.
  return testConfig(slack.url.replace(/\/api$/, ''), { token: TEST_TOKEN, channel: 'C0INCIDENT' });
}

function record(deliveryId: string, kind: 'alert' | 'update', progress: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    destination: 'slack', kind, payload: { via: 'api', message: { text: `${kind} ${deliveryId}` } },
    deliveryId, requestSeq: 2, requestedAt: new Date().toISOString(), parentDeliveryId: null, phase: 'pending',
    attempts: 0, answered: 0, lastError: null, retryAt: null, response: null, deliveredAt: null, ...progress,
  } as DeliveryRecord;
}

const dispatch = () => createDispatch({ config: config(), incidentDir: path.join(os.tmpdir(), 'inc-lookup') });
const signal = new AbortController().signal;

describe('Slack lookup before a second attempt', () => {
  it('tags the message; after an unanswered attempt it finds it in the channel and posts nothing', async () => {
    const first = await dispatch()(record('d-1', 'alert'), null, signal);
    expect(first).toMatchObject({ ok: true });
    expect(slack.messages[0]?.metadata).toEqual({ event_type: 'warroom_delivery', event_payload: { delivery_id: 'd-1', incident_id: 'inc-lookup' } });
    const again = await dispatch()(record('d-1', 'alert', { attempts: 1 }), null, signal);
    expect(again).toEqual({ ok: true, response: { ts: slack.messages[0]?.ts, channel: 'C0INCIDENT' } });
    expect(slack.messages).toHaveLength(1);
    expect(slack.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'conversations.history']);
  });

  it('a thread reply is looked up in its thread (conversations.replies)', async () => {
    const parent = record('d-parent', 'alert');
    await dispatch()(parent, null, signal);
    const delivered = { ...parent, phase: 'delivered', response: { ts: slack.messages[0]!.ts, channel: 'C0INCIDENT' } } as DeliveryRecord;
    await dispatch()(record('d-reply', 'update'), delivered, signal);
    expect(slack.messages[1]).toMatchObject({ thread_ts: slack.messages[0]!.ts });
    const again = await dispatch()(record('d-reply', 'update', { attempts: 1 }), delivered, signal);
    expect(again).toMatchObject({ ok: true, response: { ts: slack.messages[1]!.ts } });
    expect(slack.messages).toHaveLength(2);
    expect(slack.calls.at(-1)).toMatchObject({ method: 'conversations.replies', body: { ts: slack.messages[0]!.ts, include_all_metadata: 'true' } });
  });

  it('not found: sent; an attempt answered with a failure is sent again without a lookup', async () => {
    const missing = await dispatch()(record('d-2', 'alert', { attempts: 1 }), null, signal);
    expect(missing).toMatchObject({ ok: true });
    expect(slack.calls.map((c) => c.method)).toEqual(['conversations.history', 'chat.postMessage']);
    await dispatch()(record('d-3', 'alert', { attempts: 1, answered: 1, lastError: 'HTTP 500' }), null, signal);
    expect(slack.calls.map((c) => c.method).slice(2)).toEqual(['chat.postMessage']);
  });
});
