// Public updates to Atlassian Statuspage through the real journal, outbox and dispatch, against
// the stand-in on 127.0.0.1: one status-page incident per war room, updated in place, never
// created twice through 500s and 429s, and a refused update held (with Statuspage's reason)
// until it is resent.
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxNotice } from '../../src/adapters/outbox.ts';
import { nextStatusPageDelivery } from '../../src/core/statuspage/lane.ts';
import { statusPayloadOf } from '../../src/core/statuspage/payload.ts';
import { resendPageDelivery } from '../../src/core/statuspage/requests.ts';
import { waitFor } from '../helpers/fake-services.ts';
import { STANDIN_KEY, startStatuspage, type StatuspageStandIn } from '../helpers/statuspage-server.ts';
import {
  INCIDENT_ID,
  openWarRoom,
  pageUpdate,
  postPublic,
  startOutbox,
  statusConfig,
  statusDeliveries,
  tempRoot,
  type WarRoom,
} from '../helpers/statuspage-fixtures.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setUp(): Promise<{ page: StatuspageStandIn; room: WarRoom }> {
  const page = await startStatuspage();
  cleanup.push(() => page.close());
  const room = await openWarRoom(await tempRoot('warroom-statuspage-', cleanup));
  cleanup.push(() => room.close());
  return { page, room };
}

const allDelivered = (room: WarRoom) => () => statusDeliveries(room.state()).every((d) => d.phase === 'delivered');
const writes = (page: StatuspageStandIn) => page.requests.filter((r) => r.method !== 'GET' && r.answered.startsWith('HTTP 2'));

describe('Atlassian Statuspage through the durable outbox', () => {
  it('create, three updates and the resolve land on one incident, in order, with the chosen components and impact', async () => {
    const { page, room } = await setUp();
    const outbox = startOutbox(room, statusConfig(page.url, page.pageId));
    cleanup.push(() => outbox.stop());
    const seedText = 'We are currently experiencing degraded performance on our API. Users may perceive slow loading times. Our team is investigating the issue.';
    await postPublic(room, pageUpdate(page.pageId, { body: seedText }), outbox);
    await postPublic(room, pageUpdate(page.pageId, {
      status: 'identified',
      body: 'We have identified the cause and are rolling out a fix.',
      components: [
        { id: 'cmp-api', name: 'API', status: 'partial_outage' },
        { id: 'cmp-login', name: 'Login', status: 'degraded_performance' },
      ],
    }), outbox);
    await postPublic(room, pageUpdate(page.pageId, { status: 'monitoring', body: 'A fix is out; we are watching.' }), outbox);
    await postPublic(room, pageUpdate(page.pageId, { status: 'monitoring', body: 'Error rates are back to normal.' }), outbox);
    await postPublic(room, pageUpdate(page.pageId, { status: 'resolved', body: 'This incident has been resolved.' }), outbox);
    await waitFor(allDelivered(room), 'every status-page delivery');

    expect(page.incidents).toHaveLength(1);
    const incident = page.incidents[0];
    expect(incident?.updates.map((u) => [u.status, u.body])).toEqual([
      ['investigating', seedText],
      ['identified', 'We have identified the cause and are rolling out a fix.'],
      ['monitoring', 'A fix is out; we are watching.'],
      ['monitoring', 'Error rates are back to normal.'],
      ['resolved', 'This incident has been resolved.'],
    ]);
    expect(writes(page).map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v1/pages/${page.pageId}/incidents`,
      ...Array.from({ length: 4 }, () => `PATCH /v1/pages/${page.pageId}/incidents/inc1`),
    ]);
    const [create, identified] = writes(page);
    expect(create?.headers.authorization).toBe(`OAuth ${STANDIN_KEY}`);
    expect(create?.body.incident).toMatchObject({
      name: 'Degraded API performance',
      status: 'investigating',
      impact_override: 'major',
      deliver_notifications: true,
      components: { 'cmp-api': 'degraded_performance' },
      component_ids: ['cmp-api'],
    });
    const first = statusDeliveries(room.state())[0];
    const intentKey = first ? statusPayloadOf(first.kind, first.payload)?.intentKey : undefined;
    expect(intentKey).toBe(`${INCIDENT_ID}/${first?.deliveryId}`);
    expect(create?.body.incident).toMatchObject({ metadata: { warroom: { intent: intentKey } } });
    expect(identified?.body.incident).toMatchObject({ components: { 'cmp-api': 'partial_outage', 'cmp-login': 'degraded_performance' } });
    // Resolving set what the incident touched back to operational; the page agrees.
    expect(page.components.map((c) => [c.id, c.status])).toEqual([
      ['cmp-api', 'operational'],
      ['cmp-login', 'operational'],
      ['cmp-web', 'operational'],
    ]);
    expect(incident?.impact).toBe('major');
    // The journal holds the incident's id and public address, and never the key.
    expect(statusDeliveries(room.state()).map((d) => d.response)).toEqual(
      Array.from({ length: 5 }, () => ({ pageIncidentId: 'inc1', url: 'https://stspg.io/inc1' })),
    );
    expect(JSON.stringify(room.events())).not.toContain(STANDIN_KEY);
  });

  it('a 500, a 500 after the incident was made and a 429 on the create still make exactly one incident', async () => {
    const { page, room } = await setUp();
    page.script.push(
      { status: 500, body: 'Internal Server Error' }, // POST: nothing made
      'pass', // GET unresolved: none yet
      'pass', // GET recent: none
      'commit-then-500', // POST: the incident is made, but the reply is a 500
      { status: 429, headers: { 'retry-after': '1' }, body: '{"error":"Rate limit exceeded"}' }, // GET unresolved
    );
    const outbox = startOutbox(room, statusConfig(page.url, page.pageId));
    cleanup.push(() => outbox.stop());
    await postPublic(room, pageUpdate(page.pageId), outbox);
    await postPublic(room, pageUpdate(page.pageId, { status: 'identified', body: 'Found it.' }), outbox);
    await waitFor(allDelivered(room), 'both deliveries', 20_000);

    expect(page.incidents).toHaveLength(1);
    expect(page.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(page.incidents[0]?.updates.map((u) => u.status)).toEqual(['investigating', 'identified']);
    const errors = room.events().flatMap((e) => (e.type === 'delivery.failed' ? [e.error] : []));
    expect(errors).toEqual(['HTTP 500 Internal Server Error', 'HTTP 500 Internal Server Error', 'HTTP 429 Rate limit exceeded']);
    // Retry-After: 1 was honoured.
    const i429 = page.requests.findIndex((r) => r.answered === 'HTTP 429');
    expect((page.requests[i429 + 1]?.at ?? 0) - (page.requests[i429]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(statusDeliveries(room.state())[0]?.response).toEqual({ pageIncidentId: 'inc1', url: 'https://stspg.io/inc1' });
  }, 30_000);

  it('paced at one a second, a page that allows one request a second never answers 429', async () => {
    const { page, room } = await setUp();
    page.rate = { limit: 1, windowMs: 1000 };
    const outbox = startOutbox(room, statusConfig(page.url, page.pageId), [], 1000);
    cleanup.push(() => outbox.stop());
    await postPublic(room, pageUpdate(page.pageId), outbox);
    await postPublic(room, pageUpdate(page.pageId, { status: 'identified', body: 'Found it.' }), outbox);
    await postPublic(room, pageUpdate(page.pageId, { status: 'monitoring', body: 'Fixed, watching.' }), outbox);
    await waitFor(allDelivered(room), 'three deliveries', 20_000);
    expect(page.requests.map((r) => r.answered)).toEqual(['HTTP 201', 'HTTP 200', 'HTTP 200']);
  }, 30_000);

  it('unpaced, the page answers 429 with Retry-After and every update still lands once, in order', async () => {
    const { page, room } = await setUp();
    page.rate = { limit: 1, windowMs: 1000 };
    const outbox = startOutbox(room, statusConfig(page.url, page.pageId), [], 0);
    cleanup.push(() => outbox.stop());
    await postPublic(room, pageUpdate(page.pageId), outbox);
    await postPublic(room, pageUpdate(page.pageId, { status: 'identified', body: 'Found it.' }), outbox);
    await postPublic(room, pageUpdate(page.pageId, { status: 'monitoring', body: 'Fixed, watching.' }), outbox);
    await waitFor(allDelivered(room), 'three deliveries', 20_000);
    expect(page.requests.some((r) => r.answered === 'HTTP 429')).toBe(true);
    expect(page.incidents).toHaveLength(1);
    expect(page.incidents[0]?.updates.map((u) => u.status)).toEqual(['investigating', 'identified', 'monitoring']);
    for (const [i, r] of page.requests.entries()) {
      const next = page.requests[i + 1];
      if (r.answered === 'HTTP 429' && next) expect(next.at - r.at).toBeGreaterThanOrEqual(950);
    }
  }, 30_000);

  it("a refused create (422) is held with Statuspage's reason, holds the update behind it, and a fixed resend lands both", async () => {
    const { page, room } = await setUp();
    const notices: OutboxNotice[] = [];
    const outbox = startOutbox(room, statusConfig(page.url, page.pageId), notices);
    cleanup.push(() => outbox.stop());
    await postPublic(room, pageUpdate(page.pageId, { components: [{ id: 'cmp-nope', name: 'Payments', status: 'major_outage' }] }), outbox);
    await postPublic(room, pageUpdate(page.pageId, { status: 'identified', body: 'Found it.' }), outbox);
    const [create, update] = await waitFor(() => {
      const lane = statusDeliveries(room.state());
      return lane[0]?.phase === 'failed' ? lane : null;
    }, 'the refusal');
    expect(create?.lastError).toBe('HTTP 422 Component cmp-nope was not found on this page');
    expect(notices.map((n) => [n.type, n.error])).toEqual([['failed', 'HTTP 422 Component cmp-nope was not found on this page']]);
    // Not dropped, not sent: the update waits, and the outbox has nothing it may send.
    expect(update).toMatchObject({ phase: 'pending', attempts: 0 });
    expect(nextStatusPageDelivery(room.state().deliveries)).toMatchObject({ kind: 'held', head: { deliveryId: create?.deliveryId } });
    await outbox.drain(5000);
    expect(page.requests).toHaveLength(1);
    expect(page.incidents).toHaveLength(0);

    const resend = resendPageDelivery(create!, 'status-resend-1', { components: [{ id: 'cmp-api', name: 'API', status: 'major_outage' }] });
    if ('problem' in resend) throw new Error(resend.problem);
    await room.append(resend.event);
    outbox.wake();
    await waitFor(() => room.state().deliveries.filter((d) => d.phase === 'delivered').length === 2, 'the resend and the update');
    expect(page.incidents).toHaveLength(1);
    expect(page.incidents[0]?.updates.map((u) => u.status)).toEqual(['investigating', 'identified']);
    expect(page.requests.filter((r) => r.method === 'POST').map((r) => (r.body.incident as { components: unknown }).components)).toEqual([
      { 'cmp-nope': 'major_outage' },
      { 'cmp-api': 'major_outage' },
    ]);
    // The refusal stays in the journal, as refused.
    expect(statusDeliveries(room.state()).map((d) => d.phase)).toEqual(['failed', 'delivered', 'delivered']);
  });

  it('a wrong key (401) is held until the key is fixed and the update resent', async () => {
    const { page, room } = await setUp();
    const config = statusConfig(page.url, page.pageId);
    config.statuspage.apiKey = 'wrong-key-0000';
    const outbox = startOutbox(room, config);
    cleanup.push(() => outbox.stop());
    await postPublic(room, pageUpdate(page.pageId), outbox);
    const refused = await waitFor(() => statusDeliveries(room.state()).find((d) => d.phase === 'failed'), 'the refusal');
    expect(refused.lastError).toBe('HTTP 401 Could not authenticate');
    config.statuspage.apiKey = STANDIN_KEY;
    const resend = resendPageDelivery(refused, 'status-resend-2');
    if ('problem' in resend) throw new Error(resend.problem);
    await room.append(resend.event);
    outbox.wake();
    await waitFor(() => statusDeliveries(room.state()).some((d) => d.phase === 'delivered'), 'the resend');
    expect(page.incidents).toHaveLength(1);
    expect(JSON.stringify(room.events())).not.toContain('wrong-key-0000');
  });
});
