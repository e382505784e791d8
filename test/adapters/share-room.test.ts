// Presence, leases and command logs against a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutMarker } from '../../src/adapters/share/command-log.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { closeStores, freshStore, INCIDENT, publishStep, until } from './share-fixtures.ts';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await closeStores();
  await server?.destroy();
});

async function sharedRoom(tag: string) {
  const { store, open } = await freshStore(server, tag);
  await store.append(INCIDENT, publishStep());
  return { store, open };
}

describe('presence', () => {
  it('lists who sent a heartbeat recently, in order of joining, and forgets the silent', async () => {
    const { store } = await sharedRoom('presence');
    const { room } = store;
    await room.heartbeat(INCIDENT, { terminal: 't-alice', operator: 'alice', role: 'commander' });
    await room.heartbeat(INCIDENT, { terminal: 't-bob', operator: 'bob' });
    expect(await room.presence(INCIDENT)).toMatchObject([
      { terminal: 't-alice', operator: 'alice', role: 'commander' },
      { terminal: 't-bob', operator: 'bob', role: null },
    ]);
    expect((await store.listIncidents())[0]?.present).toEqual(['alice', 'bob']);
    // bob keeps beating; alice goes quiet and drops out of a short freshness window.
    await until(async () => {
      await room.heartbeat(INCIDENT, { terminal: 't-bob', operator: 'bob' });
      const present = await room.presence(INCIDENT, 300);
      return present.length === 1 && present[0]?.operator === 'bob';
    }, 'alice to go stale');
    await room.leave(INCIDENT, 't-bob');
    expect(await room.presence(INCIDENT)).toMatchObject([{ operator: 'alice' }]);
  });
});

describe('claims', () => {
  const alice = { kind: 'command' as const, terminal: 't-alice', operator: 'alice', leaseMs: 60_000 };
  const bob = { kind: 'command' as const, terminal: 't-bob', operator: 'bob', leaseMs: 60_000 };

  it('gives a live lease to one terminal and tells the others who holds it until when', async () => {
    const { store } = await sharedRoom('claims');
    const { room } = store;
    const won = await room.claim(INCIDENT, 'command:mit-rollback/c0', alice);
    expect(won.kind).toBe('won');
    const held = await room.claim(INCIDENT, 'command:mit-rollback/c0', bob);
    expect(held).toMatchObject({ kind: 'held', by: { terminal: 't-alice', operator: 'alice' } });
    expect(held.kind === 'held' && held.message).toBe(`held by t-alice, alice until ${won.kind === 'won' ? won.until : ''}`);
    expect(await room.renew(INCIDENT, 'command:mit-rollback/c0', { terminal: 't-bob', leaseMs: 1000 })).toMatchObject({ kind: 'held', by: { operator: 'alice' } });
    expect(await room.claim(INCIDENT, 'command:mit-rollback/c0', alice)).toMatchObject({ kind: 'won' });
    expect(await room.release(INCIDENT, 'command:mit-rollback/c0', { terminal: 't-bob' })).toBe(false);
    expect(await room.release(INCIDENT, 'command:mit-rollback/c0', { terminal: 't-alice' })).toBe(true);
    expect(await room.claim(INCIDENT, 'command:mit-rollback/c0', bob)).toMatchObject({ kind: 'won' });
  });

  it('lets exactly one of several terminals claiming at once win', async () => {
    const { open } = await sharedRoom('race');
    const stores = await Promise.all(Array.from({ length: 5 }, () => open()));
    const answers = await Promise.all(stores.map((s, i) => s.room.claim(INCIDENT, 'delivery:page-1', { kind: 'message', terminal: `t${i}`, operator: `op${i}`, leaseMs: 60_000 })));
    expect(answers.filter((a) => a.kind === 'won')).toHaveLength(1);
    expect(answers.filter((a) => a.kind === 'held')).toHaveLength(4);
  });

  it('hands an expired lease to the next claimant; the old holder\u2019s renew then fails', async () => {
    const { store } = await sharedRoom('expiry');
    const { room } = store;
    expect(await room.claim(INCIDENT, 'delivery:update-1', { ...alice, kind: 'message', leaseMs: 300 })).toMatchObject({ kind: 'won' });
    expect(await room.claim(INCIDENT, 'delivery:update-1', { ...bob, kind: 'message' })).toMatchObject({ kind: 'held' });
    await until(async () => (await room.claim(INCIDENT, 'delivery:update-1', { ...bob, kind: 'message' })).kind === 'won', 'the lease to expire');
    expect(await room.renew(INCIDENT, 'delivery:update-1', { terminal: 't-alice', leaseMs: 60_000 })).toMatchObject({ kind: 'held', by: { terminal: 't-bob' } });
  });

  it('never gives out again a message marked done', async () => {
    const { store } = await sharedRoom('done');
    const { room } = store;
    await room.claim(INCIDENT, 'delivery:alert', { ...alice, kind: 'message', leaseMs: 100 });
    expect(await room.release(INCIDENT, 'delivery:alert', { terminal: 't-alice', done: true })).toBe(true);
    const again = await room.claim(INCIDENT, 'delivery:alert', { ...bob, kind: 'message' });
    expect(again).toMatchObject({ kind: 'done', by: { terminal: 't-alice', operator: 'alice' } });
  });
});

describe('command logs', () => {
  it('keeps output up to the limit, marks the cut once, counts the rest, and reads incrementally', async () => {
    const { store } = await sharedRoom('logs');
    const { room } = store;
    expect(await room.appendLog(INCIDENT, 'run-a', 'a'.repeat(60), 100)).toEqual({ storedBytes: 60, cutBytes: 0, lastChunk: 1 });
    expect(await room.appendLog(INCIDENT, 'run-a', 'b'.repeat(60), 100)).toEqual({ storedBytes: 100, cutBytes: 20, lastChunk: 3 });
    expect(await room.appendLog(INCIDENT, 'run-a', 'c'.repeat(7), 100)).toEqual({ storedBytes: 100, cutBytes: 27, lastChunk: 3 });
    const log = await room.readLog(INCIDENT, 'run-a');
    expect(log.text).toBe(`${'a'.repeat(60)}${'b'.repeat(40)}${cutMarker(100)}`);
    expect(log.chunks.map((c) => c.marker)).toEqual([false, false, true]);
    expect(log).toMatchObject({ storedBytes: 100, cutBytes: 27 });
    expect((await room.readLog(INCIDENT, 'run-a', 1)).text).toBe(`${'b'.repeat(40)}${cutMarker(100)}`);
  });

  it('never splits a character at the cut, and splits large writes into chunks', async () => {
    const { store } = await sharedRoom('utf8');
    const { room } = store;
    await room.appendLog(INCIDENT, 'run-b', 'abcd€€', 6);
    expect((await room.readLog(INCIDENT, 'run-b')).text).toBe(`abcd${cutMarker(6)}`);
    const big = Buffer.alloc(200 * 1024, 0x78);
    expect(await room.appendLog(INCIDENT, 'run-c', big)).toEqual({ storedBytes: big.length, cutBytes: 0, lastChunk: 4 });
    expect((await room.readLog(INCIDENT, 'run-c')).text).toBe('x'.repeat(big.length));
  });
});
