// Small timing helpers shared by the benchmark modules.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** Median wall time in ms of running a command to completion, after one warm-up run. */
export function timeCommand(command: string, args: string[], runs = 7, env: NodeJS.ProcessEnv = process.env): number {
  spawnSync(command, args, { stdio: 'ignore', env });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(command, args, { stdio: 'ignore', env });
    times.push(performance.now() - start);
    if (result.status !== 0 && result.status !== 1) {
      throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
    }
  }
  return median(times);
}
