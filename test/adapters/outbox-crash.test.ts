// kill -9 of a real process running the outbox, in the middle of an outage and in the middle
// of a request, then a resume in a new process: every message reaches Slack exactly once, in
// order, and the journal says so.
import { afterEach, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJournal, openJournal } from '../../src/adapters/journal.ts';
import { JournalStore } from '../../src/adapters/journal-store.ts';
import { JOURNAL_FORMAT_VERSION, type IncidentEvent } from '../../src/core/incident/events.ts';
import { CommsService } from '../../src/app/comms.ts';
import { replay } from '../../src/core/incident/reduce.ts';
import { seedOpened, testConfig, TEST_TOKEN } from '../helpers/comms-fixtures.ts';
import { reservePort, startFakeServices, waitFor, type FakeServices } from '../helpers/fake-services.ts';

const CHILD = path.resolve(import.meta.dirname, '../helpers/outbox-child.ts');
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function startChild(dir: string, env: NodeJS.ProcessEnv): { child: ChildProcess; ready: Promise<void>; output: () => string } {
  const child = spawn(process.execPath, [CHILD, dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  cleanup.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const ready = waitFor(() => out.includes('ready\n') || child.exitCode !== null, 'child ready').then(() => {
    if (!out.includes('ready\n')) throw new Error(`child failed: ${out}`);
  });
  return { child, ready, output: () => out };
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = exitOf(child);
  child.kill('SIGKILL');
  await exited;
}

async function journalEvents(dir: string): Promise<IncidentEvent[]> {
  return (await openJournal(dir, { readonly: true })).events;
}

it('kill -9 during the outage and mid-request, resume in a new process: each message once, in order', async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-outbox-crash-'));
  cleanup.push(() => fs.rm(root, { recursive: true, force: true }));
  const port = await reservePort();
  const base = `http://127.0.0.1:${port}`;
  const dir = path.join(root, 'incidents', 'inc-1');
  const env = {
    ...process.env,
    WARROOM_HOME: root,
    WARROOM_SLACK_TOKEN: TEST_TOKEN,
    WARROOM_SLACK_CHANNEL: '#incidents',
    WARROOM_SLACK_API_URL: `${base}/api`,
  };

  // The war room queues the alert and three updates (each with a headline edit), then exits.
  const journal = await createJournal(dir, { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: 'inc-1', createdAt: new Date().toISOString() });
  const store = new JournalStore(journal, [await journal.append(seedOpened({ incidentId: 'inc-1' }))]);
  const queued = new CommsService({ store, config: testConfig(base), incidentDir: dir, actor: 'alice' });
  await queued.catchUp();
  for (let n = 1; n <= 3; n++) await queued.postUpdate('internal', { status: 'Investigating', impact: `impact ${n}`, actions: '', nextUpdate: '15' });
  await journal.close();
  const requested = replay(await journalEvents(dir)).deliveries.map((d) => d.deliveryId);
  expect(requested).toHaveLength(7);

  // 1. Slack is down: the first process records refused attempts, then dies with SIGKILL.
  const first = startChild(dir, env);
  await first.ready;
  await waitFor(async () => (await journalEvents(dir)).some((e) => e.type === 'delivery.failed' && e.error === 'ECONNREFUSED'), 'a refused attempt');
  await kill9(first.child);

  // 2. Slack comes back badly (500, then 429 Retry-After 2), then hangs on the third message;
  //    the second process dies with SIGKILL while that request is in flight.
  let slack: FakeServices | null = null;
  slack = await startFakeServices(port);
  cleanup.push(() => slack.close());
  slack.script.push({ status: 500 }, { status: 429, headers: { 'retry-after': '2' } }, 'pass', 'pass', 'hang');
  const second = startChild(dir, env);
  await second.ready;
  await waitFor(() => slack.hungCount() === 1, 'a request in flight', 20_000);
  await kill9(second.child);
  slack.releaseHung();
  const deliveredBefore = replay(await journalEvents(dir)).deliveries.filter((d) => d.phase === 'delivered').length;
  expect(deliveredBefore).toBe(2);

  // 3. A new process resumes and finishes.
  const third = startChild(dir, env);
  await third.ready;
  await waitFor(async () => replay(await journalEvents(dir)).deliveries.every((d) => d.phase === 'delivered'), 'all delivered', 20_000);
  const exited = exitOf(third.child);
  third.child.kill('SIGTERM');
  await waitFor(() => third.child.exitCode !== null || third.child.signalCode !== null, `third process to exit; output: ${third.output()}`);
  await exited;
  expect([third.child.exitCode, third.child.signalCode], third.output()).toEqual([0, null]);

  const final = replay(await journalEvents(dir));
  const accepted = slack.accepted();
  // Exactly once each: 4 posts + 3 edits, in the order they were requested.
  expect(accepted.map((r) => r.path)).toEqual([
    '/api/chat.postMessage',
    ...[1, 2, 3].flatMap(() => ['/api/chat.postMessage', '/api/chat.update']),
  ]);
  const replies = accepted.filter((r) => r.body.thread_ts !== undefined);
  expect(replies.map((r) => /impact (\d)/.exec(JSON.stringify(r.body))?.[1])).toEqual(['1', '2', '3']);
  expect(new Set(replies.map((r) => r.body.thread_ts))).toEqual(new Set([final.deliveries[0]?.response?.ts]));
  // The message in flight at the crash was sent again once, after the resume.
  expect(slack.requests.filter((r) => r.answered === 'hang')).toHaveLength(1);
  const errors = (await journalEvents(dir)).flatMap((e) => (e.type === 'delivery.failed' ? [e.error] : []));
  expect(errors).toContain('ECONNREFUSED');
  expect(errors).toContain('HTTP 500');
  expect(errors).toContain('HTTP 429');
  expect(await fs.readFile(path.join(dir, 'journal.jsonl'), 'utf8')).not.toContain(TEST_TOKEN);
}, 60_000);
