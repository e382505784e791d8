// The shared log against a real PostgreSQL: migrations under concurrent init, the schema check on
// connect, optimistic appends (conflict, duplicate, once-key), untrusted rows, and what jsonb
// cannot hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import pg from 'pg';
import { SharedStore } from '../../src/adapters/share/store.ts';
import { SCHEMA_VERSION } from '../../src/adapters/share/migrations/index.ts';
import type { IncidentEvent } from '../../src/core/incident/events.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { at, openedEvent } from '../core/incident/fixtures.ts';
import { appendStep, closeStores, freshStore, INCIDENT, note, publishStep } from './share-fixtures.ts';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await closeStores();
  await server?.destroy();
});

async function sql(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

describe('schema', () => {
  it('applies each migration once when several terminals run init at once', async () => {
    const url = await server.database('concurrent_init');
    const results = await Promise.all(Array.from({ length: 5 }, () => SharedStore.init({ url })));
    expect(results.filter((r) => r.applied.length > 0)).toEqual([{ from: 0, to: SCHEMA_VERSION, applied: ['001-initial'] }]);
    expect(results.filter((r) => r.applied.length === 0)).toHaveLength(4);
    const { rows } = await sql(url, 'SELECT version, name FROM warroom_schema_version');
    expect(rows).toEqual([{ version: 1, name: 'initial' }]);
    expect(await SharedStore.init({ url })).toEqual({ from: 1, to: 1, applied: [] });
    await (await SharedStore.connect({ url })).close();
  });

  it('tells a terminal on an empty database to run warroom share init', async () => {
    const url = await server.database('empty');
    await expect(SharedStore.connect({ url })).rejects.toThrow(
      `the shared store postgres://postgres:•••@127.0.0.1:${server.port}/empty is not initialised: run \`warroom share init\``,
    );
  });

  it('refuses a schema newer than this warroom, on connect and on init', async () => {
    const { url } = await freshStore(server, 'newer');
    await sql(url, "INSERT INTO warroom_schema_version (version, name) VALUES (99, 'from-the-future')");
    const message = `the shared store postgres://postgres:•••@127.0.0.1:${server.port}/${url.split('/').at(-1)} has schema version 99, newer than this warroom understands (1); upgrade warroom`;
    await expect(SharedStore.connect({ url })).rejects.toThrow(message);
    await expect(SharedStore.init({ url })).rejects.toThrow(message);
  });
});

describe('appending', () => {
  it('lets one of two appends after the same seq win; the other gets a conflict and re-reads', async () => {
    const { store, open } = await freshStore(server, 'conflict');
    const other = await open();
    expect(await store.append(INCIDENT, publishStep())).toMatchObject({ kind: 'appended', seq: 1 });
    const answers = await Promise.all([store.append(INCIDENT, appendStep(1, note('from a'))), other.append(INCIDENT, appendStep(1, note('from b', 'bob')))]);
    expect(answers.map((a) => a.kind).sort()).toEqual(['appended', 'conflict']);
    expect(answers.find((a) => a.kind === 'conflict')).toEqual({ kind: 'conflict', lastSeq: 2 });
    const page = await other.readAfter(INCIDENT, 0);
    expect(page.entries.map((e) => e.kind)).toEqual(['event', 'event']);
    expect(await other.lastSeq(INCIDENT)).toBe(2);
  });

  it('recognises a retried append by its event id', async () => {
    const { store } = await freshStore(server, 'duplicate');
    await store.append(INCIDENT, publishStep());
    const step = appendStep(1, note('once'));
    expect(await store.append(INCIDENT, step)).toMatchObject({ kind: 'appended', seq: 2 });
    expect(await store.append(INCIDENT, step)).toEqual({ kind: 'duplicate', seq: 2 });
    expect(await store.append(INCIDENT, { ...step, expectedSeq: 2 } as typeof step)).toEqual({ kind: 'duplicate', seq: 2 });
  });

  it('refuses to build on another log than the one the terminal read (a fork)', async () => {
    const { store } = await freshStore(server, 'forked');
    const opened = publishStep();
    await store.append(INCIDENT, opened);
    const elsewhere = '00000000-0000-4000-8000-00000000dead';
    expect(await store.append(INCIDENT, appendStep(1, note('on a fork'), { expectedId: elsewhere }))).toEqual({ kind: 'forked', seq: 1 });
    expect(await store.append(INCIDENT, appendStep(1, note('on this log'), { expectedId: opened.pending.id }))).toMatchObject({ kind: 'appended', seq: 2 });
  });

  it('lets the first append of a happens-once key win', async () => {
    const { store, open } = await freshStore(server, 'once');
    const other = await open();
    await store.append(INCIDENT, publishStep());
    const fired = (actor: string) =>
      ({ type: 'escalation.fired', at: at(16), actor, level: 1, afterMinutes: 15, action: 'page', target: 'Engineering Manager', dueAt: at(15), late: false, manual: false }) as Omit<IncidentEvent, 'seq'>;
    expect(await store.append(INCIDENT, appendStep(1, fired('system'), { onceKey: 'escalation:level:1' }))).toMatchObject({ kind: 'appended', seq: 2 });
    // Even after the right seq, the key is taken.
    expect(await other.append(INCIDENT, appendStep(2, fired('system'), { onceKey: 'escalation:level:1' }))).toEqual({ kind: 'once-taken', key: 'escalation:level:1', seq: 2 });
    expect(await other.append(INCIDENT, appendStep(2, fired('system'), { onceKey: 'escalation:level:2' }))).toMatchObject({ kind: 'appended', seq: 3 });
  });

  it('refuses a second publish of the same incident id from another terminal', async () => {
    const { store, open } = await freshStore(server, 'publish');
    const other = await open();
    const step = publishStep();
    await store.append(INCIDENT, step);
    expect(await store.append(INCIDENT, step)).toEqual({ kind: 'duplicate', seq: 1 });
    expect(await other.append(INCIDENT, publishStep())).toEqual({ kind: 'refused', reason: `an incident with id ${INCIDENT} is already shared (opened elsewhere)` });
    expect(await other.append('never-published', appendStep(1, note('x')))).toEqual({ kind: 'refused', reason: 'incident never-published is not shared' });
  });

  it('stores text jsonb cannot hold (NUL, lone surrogates) as U+FFFD, and returns what it stored', async () => {
    const { store } = await freshStore(server, 'nul');
    await store.append(INCIDENT, publishStep());
    const answer = await store.append(INCIDENT, appendStep(1, note('a\u0000b \ud800 c')));
    expect(answer).toMatchObject({ kind: 'appended', event: { text: 'a\uFFFDb \uFFFD c' } });
    const [, entry] = (await store.readAfter(INCIDENT, 0)).entries;
    expect(entry).toMatchObject({ kind: 'event', event: { text: 'a\uFFFDb \uFFFD c' } });
  });

  it('reads in pages and keeps the picker row current', async () => {
    const { store } = await freshStore(server, 'pages');
    await store.append(INCIDENT, publishStep());
    for (let seq = 1; seq <= 6; seq++) await store.append(INCIDENT, appendStep(seq, note(`n${seq}`)));
    await store.append(INCIDENT, appendStep(7, { type: 'severity.changed', at: at(7), actor: 'alice', from: 'SEV-2', to: 'SEV-1' } as Omit<IncidentEvent, 'seq'>));
    const first = await store.readAfter(INCIDENT, 0, 5);
    expect(first.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(first.more).toBe(true);
    const second = await store.readAfter(INCIDENT, 5, 5);
    expect(second).toMatchObject({ more: false, entries: [{ seq: 6 }, { seq: 7 }, { seq: 8 }] });
    const [row] = await store.listIncidents();
    expect(row).toMatchObject({ id: INCIDENT, title: openedEvent().title, severity: 'SEV-1', status: 'investigating', lastSeq: 8, present: [] });
  });
});

describe('untrusted rows', () => {
  it('rejects malformed, forged, oversized and future rows by name and reads on', async () => {
    const { url, store } = await freshStore(server, 'forged');
    await store.append(INCIDENT, publishStep());
    const insert = (seq: number, body: string, type = 'note.added', id = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`) =>
      sql(url, 'INSERT INTO warroom_events (incident_id, seq, event_id, origin, actor, type, at, body) VALUES ($1, $2, $3, $4, $5, $6, now(), $7::jsonb)', [INCIDENT, seq, id, 'mallory', 'bob', type, body]);
    const noteBody = (seq: number, extra: object = {}) => JSON.stringify({ type: 'note.added', seq, at: at(6), actor: 'bob', text: 'hi', ...extra });
    await insert(2, '{"type": "note.added"}');
    await insert(3, noteBody(3, { type: 'note.rewritten' }), 'note.rewritten');
    await insert(4, noteBody(40));
    await insert(5, noteBody(5, { text: 'x'.repeat(1024 * 1024 + 10) }));
    await insert(6, noteBody(6, { actor: 'alice' }));
    await insert(7, noteBody(7));
    const entries = (await store.readAfter(INCIDENT, 0)).entries;
    const where = (seq: number) => `shared row (incident ${INCIDENT}, seq ${seq})`;
    expect(entries.map((e) => (e.kind === 'rejected' ? e.problem : `ok ${e.seq}`))).toEqual([
      'ok 1',
      `${where(2)}: note.added: missing seq`,
      `${where(3)}: unknown event type "note.rewritten" (written by a newer warroom? upgrade to read it)`,
      `${where(4)}: body says seq 40`,
      expect.stringMatching(new RegExp(`^${where(5).replace(/[()]/g, '\\$&')}: event body of \\d+ bytes is over the 1048576-byte limit$`)),
      `${where(6)}: body says actor alice, the row bob`,
      'ok 7',
    ]);
  });
});

describe('the password', () => {
  it('never appears in an error: wrong password, unreachable, missing database, bad URL, a failed query', async () => {
    const { url, store } = await freshStore(server, 'secret');
    const base = new URL(url);
    const wrong = new URL(url);
    wrong.password = 'not-the-password-Zq9';
    const unreachable = new URL(url);
    unreachable.port = '1';
    const missingDb = new URL(url);
    missingDb.pathname = '/no_such_db';
    const attempts: [string, () => Promise<unknown>, RegExp][] = [
      [server.password, () => SharedStore.connect({ url: url.replace(server.password, server.password.slice(0, -1)) }), /refused the login of postgres/],
      ['not-the-password-Zq9', () => SharedStore.connect({ url: wrong.toString() }), /refused the login of postgres/],
      [server.password, () => SharedStore.connect({ url: unreachable.toString(), connectTimeoutMs: 2000 }), /^cannot reach the shared store postgres:\/\/postgres:•••@127\.0\.0\.1:1\/.* while connecting \(ECONNREFUSED/],
      [server.password, () => SharedStore.connect({ url: missingDb.toString() }), /database no_such_db does not exist/],
      [server.password, () => SharedStore.connect({ url: `postgres://postgres:${server.password}@[bad` }), /^share\.url is not a valid URL/],
      [server.password, () => SharedStore.connect({ url: `${url}?password=${server.password}` }), /unsupported parameter password/],
      [server.password, () => store.readAfter(server.password, Number.NaN), /failed while reading the shared log/],
    ];
    for (const [secret, attempt, expected] of attempts) {
      const error = await attempt().then(
        () => new Error('expected a failure'),
        (e: unknown) => e as Error,
      );
      expect(error.message).toMatch(expected);
      for (const text of [error.message, String(error), inspect(error, { depth: 6 }), JSON.stringify(error)]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(encodeURIComponent(secret));
      }
    }
    expect(base.password).toBe(server.password);
  });
});
