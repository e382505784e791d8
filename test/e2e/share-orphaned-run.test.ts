// A terminal dies for good in the middle of a command in a shared room: the others are not
// blocked until it comes back. Real warroom processes in real ptys against a real PostgreSQL;
// the presence window is shortened so "left the room" comes within seconds.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { SharedStore } from '../../src/adapters/share/store.ts';
import { ensureBuilt } from '../helpers/build.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { envFor, joinRoom, openRoom, removeHomes, SCREEN_MS, type RoomTerminal } from '../helpers/share-room.ts';
import { startPty } from '../helpers/pty.ts';

let server: PostgresServer;
let scratch: string;
const open: RoomTerminal[] = [];

beforeAll(async () => {
  ensureBuilt();
  server = await startPostgres();
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-orphan-'));
}, 180_000);
afterEach(async () => {
  await fs.writeFile(path.join(scratch, 'go'), ''); // the orphaned command ends on its own
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

async function runbook(): Promise<string> {
  const go = path.join(scratch, 'go');
  const ran = path.join(scratch, 'ran.txt');
  const file = path.join(scratch, 'orphan.md');
  await fs.writeFile(
    file,
    [
      '# Orphan Drill Runbook',
      '',
      '**Severity**: SEV-2',
      '',
      '## Mitigation Actions',
      '- **Drain the queue**:',
      '  ```bash',
      `  printf 'drain-%s\\n' started; while [ ! -e '${go}' ]; do sleep 0.1; done`,
      '  ```',
      '- **Restart the worker**:',
      '  ```bash',
      `  echo "restarted by $WARROOM_OPERATOR" >> '${ran}'`,
      '  ```',
      '',
    ].join('\n'),
  );
  return file;
}

async function eventsUntil(t: RoomTerminal, check: (events: Awaited<ReturnType<RoomTerminal['events']>>) => boolean, what: string) {
  const deadline = Date.now() + SCREEN_MS;
  for (;;) {
    const events = await t.events();
    if (check(events)) return events;
    if (Date.now() > deadline) throw new Error(`${t.name} never saw ${what}; screen:\n${t.pty.screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it("c in the other terminal closes the dead terminal's run as unknown, and the room runs commands again", async () => {
  const url = await server.database(`orphan_${process.pid}`);
  await SharedStore.init({ url });
  const env = { WARROOM_SHARE_PRESENCE_MS: '3000' };
  const alice = await openRoom('alice', await runbook(), { url, env });
  open.push(alice);
  const bob = await joinRoom('bob', alice.id, { url, env });
  open.push(bob);
  alice.pty.write('g');
  alice.pty.write('\r');
  await alice.pty.waitFor(/Run it\?/, SCREEN_MS);
  alice.pty.write('y');
  await bob.pty.waitFor(/drain-started/, SCREEN_MS);
  bob.pty.write('c');
  await bob.pty.waitFor(/request #\d+ runs in alice's terminal \(alice@.*\): only there can it be stopped/, SCREEN_MS);

  alice.pty.kill('SIGKILL');
  await alice.pty.exited;
  // While alice was in the room, c said nothing could stop her run; once she is gone, it asks.
  await bob.pty.waitFor((s) => /online · bob\s*$/.test(s.split('\n')[1] ?? ''), SCREEN_MS);
  bob.pty.write('c');
  const dialog = await bob.pty.waitFor(/Close alice's run #\d+ as unknown\?/, SCREEN_MS);
  expect(dialog).toMatch(/Nothing here can stop a process on its host/);
  expect(dialog).toMatch(/while \[ ! -e/);
  bob.pty.write('\u001b[B'); // down: the highlight starts on "leave it open"
  bob.pty.write('\r');
  const events = await eventsUntil(bob, (es) => es.some((e) => e.type === 'command.finished'), 'the run closed');
  const finished = events.find((e) => e.type === 'command.finished');
  expect(finished).toMatchObject({ actor: 'bob', outcome: 'unknown' });
  expect((finished as { reason?: string }).reason).toMatch(/left the room while it ran; its process may still be running on that host/);
  expect((finished as { tail: string[] }).tail).toContain('drain-started');
  const closed = await bob.pty.waitFor(/closed as unknown/, SCREEN_MS);
  expect(closed).toMatch(/outcome unknown/); // no exit code, no duration: nobody saw it end

  // The room is not blocked: bob runs the next mitigation.
  bob.pty.write('G');
  bob.pty.write('\r');
  await bob.pty.waitFor(/Run it\?/, SCREEN_MS);
  bob.pty.write('y');
  await eventsUntil(bob, (es) => es.filter((e) => e.type === 'command.finished').length === 2, 'the second run finish');
  expect(await fs.readFile(path.join(scratch, 'ran.txt'), 'utf8')).toBe('restarted by bob\n');

  // Alice comes back: the run is closed in the journal, but its process still runs on her host.
  const again = startPty(['resume', alice.id], { env: envFor(alice.home, 'alice', { url, env }), cols: 100, rows: 30 });
  open.push({ ...alice, pty: again });
  // Either her copy of the journal has caught up with bob's close when it opens (then a notice
  // says so), or not yet (then the run is hers and open, and the leftover dialog offers to stop
  // it). Both tell her the process lives, with its pids; neither says it ended.
  const told = (await again.waitFor((s) => /was away, but its process still runs here \(pid \d+|Request #\d+ is still running \(pid \d+/.test(s.replace(/\s+/g, ' ')), SCREEN_MS)).replace(/\s+/g, ' ');
  if (/was away/.test(told)) expect(told).toMatch(/closed as unknown by bob@\S+ while this terminal was away/);
  else expect(told).toMatch(/Stop it \(SIGTERM, then SIGKILL\)/);
}, 240_000);
