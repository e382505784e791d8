// What Linux's /proc says about processes: enough to tell a live process from a dead one, a
// zombie or a different process that got the same pid, and to find a command's descendants.
// Elsewhere (no /proc) every reader returns null and callers fall back to kill(pid, 0).
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface ProcStat {
  pid: number;
  /** R, S, D, T, Z (zombie: dead, not reaped yet), X (dead)... */
  state: string;
  ppid: number;
  pgid: number;
  sid: number;
  /** Field 22: when the process started, in clock ticks since boot. Same pid + same start = same process. */
  startTicks: number;
}

/** Clock ticks per second for /proc times (USER_HZ): 100 on every Linux architecture Node runs on. */
export const CLOCK_TICKS_PER_SECOND = 100;

function parseStat(pid: number, text: string): ProcStat | null {
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 2).split(' ');
  const number = (index: number) => Number(fields[index]);
  const stat = { pid, state: fields[0] ?? '?', ppid: number(1), pgid: number(2), sid: number(3), startTicks: number(19) };
  return Number.isFinite(stat.startTicks) && Number.isFinite(stat.pgid) ? stat : null;
}

/** /proc/<pid>/stat, read synchronously (right after a spawn, before Node can reap the child). */
export function procStatSync(pid: number): ProcStat | null {
  try {
    return parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

export async function procStat(pid: number): Promise<ProcStat | null> {
  try {
    return parseStat(pid, await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Dead, or dead and waiting for its parent to reap it: nothing left to signal. */
export function isDeadState(state: string): boolean {
  return state === 'Z' || state === 'X' || state === 'x';
}

let bootIdCache: string | null | undefined;

/** This boot's id (/proc/sys/kernel/random/boot_id): a pid from another boot is never this process. */
export function currentBootId(): string | null {
  if (bootIdCache === undefined) {
    try {
      bootIdCache = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      bootIdCache = null;
    }
  }
  return bootIdCache;
}

/** When the machine booted, ms since the epoch (`btime` in /proc/stat); null without /proc. */
export function bootTimeMs(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('btime '));
    return line ? Number(line.slice(6)) * 1000 : null;
  } catch {
    return null;
  }
}

/** Stat files read between two turns of the event loop: a key press waits behind one slice at most (about a millisecond). */
const TABLE_SLICE = 128;

/**
 * Every process /proc shows, with its stat; null when there is no /proc. The files are read
 * synchronously, a slice at a time: each is a few microseconds of kernel text, and the thread
 * pool's open/stat/read/close hand-offs cost ten times more than the reads (this runs after
 * every command, before its end is recorded).
 */
export async function processTable(): Promise<ProcStat[] | null> {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return null;
  }
  const stats: ProcStat[] = [];
  let sinceYield = 0;
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const stat = procStatSync(Number(name));
    if (stat !== null) stats.push(stat);
    if (++sinceYield === TABLE_SLICE) {
      sinceYield = 0;
      await nextTurn();
    }
  }
  return stats;
}

/**
 * True when the process's environment holds `name=value` (inherited through fork, exec, setsid,
 * nohup); null when it cannot be told now: the file is unreadable or empty, as it is for a
 * moment while the process execs (`setsid sleep` between its setsid() and the exec of sleep).
 */
export async function hasEnvironmentEntry(pid: number, entry: string): Promise<boolean | null> {
  try {
    const environ = await readFile(`/proc/${pid}/environ`);
    if (environ.length === 0) return null;
    return environ.toString('latin1').split('\0').includes(entry);
  } catch {
    return null;
  }
}
