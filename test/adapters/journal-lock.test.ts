// One writer per incident, checked against real processes: a live holder refuses a second
// writer by name; a dead holder's lock is taken over; readers never need the lock.
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IncidentLockedError, openJournal } from '../../src/adapters/journal.ts';
import { makeTempDir, newIncidentJournal, waitFor } from '../helpers/journal-fixtures.ts';

const WRITER = fileURLToPath(new URL('../helpers/journal-writer.ts', import.meta.url));

let root: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  root = await makeTempDir('warroom-lock-');
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await fs.rm(root, { recursive: true, force: true });
});

async function holdInChild(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WRITER, 'hold', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (err += c));
  await waitFor(() => (out.includes('ready') ? true : undefined), `holder to open the journal (${err})`);
  return child;
}

async function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

describe('incident lock', () => {
  it('refuses a second writer and names the owner; a reader still reads', async () => {
    const journal = await newIncidentJournal(root, 'inc-lock');
    await journal.close();
    const holder = await holdInChild(journal.dir);

    const error = await openJournal(journal.dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncidentLockedError);
    const message = (error as Error).message;
    expect(message).toContain(`incident inc-lock is open in another warroom (pid ${holder.pid} on host ${os.hostname()} since `);
    expect((error as IncidentLockedError).owner?.pid).toBe(holder.pid);

    const read = await openJournal(journal.dir, { readonly: true });
    expect(read.events).toHaveLength(1);
    expect(read.journal).toBeNull();
  });

  it('refuses while held in this same process too', async () => {
    const journal = await newIncidentJournal(root, 'inc-self');
    await expect(openJournal(journal.dir)).rejects.toThrow(/is open in another warroom \(pid \d+/);
    await journal.close();
    const again = await openJournal(journal.dir);
    await again.journal?.close();
    await expect(fs.stat(path.join(journal.dir, 'lock'))).rejects.toThrow(/ENOENT/);
  });

  it('takes over the lock of a writer that died (same host, pid gone)', async () => {
    const journal = await newIncidentJournal(root, 'inc-stale');
    await journal.close();
    const holder = await holdInChild(journal.dir);
    holder.kill('SIGKILL');
    await exitOf(holder);
    const stale = JSON.parse(await fs.readFile(path.join(journal.dir, 'lock'), 'utf8')) as { pid: number };
    expect(stale.pid).toBe(holder.pid);

    const opened = await openJournal(journal.dir);
    expect(opened.journal).not.toBeNull();
    const mine = JSON.parse(await fs.readFile(path.join(journal.dir, 'lock'), 'utf8')) as { pid: number };
    expect(mine.pid).toBe(process.pid);
    await opened.journal?.append({ type: 'note.added', actor: 'a', text: 'took over' });
    await opened.journal?.close();
  });

  it('never takes over a lock from another host (its pid cannot be checked from here)', async () => {
    const journal = await newIncidentJournal(root, 'inc-remote');
    await journal.close();
    const remote = { pid: 999_999, host: 'other-box', startedAt: '2026-11-26T10:00:00.000Z' };
    await fs.writeFile(path.join(journal.dir, 'lock'), JSON.stringify(remote));
    await expect(openJournal(journal.dir)).rejects.toThrow(
      /incident inc-remote is open in another warroom \(pid 999999 on another host, other-box since 2026-11-26T10:00:00.000Z\)/,
    );
  });

  it('lets exactly one of two racing writers in', async () => {
    const journal = await newIncidentJournal(root, 'inc-race');
    await journal.close();
    const results = await Promise.allSettled([openJournal(journal.dir), openJournal(journal.dir)]);
    const winners = results.filter((r) => r.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')[0]).toMatchObject({ reason: expect.any(IncidentLockedError) });
    if (winners[0]?.status === 'fulfilled') await winners[0].value.journal?.close();
  });
});
