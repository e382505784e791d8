// A full disk is not sticky: on a real 64 KiB tmpfs (mounted here when the test may; else an
// ENOSPC injected at the file-handle level, and the test says which ran) an append fails,
// nothing of it stays on disk, the journal says it is not recording; once space is freed the next
// append is recorded with the next seq and the journal says it records again.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalPath, openJournal, type JournalHealth } from '../../src/adapters/journal.ts';
import { makeTempDir, newIncidentJournal } from '../helpers/journal-fixtures.ts';

let root: string;
let mounted = false;
/** Set in the injected variant: the next writes fail with ENOSPC while true. */
let injectFull = false;

beforeAll(async () => {
  root = await makeTempDir('warroom-full-');
  // WARROOM_TEST_INJECT_ENOSPC=1 runs the fallback on a machine that could mount.
  if (!process.env.WARROOM_TEST_INJECT_ENOSPC) {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', root], { stdio: 'pipe' });
      mounted = true;
    } catch (error) {
      console.info(`full-disk test: cannot mount a tmpfs (${String(error).split('\n')[0]}); injecting ENOSPC instead`);
    }
  }
  console.info(`full-disk test: ${mounted ? 'real 64 KiB tmpfs' : 'injected ENOSPC at the file handle'}`);
});
afterAll(async () => {
  // Lazy: a journal a failed assertion left open must not leave the mount behind.
  if (mounted) execFileSync('umount', ['--lazy', root]);
  await fs.rm(root, { recursive: true, force: true });
});

const filler = () => path.join(root, 'filler');

/** Fills the file system to the last byte (real), or makes writes fail (injected). */
async function fillDisk(): Promise<void> {
  if (!mounted) {
    injectFull = true;
    return;
  }
  const handle = await fs.open(filler(), 'w');
  const page = Buffer.alloc(4096, 0x2e);
  try {
    for (;;) await handle.write(page);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    await handle.close();
  }
}

async function freeDisk(): Promise<void> {
  injectFull = false;
  await fs.rm(filler(), { force: true });
}

describe('journal on a full disk', () => {
  it('refuses the append, leaves nothing of it, says so, and records again once space is free', async () => {
    const journal = await newIncidentJournal(root, 'inc-full');
    const health: JournalHealth[] = [];
    journal.onHealthChange((h) => health.push(h));
    await journal.append({ type: 'note.added', actor: 'a', text: 'before' });
    const goodSize = (await fs.stat(journalPath(journal.dir))).size;

    const restore = mounted ? () => undefined : await patchWritesToFailWhileFull();
    try {
      await fillDisk();
      const big = 'x'.repeat(20_000); // more than the slack in the journal's last page
      const [first, queued] = await Promise.allSettled([
        journal.append({ type: 'note.added', actor: 'a', text: big }),
        journal.append({ type: 'note.added', actor: 'a', text: 'queued behind it' }),
      ]);
      expect(first).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/could not write the journal \(.*ENOSPC.*\): nothing of it was recorded, the next action tries again; journal \//) } });
      expect(queued.status).toBe('rejected');
      expect((await fs.stat(journalPath(journal.dir))).size).toBe(goodSize); // the half-written line is gone
      expect(journal.health).toMatchObject({ ok: false, code: 'ENOSPC' });
      expect(journal.lastSeq).toBe(2); // the refused seqs are free again

      // Still full: the next action tries again (not refused up front) and fails the same way.
      await expect(journal.append({ type: 'note.added', actor: 'a', text: big })).rejects.toThrow(/ENOSPC/);
      expect((await fs.stat(journalPath(journal.dir))).size).toBe(goodSize);

      await freeDisk();
      const recorded = await journal.append({ type: 'note.added', actor: 'a', text: big });
      expect(recorded.seq).toBe(3);
      expect(journal.health).toEqual({ ok: true });
      expect(health.map((h) => h.ok)).toEqual([false, true]);
    } finally {
      restore();
    }
    await journal.close();

    const reread = await openJournal(journal.dir, { readonly: true });
    expect(reread.problems).toEqual([]);
    expect(reread.events.map((e) => [e.seq, e.type === 'note.added' ? e.text.slice(0, 6) : e.type])).toEqual([
      [1, 'incident.opened'],
      [2, 'before'],
      [3, 'xxxxxx'],
    ]);
  });
});

/**
 * The injected variant: while `injectFull`, a write on any FileHandle stores half its bytes and
 * then fails with ENOSPC, as a real full disk does. Returns the undo.
 */
async function patchWritesToFailWhileFull(): Promise<() => void> {
  const probe = await fs.open(path.join(root, 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as { write: (this: FileHandle, ...args: unknown[]) => Promise<{ bytesWritten: number }> };
  await probe.close();
  const original = proto.write;
  proto.write = async function (this: FileHandle, ...args: unknown[]) {
    const [buffer, offset = 0, length] = args as [Buffer, number?, number?];
    if (!injectFull || !Buffer.isBuffer(buffer)) return original.apply(this, args);
    const half = Math.floor((length ?? buffer.length - offset) / 2);
    if (half > 0) await original.call(this, buffer, offset, half);
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  };
  return () => {
    proto.write = original;
  };
}
