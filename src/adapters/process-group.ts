// Signalling and watching a whole process group. Commands run in their own group (detached), so
// `kill(-pgid)` reaches the shell and everything it started, including background children that
// were re-parented away from it.
import { readdir, readFile } from 'node:fs/promises';

/** Sends `signal` to every process in the group; false when the group is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * Pids in the group that are still running. Zombies do not count: they are dead, merely not yet
 * reaped, and in containers whose init never reaps (this one) `kill(-pgid, 0)` would report them
 * alive forever. Linux reads /proc; elsewhere falls back to `kill(-pgid, 0)`.
 */
export async function livingMembers(pgid: number): Promise<number[]> {
  // Cheap first: no process at all in the group (the common case once a command ended).
  if (!signalGroup(pgid, 0)) return [];
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [pgid];
  }
  const alive: number[] = [];
  await Promise.all(
    entries
      .filter((name) => /^\d+$/.test(name))
      .map(async (name) => {
        let stat: string;
        try {
          stat = await readFile(`/proc/${name}/stat`, 'utf8');
        } catch {
          return; // exited while we looked
        }
        // Fields after the command name, which is in parentheses and may contain anything.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const state = fields[0];
        const group = Number(fields[2]);
        if (group === pgid && state !== 'Z' && state !== 'X') alive.push(Number(name));
      }),
  );
  return alive;
}

/** Resolves once no living member remains, or with false after `timeoutMs`. */
export async function waitForGroupGone(pgid: number, timeoutMs: number, pollMs = 25): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if ((await livingMembers(pgid)).length === 0) return true;
    if (performance.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * SIGTERM to the group, then SIGKILL if anything survives `graceMs`. Resolves when the group
 * is gone (or after the SIGKILL, which cannot be ignored).
 */
export async function terminateGroup(pgid: number, graceMs: number): Promise<'gone' | 'terminated' | 'killed'> {
  if (!signalGroup(pgid, 'SIGTERM')) return 'gone';
  if (await waitForGroupGone(pgid, graceMs)) return 'terminated';
  signalGroup(pgid, 'SIGKILL');
  await waitForGroupGone(pgid, 1000);
  return 'killed';
}
