// CPU of the dashboard while nothing happens but its clock, against the smallest Ink app ticking
// a clock, both started together in the same pseudo-terminal conditions. Measured for the whole
// process and for its main thread alone: the main thread is where our code, React and Ink run;
// the other threads are Node's and V8's (garbage collection marking and sweeping concurrently,
// the optimising compiler), so the split shows whose work an idle second is.
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PtySession } from '../test/helpers/pty.ts';
import { stats } from './measure.ts';
import { buildBaselines, floodRunbook, HELP_BAR, quit, startNodeApp, startWarroom } from './pty-apps.ts';
import type { BenchContext, BenchResult } from './types.ts';

const STEPS = 500;
/** Fresh starts measured for the first seconds: each opens its runbook for the first time. */
const STARTS = 3;
const SETTLE_S = 2;
const FIRST_S = 10;
/** When the steady-state figure starts: V8's memory reducer tidies start-up's heap in the first tens of seconds. */
const STEADY_AFTER_S = 30;
const STEADY_S = 20;
/** USER_HZ: /proc reports CPU time in hundredths of a second. */
const TICKS_PER_S = 100;

export const how =
  `a generated ${STEPS}-step runbook, opened for the first time, in an 80×24 pseudo-terminal, ` +
  'beside a bundled Ink app that draws a `›` over 20 rows and ticks a clock, both started at once ' +
  '(which starts first alternates); nothing is pressed. CPU is utime + stime from /proc: of the ' +
  'process (all threads), and of its main thread alone (/proc/<pid>/task/<pid>/stat), where our ' +
  "code, React and Ink run; the rest is Node's and V8's own threads (concurrent garbage " +
  `collection, the optimising compiler). First seconds: ${FIRST_S} s from ${SETTLE_S} s after both ` +
  `showed their first frame, ${STARTS} fresh pairs, ratio per pair. Steady: the last pair again ` +
  `over ${STEADY_S} s from ${STEADY_AFTER_S} s after its start, once the garbage collector's ` +
  "tidying of start-up's heap is over. The figures are in hundredths of a second, so a 10 s " +
  'window reads in steps of 0.1 %.';

interface Ticks {
  all: number;
  main: number;
}

function ticks(pid: number): Ticks {
  const read = (file: string) => {
    const stat = readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  return { all: read(`/proc/${pid}/stat`), main: read(`/proc/${pid}/task/${pid}/stat`) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** % of one core used by each process over the next `seconds`, all threads and main thread. */
async function cpuOver(pids: number[], seconds: number): Promise<Ticks[]> {
  const before = pids.map(ticks);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  return pids.map((pid, i) => {
    const now = ticks(pid);
    const percent = (used: number) => (used / TICKS_PER_S / elapsed) * 100;
    return { all: percent(now.all - before[i]!.all), main: percent(now.main - before[i]!.main) };
  });
}

interface Pair {
  warroom: PtySession;
  baseline: PtySession;
  started: number;
  home: string;
}

async function startPair(target: string, baselineApp: string, order: number): Promise<Pair> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-bench-idle-'));
  const runbook = await floodRunbook(home, STEPS, 'true');
  const started = performance.now();
  let warroom: PtySession;
  let baseline: PtySession;
  if (order % 2 === 0) {
    warroom = startWarroom(target, ['run', runbook], home);
    baseline = startNodeApp(baselineApp, home);
  } else {
    baseline = startNodeApp(baselineApp, home);
    warroom = startWarroom(target, ['run', runbook], home);
  }
  await warroom.waitFor(HELP_BAR, 20_000);
  await warroom.waitFor('Bench step');
  await baseline.waitFor('minimal ink app');
  return { warroom, baseline, started, home };
}

async function stopPair(pair: Pair): Promise<void> {
  await quit(pair.warroom);
  await quit(pair.baseline);
  await fs.rm(pair.home, { recursive: true, force: true });
}

/** Per-pair ratio; a baseline that used no measurable CPU counts as one tick, never a division by 0. */
function ratios(a: number[], b: number[], seconds: number): number[] {
  const oneTick = 100 / TICKS_PER_S / seconds;
  return a.map((value, i) => value / Math.max(b[i]!, oneTick));
}

export async function run({ target, self }: BenchContext): Promise<BenchResult[]> {
  const baselines = await buildBaselines(self);
  const first: { a: Ticks; b: Ticks }[] = [];
  let last: Pair | null = null;
  try {
    for (let i = 0; i < STARTS; i++) {
      if (last) await stopPair(last);
      last = null;
      const pair = await startPair(target, baselines.keys, i);
      last = pair;
      await sleep(SETTLE_S * 1000);
      const [a, b] = await cpuOver([pair.warroom.pid, pair.baseline.pid], FIRST_S);
      first.push({ a: a!, b: b! });
    }
    const pair = last!;
    await sleep(Math.max(0, STEADY_AFTER_S * 1000 - (performance.now() - pair.started)));
    const [steadyA, steadyB] = await cpuOver([pair.warroom.pid, pair.baseline.pid], STEADY_S);
    const figure = (name: string, a: number[], b: number[], seconds: number, goal?: string): BenchResult => ({
      name,
      unit: '% of a core',
      value: stats(a),
      baseline: { name: 'minimal Ink app, clock ticking', value: stats(b) },
      ratio: stats(ratios(a, b, seconds)),
      ...(goal ? { goal } : {}),
    });
    const span = `${SETTLE_S}–${SETTLE_S + FIRST_S} s after start`;
    return [
      figure(`dashboard: CPU while idle (clock ticking), ${span}`, first.map((f) => f.a.all), first.map((f) => f.b.all), FIRST_S, '< 1 %'),
      figure(`dashboard: the same, main thread only (ours, React, Ink)`, first.map((f) => f.a.main), first.map((f) => f.b.main), FIRST_S),
      figure(`dashboard: CPU while idle (clock ticking), steady (${STEADY_AFTER_S}–${STEADY_AFTER_S + STEADY_S} s)`, [steadyA!.all], [steadyB!.all], STEADY_S, '< 1 %'),
      figure('dashboard: the same, main thread only', [steadyA!.main], [steadyB!.main], STEADY_S),
    ];
  } finally {
    if (last) await stopPair(last);
  }
}
