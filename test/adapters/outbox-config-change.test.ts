// An incident opened with nothing configured, resumed after Slack was set up: the channel must
// still hear of it (the alert is posted then, and in Web API mode updates thread under it and
// edit it), and an incident whose alert already reached Slack is never announced twice.
import { afterEach, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommsService } from '../../src/app/comms.ts';
import type { WarroomConfig } from '../../src/adapters/config.ts';
import { EventLog, seedOpened, testConfig } from '../helpers/comms-fixtures.ts';
import { startFakeServices, waitFor } from '../helpers/fake-services.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-outbox-change-'));
  cleanup.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

function comms(log: EventLog, config: WarroomConfig, incidentDir: string): CommsService {
  const service = new CommsService({
    store: log.store,
    config,
    incidentDir,
    actor: 'alice',
    outbox: { paceMs: { slack: 0, pagerduty: 0 }, backoff: { baseMs: 100, maxMs: 400 } },
  });
  cleanup.push(() => service.stop());
  return service;
}

const allDelivered = (log: EventLog) => () => log.state().deliveries.every((d) => d.phase === 'delivered');

it('Slack configured after the incident opened: resume posts the alert, threads under it and edits it', async () => {
  const slack = await startFakeServices();
  cleanup.push(() => slack.close());
  const dir = await tempDir();
  const log = new EventLog();
  log.add(seedOpened());

  // First run: nothing configured, the alert goes to the outbox file.
  const first = comms(log, testConfig(null), dir);
  first.start();
  await first.catchUp();
  await waitFor(allDelivered(log), 'the alert in the outbox file');
  await first.stop();
  log.add({ type: 'status.changed', actor: 'alice', from: 'investigating', to: 'identified' });

  // Resume with the Web API configured.
  const second = comms(log, testConfig(slack.url), dir);
  second.start();
  await second.catchUp();
  await second.postUpdate('internal', { status: 'Identified', impact: 'slow logins', actions: '', nextUpdate: '15' });
  await waitFor(allDelivered(log), 'everything delivered');

  const got = slack.accepted();
  expect(got.map((r) => r.path)).toEqual([
    '/api/chat.postMessage',
    '/api/chat.update',
    '/api/chat.postMessage',
    '/api/chat.update',
  ]);
  const [alert, headline, update] = got;
  expect(alert?.body).toMatchObject({ attachments: [{ title: '[SEV-2] Incident Alert' }] });
  expect(alert?.body.thread_ts).toBeUndefined();
  // The late alert is brought up to date at once: the headline shows the current status.
  expect(headline?.body).toMatchObject({ ts: '1700000000.000001' });
  expect(JSON.stringify(headline?.body)).toContain('{"title":"Status","value":"Identified","short":true}');
  expect(update?.body).toMatchObject({ thread_ts: '1700000000.000001' });
  expect(log.state().deliveries.filter((d) => d.phase === 'failed')).toEqual([]);

  // A third start announces nothing again.
  await second.stop();
  const third = comms(log, testConfig(slack.url), dir);
  third.start();
  await third.catchUp();
  await third.stop();
  expect(log.state().deliveries.filter((d) => d.kind === 'alert').map((d) => d.destination)).toEqual(['file', 'slack']);
});

it('an alert that reached Slack through the Web API is not repeated through a webhook', async () => {
  const slack = await startFakeServices();
  cleanup.push(() => slack.close());
  const dir = await tempDir();
  const log = new EventLog();
  log.add(seedOpened());
  const first = comms(log, testConfig(slack.url), dir);
  first.start();
  await first.catchUp();
  await waitFor(allDelivered(log), 'the alert posted');
  await first.stop();

  const second = comms(log, testConfig(null, { webhookUrl: `${slack.url}/services/T0/B0/X` }), dir);
  second.start();
  await second.catchUp();
  await second.stop();
  expect(log.state().deliveries.filter((d) => d.kind === 'alert')).toHaveLength(1);
  expect(slack.accepted()).toHaveLength(1);
});

it('a resolved incident resumed after Slack was configured is not announced as a new alert', async () => {
  const dir = await tempDir();
  const log = new EventLog();
  log.add(seedOpened());
  const first = comms(log, testConfig(null), dir);
  await first.catchUp();
  log.add({ type: 'incident.resolved', actor: 'alice', from: 'investigating', summary: null });
  const second = comms(log, testConfig('http://127.0.0.1:9'), dir);
  await second.catchUp();
  expect(log.state().deliveries.filter((d) => d.kind === 'alert')).toHaveLength(1);
});
