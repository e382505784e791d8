// Side effects once across the terminals of a shared war room, end to end: real warroom
// processes in real ptys, a real PostgreSQL, real HTTP stand-ins for Slack and PagerDuty on
// 127.0.0.1. A terminal killed while it holds the lease on a Slack message leaves it to another,
// which delivers it once; three terminals open across an escalation threshold page once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SharedStore } from '../../src/adapters/share/store.ts';
import { ensureBuilt } from '../helpers/build.ts';
import { startFakeServices, waitFor, type FakeServices } from '../helpers/fake-services.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { converged, joinRoom, openRoom, removeHomes, SCREEN_MS, type RoomTerminal } from '../helpers/share-room.ts';

let server: PostgresServer;
let fake: FakeServices;
let databases = 0;
const open: RoomTerminal[] = [];

async function freshUrl(): Promise<string> {
  databases += 1;
  const url = await server.database(`effects_${process.pid}_${databases}`);
  await SharedStore.init({ url });
  return url;
}

function delivered(events: readonly { type: string; deliveryId?: string }[], id: string): boolean {
  return events.some((e) => e.type === 'delivery.delivered' && e.deliveryId === id);
}

describe('side effects once across terminals', () => {
  beforeAll(async () => {
    ensureBuilt();
    server = await startPostgres();
  }, 180_000);
  afterEach(async () => {
    for (const t of open.splice(0)) {
      t.pty.kill('SIGKILL');
      await t.pty.exited;
      await removeHomes([t]);
    }
    await fake?.close();
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('the terminal holding the lease on a queued Slack message is SIGKILLed: the other delivers it, exactly once', async () => {
    fake = await startFakeServices();
    fake.script.push('hang'); // alice's send never gets an answer
    const env = {
      WARROOM_SLACK_TOKEN: 'xoxb-test-token-0000-secret',
      WARROOM_SLACK_CHANNEL: '#incidents',
      WARROOM_SLACK_API_URL: `${fake.url}/api`,
      WARROOM_SHARE_LEASE_MS: '1500',
    };
    const url = await freshUrl();
    const alice = await openRoom('alice', 'runbooks/api-high-latency.md', { url, env });
    open.push(alice);
    await waitFor(() => fake.hungCount() === 1, 'alice sending the incident alert', SCREEN_MS);
    const bob = await joinRoom('bob', alice.id, { url, env });
    open.push(bob);
    const alert = (await bob.events()).find((e) => e.type === 'delivery.requested' && e.kind === 'alert');
    expect(alert).toBeDefined();
    const id = (alert as { deliveryId: string }).deliveryId;

    alice.pty.kill('SIGKILL');
    await alice.pty.exited;
    await waitFor(async () => delivered(await bob.events(), id), 'bob delivering the alert', SCREEN_MS);
    await converged([bob]);
    const posted = fake.accepted().filter((r) => r.path === '/api/chat.postMessage');
    expect(posted).toHaveLength(1);
    // Every terminal that saw the request agrees it went out once: one delivered, no second send.
    const deliveredEvents = (await bob.events()).filter((e) => e.type === 'delivery.delivered' && e.deliveryId === id);
    expect(deliveredEvents).toHaveLength(1);
  }, 240_000);

  it('three terminals open across the 15-minute threshold: one PagerDuty trigger', async () => {
    fake = await startFakeServices();
    const env = {
      WARROOM_PAGERDUTY_ROUTING_KEY: 'R0UTINGKEY0000000000000000000000',
      WARROOM_PAGERDUTY_URL: `${fake.url}/pagerduty`,
    };
    const url = await freshUrl();
    // The threshold passes 30 s after the incident opens: time for the other two to join.
    const detectedAt = new Date(Date.now() - 15 * 60_000 + 30_000).toISOString();
    const alice = await openRoom('alice', 'runbooks/api-high-latency.md', { url, env, args: ['--detected-at', detectedAt] });
    open.push(alice);
    const bob = await joinRoom('bob', alice.id, { url, env });
    open.push(bob);
    const carol = await joinRoom('carol', alice.id, { url, env });
    open.push(carol);
    const all = [alice, bob, carol];
    // All three are in the room before the threshold.
    expect((await alice.events()).some((e) => e.type === 'escalation.fired')).toBe(false);
    const triggers = () => fake.accepted().filter((r) => r.path.startsWith('/pagerduty') && r.body.event_action === 'trigger');
    await waitFor(() => triggers().length >= 1, 'a PagerDuty trigger', 120_000);
    for (const t of all) await t.pty.waitFor(/paged|EM due|Engineering Manager/, SCREEN_MS);
    await converged(all);
    // Every trigger requested in the shared log has been delivered; none was sent twice.
    await waitFor(
      async () => {
        const events = await carol.events();
        const requested = events.filter((e) => e.type === 'delivery.requested' && e.kind === 'pager.trigger');
        return requested.length > 0 && requested.every((r) => delivered(events, (r as { deliveryId: string }).deliveryId));
      },
      'the trigger recorded as delivered',
      SCREEN_MS,
    );
    await converged(all);
    expect(triggers()).toHaveLength(1);
    const fired = (await bob.events()).filter((e) => e.type === 'escalation.fired');
    expect(fired).toHaveLength(1);
  }, 300_000);
});
