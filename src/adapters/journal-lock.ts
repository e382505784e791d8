// One writer per incident: `<incident>/lock` holds the owner's pid, host and start time.
// Readers (show, list, post-mortem) never take it; every writer (run, resume) must.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WarroomError } from '../errors.ts';

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/** Raised when another live warroom holds the incident; carries the owner for callers that want it. */
export class IncidentLockedError extends WarroomError {
  override name = 'IncidentLockedError';
  readonly owner: LockOwner | null;
  readonly lockPath: string;
  constructor(message: string, lockPath: string, owner: LockOwner | null) {
    super(message);
    this.owner = owner;
    this.lockPath = lockPath;
  }
}

export interface HeldLock {
  path: string;
  owner: LockOwner;
  release(): Promise<void>;
}

export function lockPath(dir: string): string {
  return path.join(dir, 'lock');
}

/**
 * Takes the incident's lock or throws IncidentLockedError naming the owner. A lock left by a
 * dead process on this host (kill(pid, 0) → ESRCH) is taken over.
 *
 * The lock appears atomically and complete: it is written to a private temp file and then
 * hard-linked to `lock`. link(2) fails with EEXIST exactly like open(O_CREAT|O_EXCL) (`wx`),
 * but a reader can never see a lock file that exists yet is still empty.
 */
export async function acquireLock(dir: string, incidentLabel: string, now: Date = new Date()): Promise<HeldLock> {
  const target = lockPath(dir);
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: now.toISOString() };
  const temp = path.join(dir, `.lock-${process.pid}-${randomBytes(4).toString('hex')}`);
  await writeSynced(temp, `${JSON.stringify(owner)}\n`);
  try {
    // Two rounds at most: the second only after a stale lock was moved aside.
    for (let round = 0; round < 2; round += 1) {
      try {
        await fs.link(temp, target);
        await syncDir(dir);
        return heldLock(target, owner);
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
      }
      const existing = await readOwner(target);
      if (existing === 'missing') continue; // released between our link and our read
      if (existing !== null && !isStale(existing)) throw lockedError(incidentLabel, target, existing);
      if (existing === null && !(await isOldFile(target, now))) throw lockedError(incidentLabel, target, null);
      await moveStaleLockAside(dir, target, existing);
    }
    const owner2 = await readOwner(target);
    throw lockedError(incidentLabel, target, owner2 === 'missing' ? null : owner2);
  } finally {
    await fs.rm(temp, { force: true });
  }
}

function heldLock(target: string, owner: LockOwner): HeldLock {
  let released = false;
  return {
    path: target,
    owner,
    async release() {
      if (released) return;
      released = true;
      // Only remove the lock if it is still ours (a forced takeover must not be undone).
      const current = await readOwner(target);
      if (current !== 'missing' && current !== null && current.pid === owner.pid && current.startedAt === owner.startedAt) {
        await fs.rm(target, { force: true });
      }
    },
  };
}

function lockedError(incidentLabel: string, target: string, owner: LockOwner | null): IncidentLockedError {
  if (owner === null) {
    return new IncidentLockedError(
      `incident ${incidentLabel} is being opened by another warroom (lock ${target} is unreadable; delete it if no warroom is running)`,
      target,
      null,
    );
  }
  const where = owner.host === os.hostname() ? `on host ${owner.host}` : `on another host, ${owner.host}`;
  return new IncidentLockedError(
    `incident ${incidentLabel} is open in another warroom (pid ${owner.pid} ${where} since ${owner.startedAt}); ` +
      `close it there, or delete ${target} if that warroom is gone`,
    target,
    owner,
  );
}

/** Dead on this host. A lock from another host can never be proven stale from here. */
function isStale(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return false;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    // EPERM: alive but someone else's process.
    return isCode(error, 'ESRCH');
  }
}

/**
 * Renames the stale lock to a private name, then checks that what was renamed is still the stale
 * lock we judged (another process may have taken it over in between); if not, puts it back.
 */
async function moveStaleLockAside(dir: string, target: string, judged: LockOwner | null): Promise<void> {
  const aside = path.join(dir, `.stale-lock-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await fs.rename(target, aside);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    throw error;
  }
  const moved = await readOwner(aside);
  const same =
    moved !== 'missing' &&
    (judged === null ? moved === null : moved !== null && moved.pid === judged.pid && moved.startedAt === judged.startedAt);
  if (!same) {
    await fs.link(aside, target).catch(() => undefined);
  }
  await fs.rm(aside, { force: true });
}

async function readOwner(file: string): Promise<LockOwner | null | 'missing'> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return 'missing';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.startedAt === 'string') {
      return { pid: parsed.pid, host: parsed.host, startedAt: parsed.startedAt };
    }
  } catch {
    // fall through: unreadable
  }
  return null;
}

/** An unreadable lock (not written by this version) is only presumed abandoned after a minute. */
async function isOldFile(file: string, now: Date): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    return now.getTime() - stat.mtimeMs > 60_000;
  } catch {
    return true;
  }
}

async function writeSynced(file: string, text: string): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync a directory so a created, renamed or linked entry survives a power cut. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
