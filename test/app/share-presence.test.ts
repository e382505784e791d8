// Presence loops of two terminals against a real PostgreSQL: each sees the other, a role change
// shows at once, and a terminal that leaves is gone from the other's list.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PresenceLoop } from '../../src/app/share/presence-loop.ts';
import type { PresenceEntry } from '../../src/adapters/share/room.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { closeStores, freshStore, INCIDENT, publishStep, until } from '../adapters/share-fixtures.ts';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await closeStores();
  await server?.destroy();
});

it('shows who is in the room, their roles, and forgets who left', async () => {
  const { store, open } = await freshStore(server, 'presence_loop');
  await store.append(INCIDENT, publishStep());
  const other = await open();
  const seenByA: (readonly PresenceEntry[])[] = [];
  const a = new PresenceLoop({ room: store.room, incidentId: INCIDENT, me: { terminal: 't-a', operator: 'alice', role: 'incident commander' }, everyMs: 100, onChange: (p) => seenByA.push(p) });
  const b = new PresenceLoop({ room: other.room, incidentId: INCIDENT, me: { terminal: 't-b', operator: 'bob' }, everyMs: 100 });
  a.start();
  b.start();
  try {
    await until(() => a.present.length === 2 && b.present.length === 2, 'both to see both');
    // Both start at once, so who joined first (the listing's order) is a race: compare by name.
    expect(b.present.map((p) => [p.operator, p.role]).sort()).toEqual([
      ['alice', 'incident commander'],
      ['bob', null],
    ]);
    b.setRole('operations');
    await until(() => a.present.some((p) => p.operator === 'bob' && p.role === 'operations'), 'bob\u2019s role to show');
    await b.stop();
    await until(() => a.present.length === 1, 'bob to be gone');
    expect(seenByA.at(-1)?.map((p) => p.operator)).toEqual(['alice']);
  } finally {
    await a.stop();
    await b.stop();
  }
});
