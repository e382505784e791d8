// The outbox against real HTTP servers on 127.0.0.1 standing in for Slack and PagerDuty.
import { afterEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommsService } from '../../src/app/comms.ts';
import type { DeliveryFailedEvent } from '../../src/core/incident/events.ts';
import { EventLog, seedOpened, testConfig, TEST_ROUTING_KEY, TEST_TOKEN } from '../helpers/comms-fixtures.ts';
import { reservePort, startFakeServices, waitFor, type FakeServices } from '../helpers/fake-services.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-outbox-'));
  cleanup.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

function comms(log: EventLog, config: ReturnType<typeof testConfig>, incidentDir: string, pace = 20) {
  const service = new CommsService({
    store: log.store,
    config,
    incidentDir,
    actor: 'alice',
    outbox: { paceMs: { slack: pace, pagerduty: 0 }, backoff: { baseMs: 100, maxMs: 400 } },
  });
  cleanup.push(() => service.stop());
  return service;
}

const impact = (n: number) => ({ status: 'Investigating', impact: `impact ${n}`, actions: '', nextUpdate: '15' });

describe('Web API mode', () => {
  it('posts the alert, threads updates under it and edits it in place', async () => {
    const slack = await startFakeServices();
    cleanup.push(() => slack.close());
    const log = new EventLog();
    log.add(seedOpened());
    const service = comms(log, testConfig(slack.url), await tempDir());
    await service.catchUp();
    await service.postUpdate('internal', impact(1));
    await service.postUpdate('public', { status: 'Investigating', text: 'We are looking into slow pages.' });
    service.start();
    await waitFor(() => log.state().deliveries.every((d) => d.phase === 'delivered'), 'all delivered');

    const got = slack.accepted();
    expect(got.map((r) => r.path)).toEqual([
      '/api/chat.postMessage',
      '/api/chat.postMessage',
      '/api/chat.update',
      '/api/chat.postMessage',
      '/api/chat.update',
    ]);
    const [alert, update, edit1, publicUpdate, edit2] = got;
    expect(alert?.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    expect(alert?.body).toMatchObject({ channel: '#incidents', attachments: [{ title: '[SEV-2] Incident Alert', color: '#ffa500' }] });
    expect(alert?.body.thread_ts).toBeUndefined();
    const alertTs = '1700000000.000001';
    expect(update?.body).toMatchObject({ channel: 'C0INCIDENT', thread_ts: alertTs });
    expect(JSON.stringify(update?.body)).toContain('impact 1');
    expect(edit1?.body).toMatchObject({ channel: 'C0INCIDENT', ts: alertTs });
    expect(JSON.stringify(edit1?.body)).toContain('Impact: impact 1');
    expect(publicUpdate?.body).toMatchObject({ thread_ts: alertTs, text: 'Investigating: We are looking into slow pages.' });
    expect(edit2?.body).toMatchObject({ ts: alertTs });
    // The alert's reply is recorded so later messages can thread.
    expect(log.state().deliveries[0]?.response).toEqual({ ts: alertTs, channel: 'C0INCIDENT' });
    // Nothing secret was stored.
    expect(JSON.stringify(log.events)).not.toContain(TEST_TOKEN);
  });

  it('survives an outage: refused, then 500, then 429 Retry-After 2, then every message once, in order', async () => {
    const port = await reservePort();
    const base = `http://127.0.0.1:${port}`;
    const log = new EventLog();
    log.add(seedOpened());
    const notices: string[] = [];
    const service = comms(log, testConfig(base), await tempDir());
    service.subscribe((s) => notices.push(s.text));
    await service.catchUp();
    for (let n = 1; n <= 3; n++) await service.postUpdate('internal', impact(n));
    service.start();

    // Nobody listens yet: the first attempt is refused and recorded as retryable.
    const refused = await waitFor(
      () => log.events.find((e): e is DeliveryFailedEvent => e.type === 'delivery.failed'),
      'a refused attempt',
    );
    expect(refused).toMatchObject({ error: 'ECONNREFUSED', retryable: true });
    expect(refused.retryAt).not.toBeNull();

    let slack: FakeServices | null = null;
    slack = await startFakeServices(port);
    cleanup.push(() => slack.close());
    slack.script.push({ status: 500, body: 'rollup_error' }, { status: 429, headers: { 'retry-after': '2' } });

    await waitFor(() => log.state().deliveries.every((d) => d.phase === 'delivered'), 'all delivered after recovery', 20_000);
    const failures = log.events.filter((e): e is DeliveryFailedEvent => e.type === 'delivery.failed').map((e) => e.error);
    expect(failures.slice(0, 1)).toEqual(['ECONNREFUSED']);
    expect(failures).toContain('HTTP 500 rollup_error');
    expect(failures).toContain('HTTP 429');

    // Retry-After: 2 was honoured: the next request came at least 2 s after the 429.
    const i429 = slack.requests.findIndex((r) => r.answered === 'HTTP 429');
    const after429 = slack.requests[i429 + 1];
    const the429 = slack.requests[i429];
    expect(after429 && the429 && after429.at - the429.at).toBeGreaterThanOrEqual(1950);

    // Every message exactly once, in the order requested.
    const got = slack.accepted();
    expect(got.map((r) => r.path)).toEqual([
      '/api/chat.postMessage',
      ...[1, 2, 3].flatMap(() => ['/api/chat.postMessage', '/api/chat.update']),
    ]);
    const replies = got.filter((r) => r.body.thread_ts !== undefined).map((r) => JSON.stringify(r.body));
    expect(replies.map((b) => /impact (\d)/.exec(b)?.[1])).toEqual(['1', '2', '3']);
    expect(notices.some((n) => /^Slack unreachable \(ECONNREFUSED\), \d+ queued$/.test(n))).toBe(true);
  });

  it('gives up on a Slack error with its reason and says so; later messages still go', async () => {
    const slack = await startFakeServices();
    cleanup.push(() => slack.close());
    slack.apiError = 'channel_not_found';
    const log = new EventLog();
    log.add(seedOpened());
    const notices: string[] = [];
    const service = comms(log, testConfig(slack.url), await tempDir());
    service.subscribe((s) => notices.push(s.text));
    await service.catchUp();
    service.start();
    await waitFor(() => log.state().deliveries[0]?.phase === 'failed', 'the alert to fail');
    expect(log.state().deliveries[0]).toMatchObject({ lastError: 'channel_not_found', retryAt: null, attempts: 1 });
    expect(notices).toContain('Slack error: channel_not_found');
    // Fixed: the next update goes out on its own (its parent never got a ts).
    slack.apiError = null;
    await service.postUpdate('internal', impact(9));
    await waitFor(() => log.state().deliveries.some((d) => d.kind === 'update' && d.phase === 'delivered'), 'the update');
    const update = slack.accepted().find((r) => JSON.stringify(r.body).includes('impact 9'));
    expect(update?.body.thread_ts).toBeUndefined();
    // The headline edit had nothing to edit: given up, not retried forever.
    await waitFor(() => log.state().deliveries.find((d) => d.kind === 'headline')?.phase === 'failed', 'headline given up');
  });

  it('paces a channel to about one message a second by default', async () => {
    const slack = await startFakeServices();
    cleanup.push(() => slack.close());
    const log = new EventLog();
    log.add(seedOpened());
    const service = new CommsService({ store: log.store, config: testConfig(slack.url, { webhookUrl: null }), incidentDir: await tempDir(), actor: 'alice' });
    cleanup.push(() => service.stop());
    await service.catchUp();
    await service.postUpdate('public', { status: 'Investigating', text: 'one' });
    service.start();
    await waitFor(() => slack.accepted().length >= 3, 'three messages', 10_000);
    const times = slack.accepted().map((r) => r.at);
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(950);
  });
});

describe('webhook mode', () => {
  it('posts every message to the webhook, unthreaded, without a headline edit', async () => {
    const slack = await startFakeServices();
    cleanup.push(() => slack.close());
    const log = new EventLog();
    log.add(seedOpened());
    const hook = `${slack.url}/services/T000/B000/WEBHOOKSECRET`;
    const config = testConfig(null, { webhookUrl: hook });
    const service = comms(log, config, await tempDir());
    await service.catchUp();
    await service.postUpdate('internal', impact(1));
    service.start();
    await waitFor(() => slack.accepted().length === 2, 'two webhook posts');
    expect(slack.accepted().map((r) => r.path)).toEqual(['/services/T000/B000/WEBHOOKSECRET', '/services/T000/B000/WEBHOOKSECRET']);
    expect(slack.accepted()[0]?.body).toMatchObject({ attachments: [{ title: '[SEV-2] Incident Alert' }] });
    expect(log.state().deliveries.map((d) => d.kind)).toEqual(['alert', 'update']);
    expect(JSON.stringify(log.events)).not.toContain('WEBHOOKSECRET');
  });

  it('a webhook 404 is final and reported with Slack reason, never the URL', async () => {
    const slack = await startFakeServices();
    cleanup.push(() => slack.close());
    slack.script.push({ status: 404, body: 'channel_not_found' });
    const log = new EventLog();
    log.add(seedOpened());
    const service = comms(log, testConfig(null, { webhookUrl: `${slack.url}/services/SECRETPATH` }), await tempDir());
    await service.catchUp();
    service.start();
    await waitFor(() => log.state().deliveries[0]?.phase === 'failed', 'the alert to fail');
    expect(log.state().deliveries[0]?.lastError).toBe('HTTP 404 channel_not_found');
    expect(JSON.stringify(log.events)).not.toContain('SECRETPATH');
  });
});

describe('nothing configured', () => {
  it('writes messages to outbox.jsonl, fsynced, recorded delivered with the file', async () => {
    const dir = await tempDir();
    const log = new EventLog();
    log.add(seedOpened());
    const notices: string[] = [];
    const service = comms(log, testConfig(null), dir);
    service.subscribe((s) => notices.push(s.text));
    await service.catchUp();
    await service.postUpdate('internal', impact(1));
    service.start();
    await waitFor(() => log.state().deliveries.every((d) => d.phase === 'delivered'), 'file deliveries');
    expect(notices).toContain('Slack not configured: messages saved to outbox.jsonl');
    const lines = (await fs.readFile(path.join(dir, 'outbox.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { kind: string; deliveryId: string });
    expect(lines.map((l) => l.kind)).toEqual(['alert', 'update']);
    expect((await fs.stat(path.join(dir, 'outbox.jsonl'))).mode & 0o777).toBe(0o600);
    expect(log.state().deliveries.map((d) => [d.destination, d.response])).toEqual([
      ['file', { file: 'outbox.jsonl' }],
      ['file', { file: 'outbox.jsonl' }],
    ]);
    // A restart finds them delivered and writes nothing again.
    await service.stop();
    const again = comms(log, testConfig(null), dir);
    again.start();
    await again.catchUp();
    await again.stop();
    expect((await fs.readFile(path.join(dir, 'outbox.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2);
  });
});

describe('PagerDuty', () => {
  it('triggers per escalation level with a dedup key and resolves them all; the routing key is added only on the wire', async () => {
    const server = await startFakeServices();
    cleanup.push(() => server.close());
    const log = new EventLog();
    log.add(seedOpened({ severity: 'SEV-1' }));
    const config = testConfig(server.url);
    config.pagerduty.routingKey = TEST_ROUTING_KEY;
    config.escalation.targets = { 'Engineering Manager': { slack: '<!subteam^S123>' }, CTO: { pagerduty: 'CTOKEY0000000000000000000000SECRET' } };
    const service = comms(log, config, await tempDir());
    await service.catchUp();
    log.advance(15 * 60_000);
    log.add({ type: 'escalation.fired', actor: 'system', level: 1, afterMinutes: 15, action: 'page', target: 'Engineering Manager', dueAt: log.now.toISOString(), late: false, manual: false });
    await service.catchUp();
    await service.catchUp(); // twice: still one page
    log.advance(15 * 60_000);
    log.add({ type: 'escalation.fired', actor: 'system', level: 2, afterMinutes: 30, action: 'page', target: 'CTO', dueAt: log.now.toISOString(), late: false, manual: false });
    await service.catchUp();
    log.add({ type: 'incident.resolved', actor: 'alice', from: 'investigating', summary: 'fixed' });
    await service.catchUp();
    await service.catchUp();
    service.start();
    await waitFor(() => log.state().deliveries.every((d) => d.phase === 'delivered'), 'all delivered', 15_000);

    const pd = server.accepted().filter((r) => r.path === '/pagerduty/v2/enqueue').map((r) => r.body);
    expect(pd.map((b) => [b.event_action, b.dedup_key, b.routing_key])).toEqual([
      ['trigger', 'warroom-2026-11-26-1005-api-high-latency-L1', TEST_ROUTING_KEY],
      ['trigger', 'warroom-2026-11-26-1005-api-high-latency-L2', 'CTOKEY0000000000000000000000SECRET'],
      ['resolve', 'warroom-2026-11-26-1005-api-high-latency-L1', TEST_ROUTING_KEY],
      ['resolve', 'warroom-2026-11-26-1005-api-high-latency-L2', 'CTOKEY0000000000000000000000SECRET'],
    ]);
    expect(pd[0]).toMatchObject({ payload: { severity: 'critical', source: 'api', custom_details: { status: 'Investigating', runbook: 'runbooks/api-high-latency.md' } } });
    const pages = server.accepted().filter((r) => JSON.stringify(r.body).includes('Paging'));
    expect(pages).toHaveLength(2);
    expect(pages[0]?.body).toMatchObject({ reply_broadcast: true, thread_ts: '1700000000.000001' });
    expect(JSON.stringify(pages[0]?.body)).toContain('<!subteam^S123>');
    const resolution = server.accepted().filter((r) => JSON.stringify(r.body).includes('[Resolved]'));
    expect(resolution).toHaveLength(1);
    const journal = JSON.stringify(log.events);
    expect(journal).not.toContain(TEST_ROUTING_KEY);
    expect(journal).not.toContain('CTOKEY');
  });

  it('a 400 is not retried, a 429 is', async () => {
    const server = await startFakeServices();
    cleanup.push(() => server.close());
    server.script.push({ status: 429 }, { status: 400, body: JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors: ['Length of dedup_key is too long'] }) });
    const log = new EventLog();
    log.add(seedOpened());
    const config = testConfig(null);
    config.pagerduty = { routingKey: TEST_ROUTING_KEY, url: `${server.url}/pagerduty/v2/enqueue` };
    const service = comms(log, config, await tempDir());
    log.add({ type: 'escalation.fired', actor: 'system', level: 1, afterMinutes: 15, action: 'page', target: 'EM', dueAt: null, late: false, manual: false });
    await service.catchUp();
    service.start();
    await waitFor(() => log.state().deliveries.find((d) => d.destination === 'pagerduty')?.phase === 'failed', 'PagerDuty to give up');
    const pd = log.state().deliveries.find((d) => d.destination === 'pagerduty');
    expect(pd).toMatchObject({ attempts: 2, lastError: 'HTTP 400 Event object is invalid: Length of dedup_key is too long' });
  });
});
