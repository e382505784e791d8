// Key press → frame on a 500-step runbook, against the smallest Ink app doing the same thing, in
// the same pseudo-terminal conditions at the same time. (Idle CPU: bench/dashboard-idle.ts.)
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PtySession } from '../test/helpers/pty.ts';
import { latencyStats, single, startBusyLoop } from './measure.ts';
import {
  buildBaselines,
  floodRunbook,
  HELP_BAR,
  linesPerSecondScript,
  pressToFrame,
  quit,
  startFirstCommand,
  startNodeApp,
  startWarroom,
} from './pty-apps.ts';
import type { BenchContext, BenchResult } from './types.ts';

const STEPS = 500;
const GAP_MS = 10;

export const how =
  `a generated ${STEPS}-step runbook in an 80×24 pseudo-terminal; a key press (j and k in turn) is ` +
  'timed from the write to the first output that draws the moved `›` cursor, presses alternated ' +
  'one by one with a bundled Ink app that moves a `›` over 20 rows and ticks a clock (the ' +
  `baseline), ${GAP_MS} ms after each frame. Four conditions: no load added by the bench; a second process ` +
  'spinning on the other core (a busy-loop child); a runbook command printing ~50,000 lines/s ' +
  '(1,000 every 20 ms) through the command flow; both. The ratio is p99 over the baseline p99.';

async function latencies(warroom: PtySession, baseline: PtySession, presses: number): Promise<{ a: number[]; b: number[] }> {
  const a: number[] = [];
  const b: number[] = [];
  const gap = () => new Promise((resolve) => setTimeout(resolve, GAP_MS));
  for (let i = 0; i < presses; i++) {
    const key = i % 2 === 0 ? 'j' : 'k';
    if (i % 2 === 0) {
      a.push(await pressToFrame(warroom, key));
      await gap();
      b.push(await pressToFrame(baseline, key));
    } else {
      b.push(await pressToFrame(baseline, key));
      await gap();
      a.push(await pressToFrame(warroom, key));
    }
    await gap();
  }
  return { a, b };
}

function latencyResult(condition: string, samples: { a: number[]; b: number[] }): BenchResult {
  const value = latencyStats(samples.a);
  const base = latencyStats(samples.b);
  return {
    name: `dashboard: key → frame, ${STEPS} steps, ${condition}`,
    unit: 'ms',
    value,
    baseline: { name: 'minimal Ink app', value: base },
    ratio: single((value.p99 ?? 0) / (base.p99 ?? 1)),
    goal: 'p99 < 16 ms',
  };
}

export async function run({ target, self, presses }: BenchContext): Promise<BenchResult[]> {
  const baselines = await buildBaselines(self);
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-bench-keys-'));
  let warroom: PtySession | null = null;
  let baseline: PtySession | null = null;
  let stopBusy: (() => Promise<void>) | null = null;
  try {
    const flood = await linesPerSecondScript(home, 600);
    const runbook = await floodRunbook(home, STEPS, `${process.execPath} ${flood}`);
    warroom = startWarroom(target, ['run', runbook], home);
    baseline = startNodeApp(baselines.keys, home);
    await warroom.waitFor(HELP_BAR, 20_000);
    await warroom.waitFor('Bench step');
    await baseline.waitFor('minimal ink app');

    const results: BenchResult[] = [];
    results.push(latencyResult('no added load', await latencies(warroom, baseline, presses)));
    stopBusy = startBusyLoop();
    results.push(latencyResult('busy-loop child on the other core', await latencies(warroom, baseline, presses)));
    await stopBusy();
    stopBusy = null;

    await startFirstCommand(warroom, /flood output line/);
    results.push(latencyResult('during ~50k lines/s of output', await latencies(warroom, baseline, presses)));
    stopBusy = startBusyLoop();
    results.push(latencyResult('~50k lines/s of output and a busy-loop child', await latencies(warroom, baseline, presses)));
    await stopBusy();
    stopBusy = null;
    warroom.write('c');
    await warroom.waitFor(/cancelled/, 15_000);
    return results;
  } finally {
    await stopBusy?.();
    if (warroom) await quit(warroom);
    if (baseline) await quit(baseline);
    await fs.rm(home, { recursive: true, force: true });
  }
}
