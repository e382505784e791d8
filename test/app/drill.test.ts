// A drill sends nothing and runs nothing: a whole dry-run incident (alert, updates, a manual
// escalation, the 15-minute threshold, a flag, a command, resolve) against a real HTTP listener
// on 127.0.0.1 configured as the Slack webhook/Web API, PagerDuty and the flag endpoint. The
// listener must hear nothing; the outbox file must hold every message, marked as a drill; and
// nothing pretend counts as mitigation.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { computeMetrics } from '../../src/core/incident/metrics.ts';
import { postmortemMarkdown } from '../../src/core/postmortem/draft.ts';
import { wireServices } from '../../src/app/war-room-services.ts';
import { testConfig, TEST_ROUTING_KEY } from '../helpers/comms-fixtures.ts';
import { openSession, waitUntil } from '../helpers/dashboard-fixtures.ts';
import { startFakeServices } from '../helpers/fake-services.ts';
import { ensureBuilt, warroom } from '../helpers/warroom-cli.ts';
import type { ShowJson } from '../../src/commands/show.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

type Line = { deliveryId: string; kind: string; drill?: boolean; destination?: string; summary?: string; payload: Record<string, unknown> };

it.each(['webhook', 'api'] as const)('a dry-run incident (Slack %s) sends zero requests and writes every message to the outbox, marked', async (via) => {
  const server = await startFakeServices();
  cleanup.push(() => server.close());
  const fixture = await openSession({ opened: { mode: { dryRun: true, readonly: false } } });
  cleanup.push(fixture.cleanup);
  const { room, session, clock, dir } = fixture;
  const config = testConfig(via === 'api' ? server.url : null, via === 'webhook' ? { webhookUrl: `${server.url}/webhook` } : {});
  config.pagerduty = { routingKey: TEST_ROUTING_KEY, url: `${server.url}/pagerduty/v2/enqueue` };
  config.flags = { command: null, url: `${server.url}/flags` };
  config.escalation.targets = { 'Engineering Manager': { slack: '@em', pagerduty: TEST_ROUTING_KEY } };
  const services = wireServices(room, {
    config,
    env: process.env,
    cwd: dir,
    mode: { dryRun: true, readonly: false },
    kube: () => Promise.resolve({ context: 'prod', namespace: null, problem: null }),
    comms: { now: clock.now },
  });
  session.start();

  await services.comms.postComposed('internal', { status: 'Investigating', impact: 'slow API', actions: 'looking', nextUpdate: '15 min' });
  await services.comms.postComposed('public', { status: 'investigating', text: 'We are looking into slow responses.' });
  await session.escalateNow();
  clock.advance(31 * 60_000);
  await session.tick();
  const flag = await services.flags.request('mit/breaker');
  const flagDone = await services.flags.confirm(flag.requestSeq);
  const command = await services.commands.request('mit/rollback');
  const ran = await services.commands.confirm(command.requestSeq);
  await ran.finished;
  // The next update lists the pretend actions as what would have run, never as done.
  const actions = services.comms.draft('internal').actions;
  expect(actions).toContain('Would have run: Rolled back deployment/api-service (drill, not run)');
  expect(actions).toContain('Would have set feature flag enable_circuit_breaker to true (drill, not changed)');
  await session.resolve('drill over');
  await services.comms.catchUp();
  await waitUntil(
    () => room.store.state.deliveries,
    (ds) => ds.length > 0 && ds.every((d) => d.phase !== 'pending'),
    20_000,
  );

  expect(server.requests).toEqual([]);
  expect(flagDone.via).toBe('dry-run');
  const state = room.store.state;
  expect(state.deliveries.every((d) => d.phase === 'delivered')).toBe(true);
  const kinds = new Set(state.deliveries.map((d) => d.kind));
  for (const kind of ['alert', 'update', 'public', 'page', 'pager.trigger', 'resolution', 'pager.resolve']) expect(kinds).toContain(kind);

  const lines = (await fs.readFile(path.join(dir, 'outbox.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Line);
  expect(lines.map((l) => l.deliveryId).sort()).toEqual(state.deliveries.map((d) => d.deliveryId).sort());
  for (const line of lines) {
    expect(line.drill).toBe(true);
    expect(line.summary).toContain('[DRILL]');
    const message = line.payload.message as { text: string; blocks?: { type: string }[] } | undefined;
    if (message) expect(message.text.startsWith('[DRILL]')).toBe(true);
    const event = line.payload.event as { payload?: { summary: string } } | undefined;
    if (event?.payload) expect(event.payload.summary.startsWith('[DRILL]')).toBe(true);
  }
  // Two thresholds passed and one level was paged by hand: each level once, none twice.
  expect(state.escalations.map((e) => e.target)).toEqual(['Engineering Manager', 'CTO']);

  const metrics = computeMetrics(state);
  expect(metrics.timeToMitigateMs).toBeNull();
  const postmortem = postmortemMarkdown(session.events);
  expect(postmortem).toContain('**Time to Mitigate (TTM)**: unknown');
  expect(postmortem).toContain('[DRILL]');
  expect(postmortem).toContain('would have');
  expect(state.updates.find((u) => u.kind === 'internal')?.text).toMatch(/^\[DRILL\] /);

  // `show --json` and `list`, as the real CLI prints them.
  await session.close();
  await ensureBuilt();
  const home = path.join(path.dirname(dir), 'home');
  await fs.mkdir(path.join(home, 'incidents'), { recursive: true });
  await fs.cp(dir, path.join(home, 'incidents', 'test-incident'), { recursive: true });
  const shown = JSON.parse((await warroom(home, ['show', 'test-incident', '--json'])).stdout) as ShowJson;
  expect(shown.incident.mode.dryRun).toBe(true);
  expect(shown.metrics.timeToMitigateMs).toBeNull();
  expect((await warroom(home, ['show', 'test-incident'])).stdout).toMatch(/time to mitigate\s+unknown/);
  expect((await warroom(home, ['list'])).stdout).toContain('[DRILL]');
}, 60_000);
