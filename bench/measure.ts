// Timing helpers shared by the benchmark modules. Every comparison runs its two sides
// alternately (A B, then B A, ...), so a burst of load from another process lands on both.
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { BenchResult, Stats } from './types.ts';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export function stats(values: readonly number[]): Stats {
  if (values.length === 0) throw new Error('no samples');
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/** p50 (as median), p99, min and max of many samples, e.g. 1,000 key presses. */
export function latencyStats(values: readonly number[]): Stats {
  return { ...stats(values), p99: percentile(values, 99) };
}

export function single(value: number): Stats {
  return { median: value, min: value, max: value, n: 1 };
}

/**
 * Runs `a` and `b` `runs` times each, alternating which goes first, after one warm-up of each
 * (disk cache, compile cache, JIT). Returns the samples in pair order.
 */
export async function alternate(
  runs: number,
  a: () => Promise<number> | number,
  b: () => Promise<number> | number,
): Promise<{ a: number[]; b: number[] }> {
  await a();
  await b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      as.push(await a());
      bs.push(await b());
    } else {
      bs.push(await b());
      as.push(await a());
    }
  }
  return { a: as, b: bs };
}

/** A figure from alternated samples: both medians with min–max, and the per-pair ratio. */
export function compared(
  name: string,
  unit: string,
  samples: { a: number[]; b: number[] },
  baselineName: string,
  goal?: string,
): BenchResult {
  const ratios = samples.a.map((a, i) => a / samples.b[i]!);
  return {
    name,
    unit,
    value: stats(samples.a),
    baseline: { name: baselineName, value: stats(samples.b) },
    ratio: stats(ratios),
    ...(goal !== undefined ? { goal } : {}),
  };
}

/** Wall time in ms of running a command to completion (its output discarded). */
export function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): number {
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: 'ignore', env, ...(cwd ? { cwd } : {}) });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}`);
  return ms;
}

/**
 * A second process that keeps one core busy (a tight loop), so figures "under load" hold on a
 * busy laptop, not only on an idle machine. Returns a function that stops it.
 */
export function startBusyLoop(): () => Promise<void> {
  const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  };
}

/** Resolves once `check` holds, polling every `everyMs`; rejects after `timeoutMs`. */
export async function waitUntil(check: () => boolean, timeoutMs: number, what: string, everyMs = 20): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
