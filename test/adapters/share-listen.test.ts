// LISTEN/NOTIFY as the wake-up, against a real PostgreSQL: a second connection is woken at commit,
// and after a server restart the listener reconnects and says so, so the reader catches up with
// what it could not be told about.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WakeListener } from '../../src/adapters/share/listener.ts';
import type { Wake } from '../../src/adapters/share/wake-channel.ts';
import { ShareError } from '../../src/adapters/share/connection.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { appendStep, closeStores, freshStore, INCIDENT, note, publishStep, until } from './share-fixtures.ts';

let server: PostgresServer;
const listeners: WakeListener[] = [];
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await Promise.all(listeners.map((l) => l.close()));
  await closeStores();
  await server?.destroy();
});

it('wakes a second connection when an append or a command log write commits', async () => {
  const { store, open } = await freshStore(server, 'wake');
  const other = await open();
  const wakes: Wake[] = [];
  const listener = WakeListener.start({ config: other.clientConfig, onWake: (w) => wakes.push(w) });
  listeners.push(listener);
  await until(() => listener.connected, 'the listener to connect');
  expect(wakes).toEqual([{ kind: 'reconnected' }]);
  await store.append(INCIDENT, publishStep());
  await store.append(INCIDENT, appendStep(1, note('hello')));
  await until(() => wakes.some((w) => w.kind === 'event' && w.seq === 2), 'the wake-up for seq 2');
  expect(wakes.filter((w) => w.kind === 'event')).toEqual([
    { kind: 'event', incidentId: INCIDENT, seq: 1 },
    { kind: 'event', incidentId: INCIDENT, seq: 2 },
  ]);
  await store.room.appendLog(INCIDENT, 'run-1', 'output\n');
  await until(() => wakes.some((w) => w.kind === 'log'), 'the log wake-up');
  expect(wakes.at(-1)).toEqual({ kind: 'log', incidentId: INCIDENT, runKey: 'run-1', chunk: 1 });
});

it('closes while its connection is still being made (pg never settles a connect that end() interrupts)', async () => {
  const { store } = await freshStore(server, 'early');
  for (let round = 0; round < 5; round++) {
    const listener = WakeListener.start({ config: store.clientConfig, onWake: () => undefined });
    await listener.close();
    expect(listener.connected).toBe(false);
  }
});

it('reconnects after PostgreSQL restarts, announces it, and the reader catches up', async () => {
  const { store, open } = await freshStore(server, 'restart');
  const reader = await open();
  const wakes: Wake[] = [];
  const statuses: boolean[] = [];
  const listener = WakeListener.start({
    config: reader.clientConfig,
    onWake: (w) => wakes.push(w),
    onStatus: (s) => statuses.push(s.connected),
    describeError: (e) => reader.fail(e, 'listening').message,
    backoff: { baseMs: 50, maxMs: 500 },
  });
  listeners.push(listener);
  await until(() => listener.connected, 'the listener to connect');
  await store.append(INCIDENT, publishStep());
  const seen = (await reader.readAfter(INCIDENT, 0)).entries.length;

  await server.stop();
  await until(() => !listener.connected, 'the listener to notice the stop');
  const failed = await store.append(INCIDENT, appendStep(1, note('lost?'))).catch((e: unknown) => e);
  expect(failed).toBeInstanceOf(ShareError);
  expect((failed as ShareError).unreachable).toBe(true);
  expect((failed as ShareError).message).not.toContain(server.password);

  await server.start();
  // Appended before the listener is back: its NOTIFY goes to nobody; reading finds it.
  await until(async () => (await store.append(INCIDENT, appendStep(1, note('after restart')))).kind === 'appended', 'an append after the restart');
  await until(() => wakes.filter((w) => w.kind === 'reconnected').length >= 2, 'the listener to reconnect', 60_000);
  expect(statuses).toContain(false);
  const caughtUp = await reader.readAfter(INCIDENT, seen);
  expect(caughtUp.entries).toMatchObject([{ kind: 'event', seq: 2, event: { text: 'after restart' } }]);
}, 120_000);
