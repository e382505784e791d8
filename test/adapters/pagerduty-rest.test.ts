// The PagerDuty REST client against a stand-in on 127.0.0.1: incidents assigned to the operator
// (user found by email, every page read), their alerts' runbook_url, reads retried through a
// 429 with Retry-After, and the writes (acknowledge, note, resolve) with the From header, sent
// once each and retried by the real durable outbox, which journals every attempt.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/adapters/outbox.ts';
import { createDispatch } from '../../src/adapters/delivery-dispatch.ts';
import { PagerDutyRestClient, sendPagerDutyWrite } from '../../src/adapters/pagerduty-rest.ts';
import type { PagerDutyRestConfig } from '../../src/adapters/alerting-config.ts';
import type { PagerDutyWrite } from '../../src/core/alerts/pagerduty-incident.ts';
import type { DeliveryFailedEvent } from '../../src/core/incident/events.ts';
import { EventLog, seedOpened, testConfig } from '../helpers/comms-fixtures.ts';
import { reservePort, waitFor } from '../helpers/fake-services.ts';
import { makeTempDir } from '../helpers/journal-fixtures.ts';
import { PD_TOKEN, standInIncident, startPagerDutyStandIn, type PagerDutyStandIn } from '../helpers/pagerduty-rest-server.ts';

const ana = { id: 'PANA01', name: 'Ana', email: 'ana@example.com' };
const anabel = { id: 'PANA02', name: 'Anabel', email: 'ana@example.com.au' };
let pd: PagerDutyStandIn;
let config: PagerDutyRestConfig;

beforeEach(async () => {
  pd = await startPagerDutyStandIn();
  pd.users.push(anabel, ana);
  config = { apiToken: PD_TOKEN, apiUrl: pd.url, email: ana.email };
});
afterEach(async () => {
  await pd.close();
});

describe('reads', () => {
  it("lists the operator's triggered and acknowledged incidents, every page, with the REST headers", async () => {
    pd.pageSize = 2;
    pd.incidents.push(
      standInIncident('P1', 1, ana, null),
      standInIncident('P2', 2, ana, null, 'acknowledged'),
      standInIncident('P3', 3, anabel, null),
      standInIncident('P4', 4, ana, null, 'resolved'),
      standInIncident('P5', 5, ana, null),
    );
    const incidents = await new PagerDutyRestClient(config).assignedIncidents();
    expect(incidents.map((i) => [i.id, i.status])).toEqual([['P1', 'triggered'], ['P2', 'acknowledged'], ['P5', 'triggered']]);
    expect(incidents[0]).toMatchObject({ number: 1, title: '[Checkout] incident 1', service: 'Checkout API', assignees: ['Ana'], urgency: 'high' });
    const users = pd.requests.filter((r) => r.path === '/users');
    expect(users.map((r) => r.query.get('query'))).toEqual(['ana@example.com']);
    const lists = pd.requests.filter((r) => r.path === '/incidents');
    expect(lists.map((r) => r.query.get('offset'))).toEqual(['0', '2']);
    expect(lists[0]?.query.getAll('statuses[]')).toEqual(['triggered', 'acknowledged']);
    expect(lists[0]?.query.getAll('user_ids[]')).toEqual(['PANA01']);
    expect(lists[0]?.headers).toMatchObject({ authorization: `Token token=${PD_TOKEN}`, accept: 'application/json' });
    expect(lists[0]?.headers.from).toBeUndefined();
  });

  it("reads an incident's alerts and the runbook_url in their details", async () => {
    pd.incidents.push(standInIncident('P1', 1, ana, 'https://github.com/openshift/runbooks/blob/master/alerts/x/KubeAPIDown.md'));
    const alerts = await new PagerDutyRestClient(config).incidentAlerts('P1');
    expect(alerts).toEqual([{ id: 'A1', summary: 'alert 1', status: 'triggered', runbookUrl: 'https://github.com/openshift/runbooks/blob/master/alerts/x/KubeAPIDown.md' }]);
  });

  it('retries a read through a 429, waiting as Retry-After says', async () => {
    pd.incidents.push(standInIncident('P1', 1, ana, null));
    pd.script.push({ status: 429, headers: { 'retry-after': '1' }, body: '{"error":{"message":"Rate Limit Exceeded","code":2020}}' });
    const started = performance.now();
    const incidents = await new PagerDutyRestClient(config).assignedIncidents();
    expect(incidents.map((i) => i.id)).toEqual(['P1']);
    expect(pd.requests.map((r) => [r.path, r.answered])).toEqual([['/users', 429], ['/users', 200], ['/incidents', 200]]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('says which user is missing, or that PagerDuty refused or cannot be reached, never with the token', async () => {
    await expect(new PagerDutyRestClient({ ...config, email: 'nobody@example.com' }).assignedIncidents()).rejects.toThrow('PagerDuty has no user with the email nobody@example.com (pagerduty.email)');
    await expect(new PagerDutyRestClient({ ...config, email: null }).assignedIncidents()).rejects.toThrow('pagerduty.email is not set');
    const refused = await new PagerDutyRestClient({ ...config, apiToken: 'wrong-token-0000' }, { readRetries: 0 }).assignedIncidents().then(() => new Error('no error'), (e: unknown) => e as Error);
    expect(refused.message).toBe(`PagerDuty ${pd.url} refused GET /users: HTTP 401: Unauthorized`);
    const port = await reservePort();
    const unreachable = await new PagerDutyRestClient({ ...config, apiUrl: `http://127.0.0.1:${port}` }, { readRetries: 0 }).assignedIncidents().then(() => new Error('no error'), (e: unknown) => e as Error);
    expect(unreachable.message).toBe(`PagerDuty http://127.0.0.1:${port} is unreachable: ECONNREFUSED`);
    expect(`${refused.message}${unreachable.message}`).not.toContain(PD_TOKEN);
  });
});

describe('writes', () => {
  it('acknowledges, adds a note and resolves, each with the From header, once per call', async () => {
    const incident = standInIncident('PABC', 7, ana, null);
    pd.incidents.push(incident);
    expect(await sendPagerDutyWrite(config, { op: 'acknowledge', incidentId: 'PABC' })).toEqual({ ok: true, response: null });
    expect(incident.status).toBe('acknowledged');
    expect(await sendPagerDutyWrite(config, { op: 'note', incidentId: 'PABC', content: 'Rolled back api to v41; errors falling.' })).toEqual({ ok: true, response: null });
    expect(await sendPagerDutyWrite(config, { op: 'resolve', incidentId: 'PABC' })).toEqual({ ok: true, response: null });
    expect(incident).toMatchObject({ status: 'resolved', notes: [{ content: 'Rolled back api to v41; errors falling.', from: 'ana@example.com' }] });
    expect(pd.requests.map((r) => [r.method, r.path, r.headers.from, r.body])).toEqual([
      ['PUT', '/incidents/PABC', 'ana@example.com', { incident: { type: 'incident_reference', status: 'acknowledged' } }],
      ['POST', '/incidents/PABC/notes', 'ana@example.com', { note: { content: 'Rolled back api to v41; errors falling.' } }],
      ['PUT', '/incidents/PABC', 'ana@example.com', { incident: { type: 'incident_reference', status: 'resolved' } }],
    ]);
  });

  it('reports a 429 as retryable with its Retry-After and a 400 as final, without retrying itself', async () => {
    pd.incidents.push(standInIncident('PABC', 7, ana, null));
    pd.script.push({ status: 429, headers: { 'retry-after': '3' } });
    expect(await sendPagerDutyWrite(config, { op: 'acknowledge', incidentId: 'PABC' })).toEqual({ ok: false, error: 'HTTP 429 scripted', retryable: true, retryAfterMs: 3000 });
    expect(pd.requests).toHaveLength(1);
    const unknownUser = await sendPagerDutyWrite({ ...config, email: 'ghost@example.com' }, { op: 'resolve', incidentId: 'PABC' });
    expect(unknownUser).toEqual({ ok: false, error: 'HTTP 400 Invalid Input Provided: Requester User Not Found', retryable: false, retryAfterMs: null });
    expect(await sendPagerDutyWrite(null, { op: 'resolve', incidentId: 'PABC' })).toMatchObject({ ok: false, retryable: false, error: 'pagerduty.apiToken is not set' });
  });

  it('goes through the durable outbox: journaled first, retried through a 429 after Retry-After, in order', async () => {
    const incident = standInIncident('PABC', 7, ana, null);
    pd.incidents.push(incident);
    pd.script.push({ status: 429, headers: { 'retry-after': '1' } });
    const log = new EventLog(new Date().toISOString());
    log.add(seedOpened());
    const writes: PagerDutyWrite[] = [
      { op: 'acknowledge', incidentId: 'PABC' },
      { op: 'note', incidentId: 'PABC', content: 'Investigating: checkout errors at 4%.' },
      { op: 'resolve', incidentId: 'PABC' },
    ];
    for (const [i, write] of writes.entries()) {
      log.add({ type: 'delivery.requested', actor: 'ana', deliveryId: `pd-${i}`, destination: 'pagerduty-rest', kind: `pd.${write.op}`, payload: write, parentDeliveryId: null });
    }
    const outbox = new Outbox({
      // Events stamped with the real time, so the journaled retry time can be compared with it.
      store: {
        get state() {
          return log.store.state;
        },
        append: (event) => {
          log.now = new Date();
          return log.store.append(event);
        },
      },
      // The dispatch the war room uses, with the REST settings and nothing else configured.
      dispatch: createDispatch({ config: testConfig(null, { webhookUrl: null }), incidentDir: await makeTempDir('warroom-pd-'), pagerdutyRest: config }),
      paceMs: { 'pagerduty-rest': 0 },
    });
    outbox.start();
    try {
      await waitFor(() => log.state().deliveries.every((d) => d.phase === 'delivered'), 'all PagerDuty writes delivered');
    } finally {
      await outbox.stop();
    }
    const failed = log.events.filter((e): e is DeliveryFailedEvent => e.type === 'delivery.failed');
    expect(failed.map((e) => [e.deliveryId, e.error, e.retryable])).toEqual([['pd-0', 'HTTP 429 scripted', true]]);
    // Retry-After: 1. The retry time is taken a moment before the journal stamps the failure.
    const waitMs = Date.parse(failed[0]?.retryAt ?? '') - Date.parse(failed[0]?.at ?? '');
    expect(waitMs).toBeGreaterThan(900);
    expect(waitMs).toBeLessThanOrEqual(1000);
    expect(pd.requests.map((r) => [r.method, r.path, r.answered])).toEqual([
      ['PUT', '/incidents/PABC', 429],
      ['PUT', '/incidents/PABC', 200],
      ['POST', '/incidents/PABC/notes', 201],
      ['PUT', '/incidents/PABC', 200],
    ]);
    expect(incident).toMatchObject({ status: 'resolved', notes: [{ content: 'Investigating: checkout errors at 4%.' }] });
    expect(JSON.stringify(log.events)).not.toContain(PD_TOKEN);
  });
});
