// A command printing 100 MB (`yes | head -c 100000000`) through warroom's runner, against the
// same command redirected to a file by /bin/sh, in the same run (median of 5 after a warm-up
// each). The runner's figure includes everything warroom adds: spawning in a process group,
// following the log, sha256 of all of it, and the 2,000-line tail.
// Peak RSS: a child process that does only that (bench/command-flood-child.ts), against the same
// child idle (Node plus the runner's imports), read from getrusage's maxRSS.
// Dashboard keypress latency during a flood is measured by bench/dashboard.ts, not here.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCommandRunner } from '../src/adapters/runner.ts';
import { OutputTail } from '../src/core/command/output-tail.ts';
import { median } from './measure.ts';
import type { BenchResult } from './types.ts';

const FLOOD = 'yes | head -c 100000000';
const RUNS = 5;
const here = path.dirname(fileURLToPath(import.meta.url));

function child(script: string, logFile: string): { maxRssKiB: number; durationMs: number; outputBytes: number } {
  const out = execFileSync(process.execPath, [path.join(here, 'command-flood-child.ts'), script, logFile], { encoding: 'utf8' });
  return JSON.parse(out.trim()) as { maxRssKiB: number; durationMs: number; outputBytes: number };
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warroom-bench-flood-'));
  try {
    const runner = createCommandRunner();
    // Each run writes a new file, as each command does (commands/<seq>.log): neither side pays
    // for truncating the previous run's 100 MB.
    const fresh = (name: string) => {
      const file = path.join(dir, name);
      rmSync(file, { force: true });
      return file;
    };
    const viaRunner = async () => {
      const logFile = fresh('runner.log');
      const start = performance.now();
      const outcome = await runner.run({ script: FLOOD, cwd: dir, logFile, timeoutMs: 120_000, tail: new OutputTail() });
      if (outcome.outputBytes !== 100_000_000) throw new Error(`runner logged ${outcome.outputBytes} bytes`);
      return performance.now() - start;
    };
    const viaShell = () => {
      const logFile = fresh('shell.log');
      const start = performance.now();
      const result = spawnSync('/bin/sh', ['-c', `${FLOOD} > ${logFile}`]);
      if (result.status !== 0) throw new Error(`sh exited ${result.status}`);
      return performance.now() - start;
    };
    await viaRunner();
    viaShell();
    // Interleaved, so both see the same machine load.
    const runnerTimes: number[] = [];
    const shellTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      runnerTimes.push(await viaRunner());
      shellTimes.push(viaShell());
    }
    const runnerMs = median(runnerTimes);
    const shellMs = median(shellTimes);

    const idle = child('', '/dev/null');
    const flood = child(FLOOD, path.join(dir, 'child.log'));
    if (flood.outputBytes !== 100_000_000) throw new Error(`child logged ${flood.outputBytes} bytes`);

    return [
      {
        name: 'command flood: 100 MB through the runner',
        value: runnerMs,
        unit: 'ms',
        baseline: { name: 'sh redirect to a file', value: shellMs, unit: 'ms' },
        goal: `≤ 1.3× the redirect (this run: ${(runnerMs / shellMs).toFixed(2)}×)`,
      },
      {
        name: 'command flood: peak RSS of a process running it',
        value: flood.maxRssKiB / 1024,
        unit: 'MB',
        baseline: { name: 'same process idle', value: idle.maxRssKiB / 1024, unit: 'MB' },
        goal: '< 150 MB',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
