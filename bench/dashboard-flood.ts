// The dashboard's memory, read from outside, while a runbook command prints 100 MB and after.
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PtySession } from '../test/helpers/pty.ts';
import { stats, waitUntil } from './measure.ts';
import { floodRunbook, HELP_BAR, quit, rssMb, startFirstCommand, startWarroom } from './pty-apps.ts';
import type { BenchContext, BenchResult } from './types.ts';

const FLOOD = 'yes | head -c 100000000';
const RUNS = 3;
/**
 * How long after a burst of work (start-up, the command) the RSS is read: V8's memory reducer
 * gives back the heap that burst grew only several seconds later (a dashboard left alone reads
 * anywhere from 92 to 112 MB in its first 12 s), so both readings wait the same time.
 */
const SETTLE_MS = 10_000;

export const how =
  `\`warroom run\` in an 80×24 pseudo-terminal on a runbook whose command is \`${FLOOD}\`: the ` +
  `dashboard's VmRSS (/proc/<pid>/status) ${SETTLE_MS / 1000} s after the first frame, its VmHWM (peak) once the ` +
  `journal holds command.finished, and its VmRSS ${SETTLE_MS / 1000} s after that (the same wait after each ` +
  "burst of work, so V8's memory reducer has had the same chance to give back the heap it grew); " +
  `${RUNS} runs; ratio per run.`;

function finished(home: string): boolean {
  const incidents = path.join(home, 'incidents');
  for (const id of readdirSync(incidents)) {
    if (id.startsWith('.')) continue;
    try {
      if (readFileSync(path.join(incidents, id, 'journal.jsonl'), 'utf8').includes('"type":"command.finished"')) return true;
    } catch {
      // not a journal yet
    }
  }
  return false;
}

async function once(target: string): Promise<{ idle: number; peak: number; after: number; ms: number }> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-bench-dflood-'));
  let pty: PtySession | null = null;
  try {
    const runbook = await floodRunbook(home, 20, FLOOD);
    pty = startWarroom(target, ['run', runbook], home);
    await pty.waitFor(HELP_BAR, 20_000);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const idle = rssMb(pty.pid);
    const t0 = performance.now();
    await startFirstCommand(pty, /./);
    await waitUntil(() => finished(home), 120_000, 'command.finished in the journal');
    const ms = performance.now() - t0;
    const peak = rssMb(pty.pid, 'VmHWM');
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const after = rssMb(pty.pid);
    return { idle, peak, after, ms };
  } finally {
    if (pty) await quit(pty);
    await fs.rm(home, { recursive: true, force: true });
  }
}

export async function run({ target }: BenchContext): Promise<BenchResult[]> {
  const runs: { idle: number; peak: number; after: number; ms: number }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(target));
  const idle = { name: 'the same dashboard before the command', value: stats(runs.map((r) => r.idle)) };
  return [
    { name: 'dashboard: peak RSS while a command prints 100 MB', unit: 'MB', value: stats(runs.map((r) => r.peak)), baseline: idle, ratio: stats(runs.map((r) => r.peak / r.idle)), goal: '< 150 MB' },
    { name: `dashboard: RSS ${SETTLE_MS / 1000} s after it ended`, unit: 'MB', value: stats(runs.map((r) => r.after)), baseline: idle, ratio: stats(runs.map((r) => r.after / r.idle)), goal: 'back to idle' },
    { name: 'dashboard: 100 MB command, confirm → command.finished journaled', unit: 'ms', value: stats(runs.map((r) => r.ms)) },
  ];
}
