// No secret leaves the config: after a whole incident with Slack (Web API and webhook), pages
// and PagerDuty, including failed deliveries, the configured token, webhook URL and routing
// keys appear nowhere in the journal, the outbox file, `show --json`, `show`, `list --json`,
// the post-mortem or `config list` (run as real processes of the built CLI).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJournal } from '../../src/adapters/journal.ts';
import { JournalStore } from '../../src/adapters/journal-store.ts';
import { configSecrets, loadConfig, type WarroomConfig } from '../../src/adapters/config.ts';
import { CommsService } from '../../src/app/comms.ts';
import { JOURNAL_FORMAT_VERSION } from '../../src/core/incident/events.ts';
import { configCommand } from '../../src/commands/config.ts';
import { seedOpened } from '../helpers/comms-fixtures.ts';
import { reservePort, startFakeServices, waitFor, type FakeServices } from '../helpers/fake-services.ts';
import { ensureBuilt, warroom } from '../helpers/warroom-cli.ts';

const TOKEN = 'xoxb-test-token-0000-secret';
const ROUTING_KEY = 'PDROUTINGKEY0000000000000SECRET1';
const CTO_KEY = 'CTOROUTINGKEY000000000000SECRET2';

let home: string;
let server: FakeServices;
let hook: string;

beforeAll(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-secrets-'));
  server = await startFakeServices();
  hook = `${server.url}/services/T0SECRET/B0SECRET/hooksecretpart000`;
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (home) await fs.rm(home, { recursive: true, force: true });
});

async function set(key: string, value: string, env: NodeJS.ProcessEnv) {
  const sink = new (await import('node:stream')).PassThrough();
  await configCommand({ action: 'set', key, value }, { stdout: sink, stderr: sink, env, cwd: home, isTty: false });
}

async function incident(id: string, config: WarroomConfig, failFirst: boolean) {
  const dir = path.join(home, 'incidents', id);
  const journal = await createJournal(dir, { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: id, createdAt: new Date().toISOString() });
  const store = new JournalStore(journal, [await journal.append(seedOpened({ incidentId: id, detectedAt: new Date(Date.now() - 40 * 60_000).toISOString() }))]);
  const comms = new CommsService({ store, config, incidentDir: dir, actor: 'alice', outbox: { paceMs: { slack: 0, pagerduty: 0 }, backoff: { baseMs: 50, maxMs: 100 } } });
  if (failFirst) server.script.push({ status: 500, body: 'rollup_error' }, { status: 429, headers: { 'retry-after': '0' } });
  comms.start();
  await comms.catchUp();
  await comms.postUpdate('internal', { status: 'Investigating', impact: 'Slow logins', actions: '', nextUpdate: '15' });
  await comms.postUpdate('public', { status: 'Investigating', text: 'We are investigating slow pages.' });
  await store.append({ type: 'escalation.fired', actor: 'system', level: 2, afterMinutes: 30, action: 'page', target: 'CTO', dueAt: null, late: false, manual: false });
  await comms.catchUp();
  await store.append({ type: 'incident.resolved', actor: 'alice', from: 'investigating', summary: 'rolled back' });
  await comms.catchUp();
  await waitFor(() => store.state.deliveries.every((d) => d.phase !== 'pending'), `deliveries of ${id}`, 20_000);
  await comms.stop();
  await journal.close();
  return dir;
}

it('the journal, outbox file, show, list, post-mortem and config list never contain a secret', async () => {
  const env: NodeJS.ProcessEnv = { WARROOM_HOME: home };
  await set('slack.token', TOKEN, env);
  await set('slack.channel', '#incidents', env);
  await set('slack.apiUrl', `${server.url}/api`, env);
  await set('slack.webhookUrl', hook, env);
  await set('pagerduty.routingKey', ROUTING_KEY, env);
  await set('pagerduty.url', `${server.url}/pagerduty/v2/enqueue`, env);
  await set('escalation.targets.CTO.pagerduty', CTO_KEY, env);
  await set('escalation.targets.CTO.slack', '@cto', env);
  const secrets = configSecrets(loadConfig(env));
  expect(secrets.sort()).toEqual([TOKEN, hook, ROUTING_KEY, CTO_KEY].sort());

  // Web API mode, with a 500 and a 429 on the way.
  await incident('inc-api', loadConfig(env), true);
  // Webhook mode.
  const webhook = loadConfig(env);
  webhook.slack.token = null;
  await incident('inc-hook', webhook, false);
  // Slack not configured (outbox file), PagerDuty configured.
  const fileOnly = loadConfig(env);
  fileOnly.slack.token = null;
  fileOnly.slack.webhookUrl = null;
  await incident('inc-file', fileOnly, false);
  expect(await fs.readFile(path.join(home, 'incidents', 'inc-file', 'outbox.jsonl'), 'utf8')).toContain('Incident Alert');
  // Webhook mode against a dead port: the network errors are journaled; the URL must not be.
  const dead = `http://127.0.0.1:${await reservePort()}/services/T0SECRET/B0SECRET/deadhooksecret`;
  {
    const config = loadConfig(env);
    config.slack.token = null;
    config.slack.webhookUrl = dead;
    const deadDir = path.join(home, 'incidents', 'inc-dead');
    const journal = await createJournal(deadDir, { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: 'inc-dead', createdAt: new Date().toISOString() });
    const store = new JournalStore(journal, [await journal.append(seedOpened({ incidentId: 'inc-dead' }))]);
    const comms = new CommsService({ store, config, incidentDir: deadDir, actor: 'alice', outbox: { backoff: { baseMs: 20, maxMs: 40 } } });
    comms.start();
    await comms.catchUp();
    await waitFor(() => store.state.deliveries[0]?.lastError, 'a network error');
    expect(store.state.deliveries[0]?.lastError).toBe('ECONNREFUSED');
    await comms.stop();
    await journal.close();
    secrets.push(dead);
  }
  await ensureBuilt();
  const outputs: [string, string][] = [];
  for (const id of ['inc-api', 'inc-hook', 'inc-file', 'inc-dead']) {
    for (const args of [['show', id, '--json'], ['show', id], ['postmortem', id, '--stdout'], ['postmortem', id]]) {
      const result = await warroom(home, args, { WARROOM_HOME: home });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      outputs.push([args.join(' '), result.stdout + result.stderr]);
    }
  }
  const listed = await warroom(home, ['list', '--json'], { WARROOM_HOME: home });
  outputs.push(['list --json', listed.stdout + listed.stderr]);
  const config = await warroom(home, ['config', 'list'], { WARROOM_HOME: home });
  expect(config.stdout).toContain('slack.token = xoxb…cret');
  outputs.push(['config list', config.stdout + config.stderr]);
  expect(outputs.find(([name]) => name === 'show inc-api --json')?.[1]).toContain('"deliveries"');

  // Every file warroom wrote, except the config file that holds the secrets by design.
  const files: string[] = [];
  for (const entry of await fs.readdir(home, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name !== 'config.json') files.push(path.join(entry.parentPath, entry.name));
  }
  expect(files.some((f) => f.endsWith('journal.jsonl'))).toBe(true);
  expect(files.some((f) => f.endsWith('postmortem.md'))).toBe(true);
  for (const file of files) outputs.push([file, await fs.readFile(file, 'utf8')]);

  // And the secrets really were used on the wire.
  expect(server.accepted().some((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  expect(server.accepted().some((r) => r.body.routing_key === CTO_KEY)).toBe(true);

  for (const [where, text] of outputs) {
    for (const secret of secrets) {
      expect(text.includes(secret), `${where} contains a secret`).toBe(false);
    }
    // Parts of a secret are not enough to use it, but the path of a webhook URL is the secret.
    expect(text.includes('hooksecretpart000'), `${where} contains the webhook path`).toBe(false);
    expect(text.includes('deadhooksecret'), `${where} contains the webhook path`).toBe(false);
  }
}, 120_000);
