// The shared war room end to end: real warroom processes in real pseudo-terminals, each with its
// own home (as on separate laptops), against a real PostgreSQL started for this file. What one
// terminal does appears in the other; a mitigation pressed in both at once runs once; work done
// in both while the database is down converges when it is back.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SharedStore } from '../../src/adapters/share/store.ts';
import { ensureBuilt } from '../helpers/build.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { converged, envFor, joinRoom, leave, openRoom, removeHomes, SCREEN_MS, type RoomTerminal } from '../helpers/share-room.ts';
import { startPty } from '../helpers/pty.ts';
import { warroom } from '../helpers/warroom-cli.ts';

let server: PostgresServer;
let scratch: string;
let databases = 0;
const open: RoomTerminal[] = [];

async function freshUrl(): Promise<string> {
  databases += 1;
  const url = await server.database(`room_${process.pid}_${databases}`);
  await SharedStore.init({ url });
  return url;
}

/** A runbook with one change command that appends a line to `file` (proof of how often it ran). */
async function mitigationRunbook(file: string, fence = '```bash', script?: string): Promise<string> {
  const runbook = path.join(scratch, `mitigation-${databases}.md`);
  await fs.writeFile(
    runbook,
    [
      '# Shared Drill Runbook',
      '',
      '**Severity**: SEV-2',
      '',
      '## Investigation Steps',
      '1. [ ] Look at the dashboard',
      '2. [ ] Check recent deploys',
      '',
      '## Mitigation Actions',
      '- **Roll back the deploy**:',
      `  ${fence}`,
      // The output line is not in the script's text, so seeing it on screen means it ran.
      script ?? `  echo "rolled back by $WARROOM_OPERATOR" >> '${file}'; printf 'rollback-%s\\n' output-line`,
      '  ```',
      '',
    ].join('\n'),
  );
  return runbook;
}

/** The command log the store holds for `runKey`, once it has some. */
async function waitForLog(store: SharedStore, incidentId: string, runKey: string): Promise<string> {
  const deadline = Date.now() + SCREEN_MS;
  for (;;) {
    const { text } = await store.room.readLog(incidentId, runKey);
    if (text !== '' || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The mitigation's lines once it has run (the dialog shows the script's text too, so its output is no proof). */
async function ranLines(file: string, who?: RoomTerminal): Promise<string[]> {
  const deadline = Date.now() + SCREEN_MS;
  for (;;) {
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    if (text !== '') return text.trim().split('\n');
    if (Date.now() > deadline) throw new Error(`${file} was never written: the mitigation did not run${who ? `; ${who.name}'s screen:\n${who.pty.screen()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Until the terminal's view holds an event of `type`. */
async function waitForEvent(t: RoomTerminal, type: string): Promise<void> {
  const deadline = Date.now() + SCREEN_MS;
  while (!(await t.events()).some((e) => e.type === type)) {
    if (Date.now() > deadline) throw new Error(`${t.name} never saw ${type}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the journal of `t` has a command.finished (the run is over, whoever ran it). */
async function runFinished(t: RoomTerminal): Promise<void> {
  const deadline = Date.now() + SCREEN_MS;
  while (!(await t.events()).some((e) => e.type === 'command.finished')) {
    if (Date.now() > deadline) throw new Error(`${t.name} never saw the run finish`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Until the terminal's replica holds a decided approval. */
async function waitForApproval(t: RoomTerminal): Promise<void> {
  const deadline = Date.now() + SCREEN_MS;
  while (!(await t.state())?.approvals?.some((a) => a.decision?.approved)) {
    if (Date.now() > deadline) throw new Error(`${t.name} never saw the approval`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the shared war room across terminals', () => {
  beforeAll(async () => {
    ensureBuilt();
    server = await startPostgres();
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-share-e2e-'));
  }, 180_000);
  afterEach(async () => {
    for (const t of open.splice(0)) {
      t.pty.kill('SIGKILL');
      await t.pty.exited;
      await removeHomes([t]);
    }
  });
  afterAll(async () => {
    await server?.destroy();
    await fs.rm(scratch, { recursive: true, force: true });
  });

  it('a tick, a note, a status change and a command with its output in one terminal appear in the other', async () => {
    const url = await freshUrl();
    const ran = path.join(scratch, `ran-${databases}.txt`);
    const alice = await openRoom('alice', await mitigationRunbook(ran), { url });
    open.push(alice);
    const bob = await joinRoom('bob', alice.id, { url });
    open.push(bob);
    // Presence: each sees the other in the header.
    await alice.pty.waitFor(/alice, bob|bob, alice/, SCREEN_MS);
    await bob.pty.waitFor(/alice, bob|bob, alice/, SCREEN_MS);

    alice.pty.write(' '); // tick the first step
    await bob.pty.waitFor(/\[x\] Look at the dashboard/, SCREEN_MS);

    bob.pty.write('n');
    await bob.pty.waitFor('Add a note to the timeline', SCREEN_MS);
    bob.pty.write('db cpu is fine\r');
    await bob.pty.waitFor((s) => !s.includes('Add a note to the timeline'), SCREEN_MS);
    alice.pty.write('i'); // identified
    await bob.pty.waitFor(/IDENTIFIED/, SCREEN_MS);

    // The command: alice runs it; bob sees who ran it, its output and its result.
    alice.pty.write('G'); // the last step is the mitigation
    alice.pty.write('\r');
    await alice.pty.waitFor(/Run it\?/, SCREEN_MS);
    alice.pty.write('y');
    expect(await ranLines(ran, alice)).toEqual(['rolled back by alice']);
    await runFinished(alice);
    await runFinished(bob);
    await bob.pty.waitFor(/rollback-output-line/, SCREEN_MS);

    // Bob opening the same mitigation reads who ran it, when and how it ended, and must type
    // a word to run it again.
    await converged([alice, bob]);
    bob.pty.write('G');
    bob.pty.write('\r');
    await bob.pty.waitFor((s) => /alice already ran this at \d\d:\d\d:\d\d UTC: exit 0/.test(s) && /Type again/.test(s), SCREEN_MS);
    bob.pty.write('\u001b');
    await bob.pty.waitFor((s) => !s.includes('Type again'), SCREEN_MS);

    const [a, b] = await converged([alice, bob]);
    const types = (await alice.events()).map((e) => e.type);
    expect(types).toEqual((await bob.events()).map((e) => e.type));
    expect(types).toEqual(expect.arrayContaining(['step.checked', 'note.added', 'status.changed', 'command.started', 'command.finished']));
    const note = (await alice.events()).find((e) => e.type === 'note.added');
    expect(note).toMatchObject({ actor: 'bob', text: 'db cpu is fine' });
    const finished = (await bob.events()).find((e) => e.type === 'command.finished');
    expect(finished).toMatchObject({ actor: 'alice', exitCode: 0 });
    expect(a?.shared.map((e) => e.id)).toEqual(b?.shared.map((e) => e.id));
    expect(await fs.readFile(ran, 'utf8')).toBe('rolled back by alice\n');
    // The full output is in the shared store too, under the request's event id.
    const request = a?.shared.find((e) => e.kind === 'event' && e.event.type === 'command.requested');
    const store = await SharedStore.connect({ url });
    try {
      const log = await waitForLog(store, alice.id, request?.id ?? '');
      expect(log).toContain('rollback-output-line');
    } finally {
      await store.close();
    }
  }, 240_000);

  it("a command running in one terminal shows its output live in the other's output pane", async () => {
    const url = await freshUrl();
    const go = path.join(scratch, `go-${databases}`);
    // Prints a line, then keeps running until the test lets it finish.
    const script = `  printf 'live-%s\\n' first-line; while [ ! -e '${go}' ]; do sleep 0.1; done; printf 'last-%s\\n' line`;
    const alice = await openRoom('alice', await mitigationRunbook(path.join(scratch, 'unused.txt'), '```bash', script), { url });
    open.push(alice);
    const bob = await joinRoom('bob', alice.id, { url });
    open.push(bob);
    alice.pty.write('G');
    alice.pty.write('\r');
    await alice.pty.waitFor(/Run it\?/, SCREEN_MS);
    alice.pty.write('y');
    await alice.pty.waitFor(/live-first-line/, SCREEN_MS);
    // Still running in alice's terminal, and its first line is on bob's screen.
    await bob.pty.waitFor(/live-first-line/, SCREEN_MS);
    expect((await bob.events()).some((e) => e.type === 'command.finished')).toBe(false);
    await fs.writeFile(go, '');
    await bob.pty.waitFor(/last-line/, SCREEN_MS);
  }, 240_000);

  it('R gives a role: the hand-over is journaled, its holder reads the instructions, the header shows it', async () => {
    const url = await freshUrl();
    const alice = await openRoom('alice', await mitigationRunbook(path.join(scratch, 'unused.txt')), { url });
    open.push(alice);
    const bob = await joinRoom('bob', alice.id, { url });
    open.push(bob);
    await alice.pty.waitFor(/alice, bob|bob, alice/, SCREEN_MS);
    bob.pty.write('R');
    await bob.pty.waitFor('Take or give a role', SCREEN_MS);
    bob.pty.write('\u001b[B\r'); // operations
    await bob.pty.waitFor(/operations \(now nobody\): who takes it\?/, SCREEN_MS);
    bob.pty.write('\r'); // bob (me), first in the list
    await bob.pty.waitFor(/you are operations: hands on the keyboard/, SCREEN_MS);
    await alice.pty.waitFor(/bob \(operations\)/, SCREEN_MS);
    await converged([alice, bob]);
    const assigned = (await alice.events()).find((e) => e.type === 'role.assigned');
    expect(assigned).toMatchObject({ actor: 'bob', role: 'operations', to: 'bob', from: null });
    expect((await alice.state())?.roles).toEqual({ operations: 'bob' });
  }, 240_000);

  it('the picker lists a shared incident with who is in the room, and enter joins it', async () => {
    const url = await freshUrl();
    const alice = await openRoom('alice', await mitigationRunbook(path.join(scratch, 'unused.txt')), { url });
    open.push(alice);
    await alice.pty.waitFor(/online · alice/, SCREEN_MS);
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-share-carol-'));
    // An empty folder as the working directory: no runbooks, so the shared incident is the list.
    const pty = startPty([], { env: envFor(home, 'carol', { url }), cols: 120, rows: 30, cwd: home });
    const carol: RoomTerminal = { name: 'carol', home, pty, replica: async () => null, events: async () => [], state: async () => undefined };
    open.push(carol);
    await pty.waitFor(new RegExp(`Join {4}SEV-2 {2}Shared Drill · investigating · in the room: alice · ${alice.id}`), SCREEN_MS);
    pty.write('\r');
    await pty.waitFor(/online · alice, carol|online · carol, alice/, SCREEN_MS);
    await alice.pty.waitFor(/alice, carol|carol, alice/, SCREEN_MS);
  }, 240_000);

  it('a terminal SIGKILLed while its command ran closes that run when it resumes; the other sees it end', async () => {
    const url = await freshUrl();
    const go = path.join(scratch, `go-${databases}`);
    const script = `  printf 'live-%s\\n' first-line; while [ ! -e '${go}' ]; do sleep 0.1; done`;
    const alice = await openRoom('alice', await mitigationRunbook(path.join(scratch, 'unused.txt'), '```bash', script), { url });
    open.push(alice);
    const bob = await joinRoom('bob', alice.id, { url });
    open.push(bob);
    alice.pty.write('G');
    alice.pty.write('\r');
    await alice.pty.waitFor(/Run it\?/, SCREEN_MS);
    alice.pty.write('y');
    await bob.pty.waitFor(/live-first-line/, SCREEN_MS);
    await converged([alice, bob]);
    alice.pty.kill('SIGKILL');
    await alice.pty.exited;
    await fs.writeFile(go, ''); // the orphaned command ends on its own
    // Bob's terminal never closes a run it did not start: it stays open until alice is back.
    expect((await bob.events()).some((e) => e.type === 'command.finished')).toBe(false);
    const again = startPty(['resume', alice.id], { env: envFor(alice.home, 'alice', { url }), cols: 100, rows: 30 });
    open.push({ ...alice, pty: again });
    await again.waitFor(/online/, SCREEN_MS);
    await waitForEvent(bob, 'command.finished');
    const finished = (await bob.events()).find((e) => e.type === 'command.finished');
    expect(finished).toMatchObject({ actor: 'system', outcome: 'unknown' });
  }, 240_000);

  it('both press y on the same mitigation at once: it runs exactly once', async () => {
    const url = await freshUrl();
    const ran = path.join(scratch, `ran-${databases}.txt`);
    const alice = await openRoom('alice', await mitigationRunbook(ran), { url });
    open.push(alice);
    const bob = await joinRoom('bob', alice.id, { url });
    open.push(bob);
    for (const t of [alice, bob]) {
      t.pty.write('G');
      t.pty.write('\r');
    }
    await alice.pty.waitFor(/Run it\?/, SCREEN_MS);
    await bob.pty.waitFor(/Run it\?/, SCREEN_MS);
    // Both dialogs are up; both confirm in the same turn of this test (well within 50 ms).
    alice.pty.write('y');
    bob.pty.write('y');
    // The proof is the file and the journals: the command ran once, in one terminal. (What the
    // other terminal's screen says depends on who reached the shared log first; the first test
    // checks what a dialog says about a run another terminal made.)
    const lines = await ranLines(ran);
    expect(lines).toHaveLength(1);
    await runFinished(alice);
    await converged([alice, bob]);
    expect(await ranLines(ran)).toHaveLength(1);
    const started = (await alice.events()).filter((e) => e.type === 'command.started');
    expect(started).toHaveLength(1);
  }, 240_000);

  it('a forged row is refused with a message naming it, and both terminals keep running', async () => {
    const url = await freshUrl();
    const alice = await openRoom('alice', await mitigationRunbook(path.join(scratch, 'unused.txt')), { url });
    open.push(alice);
    const bob = await joinRoom('bob', alice.id, { url });
    open.push(bob);
    await converged([alice, bob]);
    // Someone with write access to the database appends a row whose body claims another actor.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ last_seq: string }>('SELECT last_seq FROM warroom_incidents WHERE id = $1 FOR UPDATE', [alice.id]);
      const seq = Number(rows[0]?.last_seq) + 1;
      const body = { seq, type: 'note.added', at: new Date().toISOString(), actor: 'mallory', text: 'forged' };
      await client.query(
        `INSERT INTO warroom_events (incident_id, seq, event_id, origin, actor, type, at, body) VALUES ($1, $2, $3, 'evil', 'alice', 'note.added', now(), $4::jsonb)`,
        [alice.id, seq, randomUUID(), JSON.stringify(body)],
      );
      await client.query('UPDATE warroom_incidents SET last_seq = $2 WHERE id = $1', [alice.id, seq]);
      await client.query(`SELECT pg_notify('warroom', $1)`, [JSON.stringify({ i: alice.id, s: seq })]);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    const named = /shared row \(incident \S+, seq \d+\): body says actor mallory/;
    await alice.pty.waitFor(named, SCREEN_MS);
    await bob.pty.waitFor(named, SCREEN_MS);
    // Both still work, and still agree.
    alice.pty.write(' ');
    await bob.pty.waitFor(/\[x\] Look at the dashboard/, SCREEN_MS);
    const [a, b] = await converged([alice, bob]);
    expect(a?.shared.filter((e) => e.kind === 'rejected')).toHaveLength(1);
    expect(b?.shared.map((e) => e.kind)).toEqual(a?.shared.map((e) => e.kind));
    expect((await bob.events()).some((e) => e.type === 'note.added')).toBe(false);
    // `warroom show` in the publisher's home reads the shared record, not the journal's opening.
    const shown = await warroom(alice.home, ['show', alice.id, '--json']);
    expect(shown.code).toBe(0);
    expect((JSON.parse(shown.stdout) as { incident: { steps: Record<string, { state: string }> } }).incident.steps).toMatchObject({ [Object.keys((await alice.state())?.steps ?? {})[0] ?? '?']: { state: 'checked' } });
  }, 240_000);

  it('two-person rule: a command annotated approve=2 runs only after the other terminal approves', async () => {
    const url = await freshUrl();
    const ran = path.join(scratch, `ran-${databases}.txt`);
    const alice = await openRoom('alice', await mitigationRunbook(ran, '```bash {approve=2}'), { url });
    open.push(alice);
    alice.pty.write('G');
    alice.pty.write('\r');
    await alice.pty.waitFor(/Run it\?/, SCREEN_MS);
    alice.pty.write('y');
    // Alone: told that approval is required and who can give it.
    await alice.pty.waitFor(/approval required \(the runbook says approve=2\); waiting: nobody else is in the room/, SCREEN_MS);
    const bob = await joinRoom('bob', alice.id, { url });
    open.push(bob);
    await alice.pty.waitFor(/alice, bob|bob, alice/, SCREEN_MS);
    alice.pty.write('y');
    await alice.pty.waitFor(/waiting: bob can approve it with A/, SCREEN_MS);
    await expect(fs.access(ran)).rejects.toThrow();

    bob.pty.write('A');
    const approval = await bob.pty.waitFor(/Approve running this for alice\?/, SCREEN_MS);
    expect(approval).toContain('requested by alice');
    expect(approval).toMatch(/runs in: cwd \//); // where it would run is part of the decision
    expect(approval).toContain('echo "rolled back by');
    bob.pty.write('\r'); // Approve
    await alice.pty.waitFor(/bob approved your command/, SCREEN_MS);
    await waitForApproval(alice);
    alice.pty.write('y');
    expect(await ranLines(ran, alice)).toEqual(['rolled back by alice']);
    await runFinished(alice);
    await converged([alice, bob]);
    const types = (await bob.events()).map((e) => e.type);
    expect(types.indexOf('approval.requested')).toBeLessThan(types.indexOf('approval.decided'));
    expect(types.indexOf('approval.decided')).toBeLessThan(types.indexOf('command.started'));
    const decided = (await bob.events()).find((e) => e.type === 'approval.decided');
    expect(decided).toMatchObject({ actor: 'bob', approved: true });
  }, 240_000);

  it('PostgreSQL stopped, ticks and notes in both terminals, started again: identical state and order', async () => {
    const url = await freshUrl();
    const alice = await openRoom('alice', await mitigationRunbook(path.join(scratch, 'unused.txt')), { url });
    open.push(alice);
    const bob = await joinRoom('bob', alice.id, { url });
    open.push(bob);
    await converged([alice, bob]);
    await server.stop();
    await alice.pty.waitFor(/offline/, SCREEN_MS);
    alice.pty.write(' ');
    bob.pty.write('j ');
    alice.pty.write('n');
    await alice.pty.waitFor('Add a note to the timeline', SCREEN_MS);
    alice.pty.write('from alice while offline\r');
    bob.pty.write('n');
    await bob.pty.waitFor('Add a note to the timeline', SCREEN_MS);
    bob.pty.write('from bob while offline\r');
    await alice.pty.waitFor(/offline · \d+ to sync/, SCREEN_MS);
    await bob.pty.waitFor(/offline · \d+ to sync/, SCREEN_MS);
    await server.start();
    const [a, b] = await converged([alice, bob], 120_000);
    expect(a?.shared.map((e) => e.id)).toEqual(b?.shared.map((e) => e.id));
    expect(await alice.state()).toEqual(await bob.state());
    const notes = (await alice.events()).filter((e) => e.type === 'note.added').map((e) => (e as { text: string }).text);
    expect(notes.sort()).toEqual(['from alice while offline', 'from bob while offline']);
    const ticks = (await bob.events()).filter((e) => e.type === 'step.checked');
    expect(ticks).toHaveLength(2);
    await alice.pty.waitFor(/\[x\] Check recent deploys/, SCREEN_MS);
    await bob.pty.waitFor(/\[x\] Look at the dashboard/, SCREEN_MS);
    await leave(alice);
    await leave(bob);
  }, 300_000);
});
