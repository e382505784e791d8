// Keys typed the moment warroom starts, before it draws anything: the first frame comes before
// the key listener and the services (runner, Slack), and a key pressed in between must still do
// what it says, once, in order, never be echoed over the screen or lost. The built binary in a
// real pseudo-terminal.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { repoRoot, startPty } from '../helpers/pty.ts';

const SLOW = 30_000;
let home: string;
beforeAll(async () => {
  await ensureBuilt();
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-early-keys-'));
}, SLOW);
afterAll(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

it('handles keys typed before the first frame, in order, once the services are there', async () => {
  const pty = startPty(['run', path.join(repoRoot, 'runbooks/api-high-latency.md'), '--dry-run'], {
    env: { WARROOM_HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1' },
  });
  // At once: the process has not even started Node yet. j moves the cursor, s opens the composer.
  pty.write('js');
  await pty.waitFor('Internal status update', SLOW);
  pty.write('\u001b');
  await pty.waitFor((s) => !s.includes('Internal status update') && /\? help\s*$/m.test(s), SLOW);
  // The j came first: the cursor is on the second step.
  expect(pty.screen()).toMatch(/›\s+\[ \] Check Status Page/);
  // The keys were echoed before warroom could stop it; the frame still starts at the left edge.
  expect(pty.screen().split('\n')[0]).toMatch(/^ SEV-2 +API High Latency +INVESTIGATING · IC alice$/);
  expect(pty.screen()).not.toMatch(/^js/m);
  pty.write('q');
  const { exitCode } = await pty.exited;
  expect(exitCode).toBe(0);
}, 60_000);
