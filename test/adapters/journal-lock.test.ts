// One writer per incident, checked against real processes: a live holder refuses a second
// writer by name; a dead holder's lock is taken over (gone, zombie, reused pid, another boot),
// and the message says which check decided; readers never need the lock.
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IncidentLockedError, openJournal, type LockOwner } from '../../src/adapters/journal.ts';
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

describe('telling a dead owner from a live one', () => {
  const procStateOf = async (pid: number): Promise<string | null> => {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    return stat === null ? null : (stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null);
  };

  it('records pid, host, start ticks and boot id', async () => {
    const journal = await newIncidentJournal(root, 'inc-record');
    const lock = JSON.parse(await fs.readFile(path.join(journal.dir, 'lock'), 'utf8')) as LockOwner;
    const ownStat = await fs.readFile(`/proc/${process.pid}/stat`, 'utf8');
    expect(lock).toMatchObject({
      pid: process.pid,
      host: os.hostname(),
      procStart: Number(ownStat.slice(ownStat.lastIndexOf(')') + 2).split(' ')[19]),
      bootId: (await fs.readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim(),
    });
    await journal.close();
  });

  it('takes over at once from a killed owner kept as a zombie by a parent that never reaps it', async () => {
    const journal = await newIncidentJournal(root, 'inc-zombie');
    await journal.close();
    // The shell starts the holder in the background, then becomes `sleep`, which never waits.
    const parent = spawn('/bin/sh', ['-c', `"${process.execPath}" "${WRITER}" hold "${journal.dir}" & exec sleep 1000`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(parent);
    let out = '';
    parent.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c));
    await waitFor(() => (out.includes('ready') ? true : undefined), 'the holder to take the lock');
    const holder = (JSON.parse(await fs.readFile(path.join(journal.dir, 'lock'), 'utf8')) as LockOwner).pid;
    process.kill(holder, 'SIGKILL');
    let state: string | null = null;
    for (let i = 0; i < 2000 && state !== 'Z'; i += 1) {
      state = await procStateOf(holder);
      if (state !== 'Z') await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(state).toBe('Z'); // dead but unreaped: kill(pid, 0) still succeeds on it
    expect(() => process.kill(holder, 0)).not.toThrow();

    const opened = await openJournal(journal.dir);
    expect(opened.journal).not.toBeNull();
    expect(opened.lockTakeover?.verdict?.check).toBe('zombie');
    expect(opened.lockTakeover?.message).toBe(`took over the lock of warroom pid ${holder}: pid ${holder} is a zombie (dead, not yet reaped by its parent)`);
    await opened.journal?.close();
  });

  it('takes over when the pid now belongs to another process (start time differs), or is from another boot', async () => {
    const journal = await newIncidentJournal(root, 'inc-reused');
    await journal.close();
    const lockFile = path.join(journal.dir, 'lock');
    const other = spawn('sleep', ['1000'], { stdio: 'ignore' });
    children.push(other);
    const pid = other.pid as number;
    const current = (await fs.readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
    await fs.writeFile(lockFile, JSON.stringify({ pid, host: os.hostname(), startedAt: '2026-11-26T10:00:00.000Z', procStart: 1, bootId: current }));
    const reused = await openJournal(journal.dir);
    expect(reused.lockTakeover?.verdict?.check).toBe('reused');
    expect(reused.lockTakeover?.message).toMatch(new RegExp(`pid ${pid} now belongs to another process \\(it started at tick \\d+, the owner at 1\\)`));
    await reused.journal?.close();

    await fs.writeFile(lockFile, JSON.stringify({ pid, host: os.hostname(), startedAt: '2026-11-26T10:00:00.000Z', procStart: 1, bootId: 'another-boot' }));
    const rebooted = await openJournal(journal.dir);
    expect(rebooted.lockTakeover?.verdict?.check).toBe('boot');
    expect(rebooted.lockTakeover?.message).toMatch(/written before this machine restarted/);
    await rebooted.journal?.close();

    // A lock of an older format (no start ticks) whose pid started after the lock was written.
    await fs.writeFile(lockFile, JSON.stringify({ pid, host: os.hostname(), startedAt: '2026-11-26T10:00:00.000Z' }));
    const old = new Date(Date.now() - 3_600_000);
    await fs.utimes(lockFile, old, old);
    const oldFormat = await openJournal(journal.dir);
    expect(oldFormat.lockTakeover?.message).toMatch(/now belongs to another process \(it started after the lock was written\)/);
    await oldFormat.journal?.close();
  });

  it('refuses a live owner and says which check found it alive', async () => {
    const journal = await newIncidentJournal(root, 'inc-alive');
    await journal.close();
    const holder = await holdInChild(journal.dir);
    await expect(openJournal(journal.dir)).rejects.toThrow(
      new RegExp(`\\(pid ${holder.pid} on host .* since .*\\): pid ${holder.pid} is alive and is the same process \\(same start time\\); close it there`),
    );
    holder.kill('SIGKILL');
    await exitOf(holder);
    const opened = await openJournal(journal.dir);
    expect(opened.lockTakeover?.message).toBe(`took over the lock of warroom pid ${holder.pid}: pid ${holder.pid} no longer exists`);
    await opened.journal?.close();
  });
});
