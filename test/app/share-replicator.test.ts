// Two (and three) terminals in one process, each with its own fsynced replica and replicator,
// against a real PostgreSQL: concurrent appends, an outage with work on both sides, a forged
// row, a threshold crossed in every terminal; plus the figures (wake-up latency, joining an
// incident with 10,000 events).
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SharedStore } from '../../src/adapters/share/store.ts';
import { nextEscalationEvent } from '../../src/core/clock/clock-events.ts';
import type { NewEvent } from '../../src/core/incident/events.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { at, openedEvent } from '../core/incident/fixtures.ts';
import { converged, INCIDENT, openTerminal, type Terminal } from './share-terminals.ts';
import { until } from '../adapters/share-fixtures.ts';

let server: PostgresServer;
let root: string;
let databases = 0;
const open: Terminal[] = [];

beforeAll(async () => {
  server = await startPostgres();
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-replicator-'));
}, 120_000);
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});
afterAll(async () => {
  await server?.destroy();
  await fs.rm(root, { recursive: true, force: true });
});

const { seq: _seq, at: _at, ...opening } = openedEvent();
const note = (text: string, actor: string): NewEvent => ({ type: 'note.added', actor, text });
const check = (stepId: string, actor: string): NewEvent => ({ type: 'step.checked', actor, stepId, note: null });

/** A new database and `count` terminals on one incident: the first opens it, the others join. */
async function room(count: number): Promise<{ url: string; terminals: Terminal[] }> {
  databases += 1;
  const url = await server.database(`replicator_${databases}`);
  await SharedStore.init({ url });
  const dir = path.join(root, String(databases));
  await fs.mkdir(dir);
  const terminals: Terminal[] = [];
  for (let i = 0; i < count; i++) {
    const terminal = await openTerminal(`t${i}`, url, dir);
    open.push(terminal);
    terminals.push(terminal);
    if (i === 0) await terminal.append(opening as NewEvent);
  }
  await until(() => terminals.every((t) => t.state() !== undefined), 'every terminal to see the incident');
  return { url, terminals };
}

async function settle(terminals: Terminal[]): Promise<void> {
  await until(() => converged(terminals), 'the terminals to converge', 60_000);
}

function expectIdentical(terminals: Terminal[]): void {
  const [first, ...rest] = terminals;
  for (const t of rest) {
    expect(t.events()).toEqual(first!.events());
    expect(t.state()).toEqual(first!.state());
  }
}

describe('two terminals on one incident', () => {
  it('converge to one order when both append at once; a step checked in both is recorded once', async () => {
    const { terminals } = await room(2);
    const [a, b] = terminals as [Terminal, Terminal];
    await Promise.all([
      ...Array.from({ length: 15 }, (_, i) => a.append(note(`a${i}`, 'alice'))),
      ...Array.from({ length: 15 }, (_, i) => b.append(note(`b${i}`, 'bob'))),
      a.append(check('ia-dash', 'alice')),
      b.append(check('ia-dash', 'bob')),
    ]);
    await settle(terminals);
    expectIdentical(terminals);
    const notes = a.state()!.notes.map((n) => n.text).sort();
    expect(notes).toEqual([...Array.from({ length: 15 }, (_, i) => `a${i}`), ...Array.from({ length: 15 }, (_, i) => `b${i}`)].sort());
    expect(a.events().filter((e) => e.type === 'step.checked')).toHaveLength(1);
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  it('keep working while PostgreSQL is down, say `offline · N to sync`, and converge when it is back', async () => {
    const { terminals } = await room(2);
    const [a, b] = terminals as [Terminal, Terminal];
    await settle(terminals);
    await server.stop();
    try {
      await a.append(note('a during the outage', 'alice'));
      await a.append(check('ia-pods', 'alice'));
      await b.append(note('b during the outage', 'bob'));
      await b.append(check('ia-pods', 'bob'));
      await b.append(note('b again', 'bob'));
      await until(() => a.replicator.status.kind === 'offline' && b.replicator.status.kind === 'offline', 'both to notice the outage');
      expect(a.replicator.statusLine()).toBe('offline · 2 to sync');
      expect(b.replicator.statusLine()).toBe('offline · 3 to sync');
      // The screen still has everything (local first).
      expect(b.state()!.notes.map((n) => n.text)).toEqual(['b during the outage', 'b again']);
    } finally {
      await server.start();
    }
    await settle(terminals);
    expectIdentical(terminals);
    expect(a.state()!.notes.map((n) => n.text).sort()).toEqual(['a during the outage', 'b again', 'b during the outage']);
    expect(a.events().filter((e) => e.type === 'step.checked')).toHaveLength(1);
    await until(() => a.replicator.statusLine() === 'online' && b.replicator.statusLine() === 'online', 'both online again');
  }, 120_000);

  it('refuses a forged row by name and keeps following the log after it', async () => {
    const { url, terminals } = await room(2);
    const [a, b] = terminals as [Terminal, Terminal];
    await settle(terminals);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO warroom_events (incident_id, seq, event_id, origin, actor, type, at, body)
         VALUES ($1, 2, gen_random_uuid(), 'mallory', 'mallory', 'command.started', now(), '{"type":"command.started","seq":2,"actor":"mallory"}')`,
        [INCIDENT],
      );
      await client.query('UPDATE warroom_incidents SET last_seq = 2 WHERE id = $1', [INCIDENT]);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    await a.append(note('after the forgery', 'alice'));
    await settle(terminals);
    const named = `shared row (incident ${INCIDENT}, seq 2): command.started: missing at`;
    expect(b.problems).toEqual([named]);
    expect(b.state()!.notes.map((n) => n.text)).toEqual(['after the forgery']);
    expect(b.replicator.status.kind).toBe('online');
    expectIdentical(terminals);
  });
});

describe('three terminals across a threshold', () => {
  it('fire the escalation once; the others learn it was not theirs to page', async () => {
    const { terminals } = await room(3);
    await settle(terminals);
    const now = new Date(at(16));
    const appended = await Promise.all(terminals.map((t) => t.appendWithId(nextEscalationEvent(t.state()!, now)!)));
    // What the session waits for before paging: was my escalation the one that counts?
    const outcomes = await Promise.all(terminals.map((t, i) => t.replicator.settled(appended[i]!.id)));
    expect(outcomes.filter((o) => o.kind === 'shared')).toHaveLength(1);
    const dropped = outcomes.flatMap((o) => (o.kind === 'dropped' ? [o.reason] : []));
    expect(dropped).toHaveLength(2);
    for (const reason of dropped) expect(['no-op', 'once-taken']).toContain(reason);
    await settle(terminals);
    expectIdentical(terminals);
    expect(terminals[0]!.events().filter((e) => e.type === 'escalation.fired')).toHaveLength(1);
  });
});

describe('a failover that lost committed rows', () => {
  async function loseRowsAfter(url: string, seq: number): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('DELETE FROM warroom_events WHERE incident_id = $1 AND seq > $2', [INCIDENT, seq]);
      await client.query('UPDATE warroom_incidents SET last_seq = $2 WHERE id = $1', [INCIDENT, seq]);
    } finally {
      await client.end();
    }
  }

  it('is repaired by a terminal that holds them: they go back verbatim, then its new event', async () => {
    const { url, terminals } = await room(2);
    const [a, b] = terminals as [Terminal, Terminal];
    await a.append(note('n1', 'alice'));
    await a.append(note('n2', 'alice'));
    await settle(terminals);
    const before = a.events();
    await loseRowsAfter(url, 1);
    await b.append(note('after the failover', 'bob'));
    await settle(terminals);
    expect(b.events().slice(0, 3)).toEqual(before);
    expect(b.events().at(-1)).toMatchObject({ seq: 4, text: 'after the failover' });
    expectIdentical(terminals);
    expect(b.problems).toEqual([expect.stringContaining('are missing from the shared store (it is at seq 1, this terminal at 3)')]);
  });

  it('stops a terminal whose copy no longer matches the log (a fork), saying why', async () => {
    const { url, terminals } = await room(2);
    const [a] = terminals as [Terminal];
    await a.append(note('will be lost', 'alice'));
    await settle(terminals);
    await loseRowsAfter(url, 1);
    // A terminal that never saw seq 2 joins and appends in its place.
    const late = await openTerminal('late', url, path.join(root, String(databases)));
    open.push(late);
    await until(() => late.state() !== undefined, 'the late terminal to join');
    await late.append(note('in its place', 'carol'));
    await until(() => late.file.replica.pending.length === 0, 'the late terminal to push');
    await a.append(note('a continues', 'alice'));
    await until(() => a.replicator.status.kind === 'failed', 'a to notice the fork');
    expect(a.replicator.status).toMatchObject({ error: expect.stringContaining("the shared log no longer matches this terminal's copy from seq 2") });
    // Local first still: the screen keeps working on its own copy.
    expect(a.state()!.notes.map((n) => n.text)).toEqual(['will be lost', 'a continues']);
  });
});
