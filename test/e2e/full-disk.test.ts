// A full disk while the war room is open: the action is refused and said so, nothing of it is
// kept; once space is free the next action is recorded and the status line says recording works
// again, all without leaving the dashboard. On a real small tmpfs where the test may mount one
// (root here); elsewhere an ENOSPC injected at the journal's file handle, in-process, through the
// same session and status message. The test prints which variant ran.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_AGAIN, reportJournalHealth } from '../../src/app/journal-health.ts';
import { ensureBuilt } from '../helpers/build.ts';
import { openSession } from '../helpers/dashboard-fixtures.ts';
import { until } from '../helpers/process-survivors.ts';
import { startPty } from '../helpers/pty.ts';

let root: string;
let mounted = false;
const SLOW = 30_000;

beforeAll(async () => {
  ensureBuilt();
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-fulldisk-'));
  if (!process.env.WARROOM_TEST_INJECT_ENOSPC) {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', root], { stdio: 'pipe' });
      mounted = true;
    } catch (error) {
      console.info(`full-disk dashboard test: cannot mount a tmpfs (${String(error).split('\n')[0]})`);
    }
  }
  console.info(`full-disk dashboard test: ${mounted ? 'real 1 MiB tmpfs, warroom in a terminal' : 'injected ENOSPC at the file handle, in-process session'}`);
}, 120_000);
afterAll(async () => {
  if (mounted) execFileSync('umount', ['--lazy', root]);
  await fs.rm(root, { recursive: true, force: true });
});

async function fill(file: string): Promise<void> {
  const handle = await fs.open(file, 'w');
  const page = Buffer.alloc(4096, 0x2e);
  try {
    for (;;) await handle.write(page);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    await handle.close();
  }
}

describe('a full disk under the dashboard', () => {
  it('the refused action is said, and the next one after freeing space is recorded, without leaving', async () => {
    if (mounted) {
      const env = { WARROOM_HOME: root, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' };
      const pty = startPty(['run', 'runbooks/api-high-latency.md', '--dry-run'], { env, cols: 100, rows: 30 });
      await pty.waitFor(/\? help\s*$/m, SLOW);
      // The opening alert's delivery writes too: the disk fills after it is recorded, so what is
      // refused below is the operator's action, not a background write racing the filler.
      await pty.waitFor(/alert drill: written to outbox\.jsonl, not sent/, SLOW);
      const filler = path.join(root, 'filler');
      await fill(filler);
      // Each tick or untick is an event; the journal's last page has some slack, so toggle until
      // a write finds no room (a page holds at most a few dozen of these lines).
      const firstTicked = (screen: string) => /^›\s+\[x\]/m.test(screen);
      let refused = false;
      for (let i = 0; i < 200 && !refused; i += 1) {
        const before = firstTicked(pty.screen());
        pty.write(' ');
        const screen = await pty.waitFor((s) => firstTicked(s) !== before || /not record(ed|ing)\b.*ENOSPC|not recording \(ENOSPC/.test(s), SLOW);
        refused = /not record(ed|ing)\b.*ENOSPC|not recording \(ENOSPC/.test(screen) && firstTicked(screen) === before;
      }
      expect(refused).toBe(true);
      // The reason and what happens next are on screen whole, however long the journal's path.
      expect(pty.screen().replace(/\s+/g, ' ')).toContain('the next action tries again');
      const shown = firstTicked(pty.screen());
      await fs.rm(filler);
      pty.write(' ');
      await pty.waitFor((s) => s.includes(RECORDING_AGAIN) && firstTicked(s) !== shown, SLOW);
      pty.write('q');
      expect((await pty.exited).exitCode).toBe(0);
      const [id] = (await fs.readdir(path.join(root, 'incidents'))).filter((n) => !n.startsWith('.'));
      const journal = await fs.readFile(path.join(root, 'incidents', id!, 'journal.jsonl'), 'utf8');
      // What the screen showed after recording again is what the journal's last toggle says.
      const toggles = journal.split('\n').filter((l) => /"type":"step\.(un)?checked"/.test(l));
      expect(toggles.at(-1)).toContain(shown ? '"type":"step.unchecked"' : '"type":"step.checked"');
      return;
    }
    // Injected: the dashboard's session over a real journal whose writes fail while `full`.
    const { room, journal, cleanup } = await openSession();
    reportJournalHealth(room.session, journal);
    let full = false;
    const probe = await fs.open(path.join(root, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { write: (this: FileHandle, ...args: unknown[]) => Promise<{ bytesWritten: number }> };
    await probe.close();
    const original = proto.write;
    proto.write = async function (this: FileHandle, ...args: unknown[]) {
      if (!full) return original.apply(this, args);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    try {
      full = true;
      const stepId = room.store.state.runbook.sections[0]!.steps[0]!.id;
      expect(await room.session.toggleStep(stepId)).toBeNull();
      expect(room.session.getSnapshot().message?.text).toMatch(/ENOSPC/);
      full = false;
      expect(await room.session.toggleStep(stepId)).toMatchObject({ type: 'step.checked' });
      await until(() => room.session.getSnapshot().message?.text === RECORDING_AGAIN, 'recording again');
    } finally {
      proto.write = original;
      await cleanup();
    }
  }, 120_000);
});
