// kill -9 of a real warroom process in the one window a retry is dangerous: the status page
// has accepted the create (or an update) and answered, but the journal has not recorded it.
// A new process resuming the journal must not create a second incident nor post the update
// twice: it asks the page first (Statuspage: the intent key in metadata; incident.io: the
// idempotency key), then carries on with the updates behind it.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { replay } from '../../src/core/incident/reduce.ts';
import { waitFor } from '../helpers/fake-services.ts';
import { STANDIN_KEY, startStatuspage } from '../helpers/statuspage-server.ts';
import { startIncidentio } from '../helpers/incidentio-server.ts';
import { openWarRoom, pageUpdate, postPublic, readEvents, tempRoot } from '../helpers/statuspage-fixtures.ts';

const CHILD = path.resolve(import.meta.dirname, '../helpers/statuspage-child.ts');
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function startChild(dir: string, env: NodeJS.ProcessEnv): { child: ChildProcess; exited: Promise<void>; output: () => string } {
  const child = spawn(process.execPath, [CHILD, dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanup.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  return { child, exited, output: () => out };
}

const PROVIDERS = [
  { provider: 'atlassian', start: startStatuspage },
  { provider: 'incidentio', start: startIncidentio },
] as const;

describe.each(PROVIDERS)('$provider: SIGKILL between the accepted request and its journal record', ({ provider, start }) => {
  it.each(['status.create', 'status.update'])('dies right after %s was accepted; the resume posts nothing twice', async (dieAfter) => {
    const page = await start();
    cleanup.push(() => page.close());
    const root = await tempRoot('warroom-statuspage-crash-', cleanup);
    const room = await openWarRoom(root);
    await postPublic(room, pageUpdate(page.pageId, {}, provider));
    await postPublic(room, pageUpdate(page.pageId, { status: 'identified', body: 'We found the cause.' }, provider));
    await postPublic(room, pageUpdate(page.pageId, { status: 'monitoring', body: 'A fix is out.' }, provider));
    await room.close();
    const env = {
      ...process.env,
      WARROOM_HOME: root,
      WARROOM_STATUSPAGE_PROVIDER: provider,
      WARROOM_STATUSPAGE_API_KEY: STANDIN_KEY,
      WARROOM_STATUSPAGE_PAGE_ID: page.pageId,
      WARROOM_STATUSPAGE_API_URL: page.url,
    };

    const first = startChild(room.dir, { ...env, WARROOM_TEST_DIE_AFTER: dieAfter });
    await first.exited;
    expect(first.child.signalCode, first.output()).toBe('SIGKILL');
    const before = replay(await readEvents(room.dir)).deliveries;
    const victim = before.find((d) => d.kind === dieAfter && d.phase === 'pending');
    // Sent and accepted, yet the journal only knows it was attempted.
    expect(victim?.attempts).toBe(1);
    expect(page.incidents).toHaveLength(1);

    const second = startChild(room.dir, env);
    await waitFor(async () => replay(await readEvents(room.dir)).deliveries.every((d) => d.phase === 'delivered'), `all delivered; child: ${second.output()}`, 20_000);
    second.child.kill('SIGTERM');
    await second.exited;
    expect([second.child.exitCode, second.child.signalCode], second.output()).toEqual([0, null]);

    expect(page.incidents).toHaveLength(1);
    const statuses = page.incidents[0]?.updates.map((u) => u.status);
    expect(statuses).toEqual(['investigating', 'identified', 'monitoring']);
    const id = page.incidents[0]?.id;
    const final = replay(await readEvents(room.dir)).deliveries;
    expect(final.map((d) => d.response?.pageIncidentId)).toEqual([id, id, id]);
    if (provider === 'incidentio' && dieAfter === 'status.create' && 'replays' in page) expect(page.replays()).toBe(1);
  }, 60_000);
});
