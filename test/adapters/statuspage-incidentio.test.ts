// The incident.io adapter against its stand-in, through the real journal and outbox: one
// status-page incident created with an idempotency key and updated by update records, resolved
// without component statuses (incident.io restores them), a 500 after the create made it still
// one incident, refusals carrying incident.io's own reason, and the page's components listed.
import { afterEach, describe, expect, it } from 'vitest';
import { incidentioProvider } from '../../src/adapters/statuspage/incidentio.ts';
import { waitFor } from '../helpers/fake-services.ts';
import { startIncidentio, type IncidentioStandIn } from '../helpers/incidentio-server.ts';
import { STANDIN_KEY } from '../helpers/statuspage-server.ts';
import { openWarRoom, pageUpdate, postPublic, startOutbox, statusConfig, statusDeliveries, tempRoot, type WarRoom } from '../helpers/statuspage-fixtures.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setUp(): Promise<{ page: IncidentioStandIn; room: WarRoom; post: (u: ReturnType<typeof pageUpdate>) => Promise<string> }> {
  const page = await startIncidentio();
  cleanup.push(() => page.close());
  const room = await openWarRoom(await tempRoot('warroom-incidentio-', cleanup));
  cleanup.push(() => room.close());
  const outbox = startOutbox(room, statusConfig(page.url, page.pageId, 'incidentio'));
  cleanup.push(() => outbox.stop());
  return { page, room, post: (u) => postPublic(room, u, outbox) };
}

const update = (page: IncidentioStandIn, fields: Parameters<typeof pageUpdate>[1] = {}) => pageUpdate(page.pageId, fields, 'incidentio');
const allDelivered = (room: WarRoom) => () => statusDeliveries(room.state()).every((d) => d.phase === 'delivered');

describe('incident.io status pages', () => {
  it('creates once with an idempotency key, updates in place, resolves and restores the components', async () => {
    const { page, room, post } = await setUp();
    await post(update(page, { components: [{ id: 'cmp-api', name: 'API', status: 'major_outage' }] }));
    await post(update(page, { status: 'identified', body: 'We found the cause.', components: [{ id: 'cmp-login', name: 'Login', status: 'partial_outage' }] }));
    await post(update(page, { status: 'resolved', body: 'All fixed.' }));
    await waitFor(allDelivered(room), 'three deliveries');

    expect(page.incidents).toHaveLength(1);
    const [incident] = page.incidents;
    expect(incident?.updates.map((u) => [u.status, u.message])).toEqual([
      ['investigating', 'We are currently experiencing degraded performance on our API.'],
      ['identified', 'We found the cause.'],
      ['resolved', 'All fixed.'],
    ]);
    const writes = page.requests.filter((r) => r.method === 'POST');
    expect(writes.map((r) => r.path)).toEqual(['/v2/status_page_incidents', '/v2/status_page_incident_updates', '/v2/status_page_incident_updates']);
    expect(writes[0]?.headers.authorization).toBe(`Bearer ${STANDIN_KEY}`);
    expect(writes[0]?.body).toMatchObject({
      status_page_id: page.pageId,
      name: 'Degraded API performance',
      incident_status: 'investigating',
      notify_subscribers: true,
      idempotency_key: `warroom-${statusDeliveries(room.state())[0]?.deliveryId}`,
      // incident.io's word for a major outage.
      component_statuses: [{ component_id: 'cmp-api', component_status: 'full_outage' }],
    });
    expect(writes[1]?.body.component_statuses).toEqual([{ component_id: 'cmp-login', component_status: 'partial_outage' }]);
    // Resolving must not carry component statuses; incident.io sets them operational itself.
    expect(writes[2]?.body.component_statuses).toBeUndefined();
    expect(page.components.map((c) => c.status)).toEqual(['operational', 'operational', 'operational']);
    // The public address comes from the page's public URL.
    expect(statusDeliveries(room.state())[0]?.response).toEqual({ pageIncidentId: incident?.id, url: `${page.publicUrl}/incidents/${incident?.id}` });
  });

  it('a 500 after the incident was made: the retry with the same key gets the same incident', async () => {
    const { page, room, post } = await setUp();
    page.script.push('commit-then-500');
    await post(update(page));
    await post(update(page, { status: 'monitoring', body: 'Fix deployed.' }));
    await waitFor(allDelivered(room), 'both deliveries', 20_000);
    expect(page.incidents).toHaveLength(1);
    expect(page.replays()).toBe(1);
    expect(page.incidents[0]?.updates.map((u) => u.status)).toEqual(['investigating', 'monitoring']);
  });

  it("refuses with incident.io's reason (422, 404) and holds the update", async () => {
    const { page, room, post } = await setUp();
    await post(update(page, { components: [{ id: 'cmp-nope', name: 'Payments', status: 'partial_outage' }] }));
    await post(update(page, { status: 'identified', body: 'We found the cause.' }));
    const refused = await waitFor(() => statusDeliveries(room.state()).find((d) => d.phase === 'failed'), 'the refusal');
    expect(refused.lastError).toBe('HTTP 422 component_statuses.0.component_id: That component does not exist');
    expect(page.incidents).toHaveLength(0);
    expect(statusDeliveries(room.state())[1]).toMatchObject({ phase: 'pending', attempts: 0 });

    const wrongPage = incidentioProvider({ apiUrl: page.url, apiKey: STANDIN_KEY, pageId: 'not-our-page' });
    const signal = new AbortController().signal;
    const created = await wrongPage.createIncident({ ...update(page), op: 'create', intentKey: 'x', pageId: 'not-our-page' }, 'k1', signal);
    expect(created).toEqual({ ok: false, error: 'HTTP 404 Status page not found', retryable: false, retryAfterMs: null });
    const badKey = incidentioProvider({ apiUrl: page.url, apiKey: 'nope', pageId: page.pageId });
    expect(await badKey.listComponents(signal)).toMatchObject({ ok: false, error: expect.stringMatching(/^HTTP 401/), retryable: false });
  });

  it("lists the page's components from its structure, with their groups", async () => {
    const { page } = await setUp();
    const provider = incidentioProvider({ apiUrl: page.url, apiKey: STANDIN_KEY, pageId: page.pageId });
    expect(await provider.listComponents(new AbortController().signal)).toEqual({
      ok: true,
      value: [
        { id: 'cmp-api', name: 'API', status: null, group: 'Core' },
        { id: 'cmp-login', name: 'Login', status: null, group: 'Core' },
        { id: 'cmp-web', name: 'Website', status: null, group: null },
      ],
    });
  });
});
