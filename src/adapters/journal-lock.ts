// One writer per incident: `<incident>/lock` holds the owner's pid, host and start time, and on
// Linux the process's start time in clock ticks and the boot id, so a dead owner is told from a
// live one even when its pid is a zombie or was reused. Readers (show, list, post-mortem) never
// take it; every writer (run, resume) must.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WarroomError } from '../errors.ts';
import { bootTimeMs, CLOCK_TICKS_PER_SECOND, currentBootId, isDeadState, procStat, procStatSync } from './proc.ts';

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  /** The owner's start time, /proc/<pid>/stat field 22 (ticks since boot); absent off Linux. */
  procStart?: number;
  /** /proc/sys/kernel/random/boot_id when the lock was written; absent off Linux. */
  bootId?: string;
}

/** Why a lock was judged as it was: one clause for the refusal or takeover message. */
export interface LockVerdict {
  stale: boolean;
  /** e.g. `pid 123 is a zombie (dead, not yet reaped by its parent)`. */
  why: string;
  check: 'other-host' | 'this-process' | 'boot' | 'gone' | 'zombie' | 'reused' | 'alive';
}

/** A lock taken over from a dead owner: who it was and which check decided. */
export interface LockTakeover {
  owner: LockOwner | null;
  verdict: LockVerdict | null;
  /** One line for the status line: `took over the lock of pid 123: it is a zombie ...`. */
  message: string;
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
  /** Set when a stale lock was taken over to get this one. */
  takeover: LockTakeover | null;
  release(): Promise<void>;
}

/** The owner record for this process, with its /proc identity when there is one. */
export function selfOwner(now: Date): LockOwner {
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: now.toISOString() };
  const stat = procStatSync(process.pid);
  const bootId = currentBootId();
  if (stat) owner.procStart = stat.startTicks;
  if (bootId) owner.bootId = bootId;
  return owner;
}

export function lockPath(dir: string): string {
  return path.join(dir, 'lock');
}

/**
 * Takes the incident's lock or throws IncidentLockedError naming the owner and the check that
 * found it alive. A lock left by a dead process on this host is taken over (see judgeOwner);
 * the held lock then says whose and why.
 *
 * The lock appears atomically and complete: it is written to a private temp file and then
 * hard-linked to `lock`. link(2) fails with EEXIST exactly like open(O_CREAT|O_EXCL) (`wx`),
 * but a reader can never see a lock file that exists yet is still empty.
 */
export async function acquireLock(dir: string, incidentLabel: string, now: Date = new Date()): Promise<HeldLock> {
  const target = lockPath(dir);
  const owner = selfOwner(now);
  const temp = path.join(dir, `.lock-${process.pid}-${randomBytes(4).toString('hex')}`);
  await writeSynced(temp, `${JSON.stringify(owner)}\n`);
  try {
    // Two rounds at most: the second only after a stale lock was moved aside.
    let takeover: LockTakeover | null = null;
    for (let round = 0; round < 2; round += 1) {
      try {
        await fs.link(temp, target);
        await syncDir(dir);
        return heldLock(target, owner, takeover);
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
      }
      const existing = await readOwner(target);
      if (existing === 'missing') continue; // released between our link and our read
      if (existing === null) {
        if (!(await isOldFile(target, now))) throw lockedError(incidentLabel, target, null, null);
        takeover = { owner: null, verdict: null, message: `took over an unreadable lock older than a minute (${target})` };
      } else {
        const verdict = await judgeOwner(existing, await fileTimeMs(target));
        if (!verdict.stale) throw lockedError(incidentLabel, target, existing, verdict);
        takeover = { owner: existing, verdict, message: `took over the lock of warroom pid ${existing.pid}: ${verdict.why}` };
      }
      await moveStaleLockAside(dir, target, existing);
    }
    const owner2 = await readOwner(target);
    throw lockedError(incidentLabel, target, owner2 === 'missing' ? null : owner2, null);
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** The same lock after its folder was renamed (an incident built under a temporary name). */
export function relocatedLock(lock: HeldLock, dir: string): HeldLock {
  return heldLock(lockPath(dir), lock.owner, lock.takeover);
}

function heldLock(target: string, owner: LockOwner, takeover: LockTakeover | null): HeldLock {
  let released = false;
  return {
    path: target,
    owner,
    takeover,
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

function lockedError(incidentLabel: string, target: string, owner: LockOwner | null, verdict: LockVerdict | null): IncidentLockedError {
  if (owner === null) {
    return new IncidentLockedError(
      `incident ${incidentLabel} is being opened by another warroom (lock ${target} is unreadable; delete it if no warroom is running)`,
      target,
      null,
    );
  }
  const where = owner.host === os.hostname() ? `on host ${owner.host}` : `on another host, ${owner.host}`;
  const checked = verdict === null ? '' : `: ${verdict.why}`;
  return new IncidentLockedError(
    `incident ${incidentLabel} is open in another warroom (pid ${owner.pid} ${where} since ${owner.startedAt})${checked}; ` +
      `close it there, or delete ${target} if that warroom is gone`,
    target,
    owner,
  );
}

/** Allowed difference between a process's start and the lock file's time (clock ticks, fs granularity). */
const START_SLACK_MS = 2000;

/**
 * Is the lock's owner still the process that wrote it? Dead when: it is from another boot; the
 * pid does not exist; it is a zombie (kill(pid, 0) succeeds on zombies, so /proc's state field
 * decides); or the pid now belongs to another process (its start time differs from the one
 * recorded, or, for a lock without one, it started after the lock file was written). A lock
 * from another host can never be proven stale from here.
 */
export async function judgeOwner(owner: LockOwner, lockWrittenMs: number | null): Promise<LockVerdict> {
  const pid = `pid ${owner.pid}`;
  if (owner.host !== os.hostname()) return { stale: false, check: 'other-host', why: `it runs on ${owner.host} and cannot be checked from here` };
  if (owner.pid === process.pid) return { stale: false, check: 'this-process', why: 'this very process holds it' };
  const bootId = currentBootId();
  if (owner.bootId !== undefined && bootId !== null && owner.bootId !== bootId) {
    return { stale: true, check: 'boot', why: `it was written before this machine restarted (another boot id), so ${pid} is gone` };
  }
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: a process exists but belongs to someone else; /proc below says whether it is ours.
    if (isCode(error, 'ESRCH')) return { stale: true, check: 'gone', why: `${pid} no longer exists` };
    if (!isCode(error, 'EPERM')) throw error;
  }
  const stat = await procStat(owner.pid);
  if (stat === null) return { stale: false, check: 'alive', why: `${pid} is alive` };
  if (isDeadState(stat.state)) return { stale: true, check: 'zombie', why: `${pid} is a zombie (dead, not yet reaped by its parent)` };
  if (owner.procStart !== undefined) {
    if (stat.startTicks !== owner.procStart) {
      return { stale: true, check: 'reused', why: `${pid} now belongs to another process (it started at tick ${stat.startTicks}, the owner at ${owner.procStart})` };
    }
    return { stale: false, check: 'alive', why: `${pid} is alive and is the same process (same start time)` };
  }
  const boot = bootTimeMs();
  if (boot !== null && lockWrittenMs !== null) {
    const startedMs = boot + (stat.startTicks * 1000) / CLOCK_TICKS_PER_SECOND;
    if (startedMs > lockWrittenMs + START_SLACK_MS) {
      return { stale: true, check: 'reused', why: `${pid} now belongs to another process (it started after the lock was written)` };
    }
  }
  return { stale: false, check: 'alive', why: `${pid} is alive (it started before the lock was written)` };
}

async function fileTimeMs(file: string): Promise<number | null> {
  try {
    return (await fs.stat(file)).mtimeMs;
  } catch {
    return null;
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
      const owner: LockOwner = { pid: parsed.pid, host: parsed.host, startedAt: parsed.startedAt };
      if (typeof parsed.procStart === 'number') owner.procStart = parsed.procStart;
      if (typeof parsed.bootId === 'string') owner.bootId = parsed.bootId;
      return owner;
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
