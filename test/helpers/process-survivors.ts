// Finding processes by a unique marker in their command line, straight from /proc and
// independently of the code under test: what is still running (zombies are dead, not counted).
import { readdirSync, readFileSync } from 'node:fs';

let counter = 0;

/** A number no other test uses as a sleep duration: `sleep <marker>` is then findable. */
export function uniqueSleep(): string {
  counter += 1;
  return `${9_000_000 + (process.pid % 100_000) * 10 + counter}`;
}

/** Living processes whose command line contains `marker`, as `pid args` strings. */
export function survivors(marker: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ').trim();
      if (!args.includes(marker) || Number(name) === process.pid) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      if (state !== 'Z' && state !== 'X') found.push(`${name} ${args}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** Polls until `check` holds, or fails after `ms` naming `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
