// A command printing 100 MB through warroom's runner, against the same command redirected to a
// file by /bin/sh; and the memory of a process running it, read from outside.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { alternate, compared } from './measure.ts';
import type { BenchContext, BenchResult } from './types.ts';
import type * as OutputTailModule from '../src/core/command/output-tail.ts';
import type * as LogFollowerModule from '../src/adapters/log-follower.ts';
import type * as RunnerModule from '../src/adapters/runner.ts';
import { targetModule } from './target.ts';

const FLOOD = 'yes | head -c 100000000';
const RUNS = 5;
const RSS_RUNS = 3;
const SETTLE_MS = 2000;

export const how =
  `\`${FLOOD}\` through the runner (spawn in its own process group, output straight to the log, ` +
  'followed with sha256 and the 2,000-line screen tail in the same pass, the no-survivor check at ' +
  `the end) against \`sh -c '… > file'\`, ${RUNS} alternated runs, each to a new file; and against ` +
  'the same redirect while `tail -c +1 -f` follows the file (the cost any follower puts on the ' +
  "writer here), and while the runner's own follower (src/adapters/log-follower.ts) reads every " +
  'byte and does nothing with it (no hash, no tail: what following alone costs, in this process). The CPU ' +
  "(user + system, all threads) the runner's own process spent on each run, against reading the " +
  'finished log with readFileSync and hashing it: the least any hashing follower costs; on a busy ' +
  'two-core machine that CPU is what slows the command down. Memory: a ' +
  'child process that loads the runner and runs the same command; its VmRSS (from ' +
  '/proc/<pid>/status) before the command, its VmHWM (peak) when the command ended, and its VmRSS ' +
  `${SETTLE_MS / 1000} s later; ${RSS_RUNS} children.`;

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no ${field} for ${pid}`);
  return Number(match[1]) / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One child: RSS before, peak, and after the flood, in MB. */
async function memoryRun(context: BenchContext, logFile: string): Promise<{ idle: number; peak: number; after: number }> {
  const child = spawn(process.execPath, [path.join(context.self, 'bench/command-flood-child.ts'), context.target, FLOOD, logFile], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const next = () => new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`flood child exited ${code}`)));
  });
  try {
    if ((await next()) !== 'ready') throw new Error('flood child did not start');
    await sleep(500); // let start-up garbage be collected the way it would in a quiet process
    const idle = status(child.pid!, 'VmRSS');
    const finished = next();
    child.stdin.write('go\n');
    const done = await finished;
    if (done !== 'done 100000000') throw new Error(`flood child said ${done}`);
    const peak = status(child.pid!, 'VmHWM');
    await sleep(SETTLE_MS);
    const after = status(child.pid!, 'VmRSS');
    return { idle, peak, after };
  } finally {
    child.stdin.end();
    child.kill('SIGKILL');
  }
}

export async function run(context: BenchContext): Promise<BenchResult[]> {
  const { createCommandRunner } = await targetModule<typeof RunnerModule>(context.target, 'src/adapters/runner.ts');
  const { OutputTail } = await targetModule<typeof OutputTailModule>(context.target, 'src/core/command/output-tail.ts');
  const { followLog } = await targetModule<typeof LogFollowerModule>(context.target, 'src/adapters/log-follower.ts');
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
    const cpu: { a: number[]; b: number[] } = { a: [], b: [] };
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    const viaRunner = async () => {
      const logFile = fresh('runner.log');
      const start = performance.now();
      const before = process.cpuUsage();
      const outcome = await runner.run({ script: FLOOD, cwd: dir, logFile, timeoutMs: 120_000, tail: new OutputTail() });
      const ms = performance.now() - start;
      cpu.a.push(cpuMs(before));
      if (outcome.outputBytes !== 100_000_000) throw new Error(`runner logged ${outcome.outputBytes} bytes`);
      // The floor for this process: reading the finished log once and hashing it.
      const floor = process.cpuUsage();
      createHash('sha256').update(readFileSync(logFile)).digest('hex');
      cpu.b.push(cpuMs(floor));
      return ms;
    };
    const viaShell = () => {
      const logFile = fresh('shell.log');
      const start = performance.now();
      const result = spawnSync('/bin/sh', ['-c', `${FLOOD} > ${logFile}`]);
      if (result.status !== 0) throw new Error(`sh exited ${result.status}`);
      return performance.now() - start;
    };
    // The same redirect while `tail -f` (coreutils, in C) follows the file: what following a
    // file that is being written costs the writer on this machine, whoever follows it.
    const viaShellFollowed = async () => {
      const logFile = fresh('followed.log');
      writeFileSync(logFile, '');
      const tail = spawn('tail', ['-c', '+1', '-f', logFile], { stdio: 'ignore' });
      await new Promise<void>((resolve, reject) => {
        tail.once('spawn', resolve);
        tail.once('error', reject);
      });
      const start = performance.now();
      const result = spawnSync('/bin/sh', ['-c', `${FLOOD} >> ${logFile}`]);
      const ms = performance.now() - start;
      tail.kill();
      if (result.status !== 0) throw new Error(`sh exited ${result.status}`);
      return ms;
    };
    // The same redirect while the runner's follower reads the file and drops the bytes: the part
    // of the runner's time that is following a file being written, before any hashing.
    const viaShellFollowedBare = async () => {
      const logFile = fresh('bare.log');
      writeFileSync(logFile, '');
      const follower = await followLog(logFile, () => {});
      const start = performance.now();
      const child = spawn('/bin/sh', ['-c', `${FLOOD} >> ${logFile}`], { stdio: 'ignore' });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      const bytes = await follower.finish();
      const ms = performance.now() - start;
      if (code !== 0) throw new Error(`sh exited ${code}`);
      if (bytes !== 100_000_000) throw new Error(`the follower read ${bytes} bytes`);
      return ms;
    };
    const speed = await alternate(RUNS, viaRunner, viaShell);
    const bare = await alternate(RUNS, viaShellFollowedBare, viaShell);
    const followed = await alternate(RUNS, viaRunner, viaShellFollowed);
    cpu.a.shift(); // the warm-up run
    cpu.b.shift();
    rmSync(path.join(dir, 'runner.log'), { force: true });
    rmSync(path.join(dir, 'shell.log'), { force: true });
    rmSync(path.join(dir, 'followed.log'), { force: true });
    rmSync(path.join(dir, 'bare.log'), { force: true });

    const memory: { idle: number; peak: number; after: number }[] = [];
    for (let i = 0; i < RSS_RUNS; i++) memory.push(await memoryRun(context, fresh('child.log')));
    const idle = memory.map((m) => m.idle);
    return [
      compared('command flood: 100 MB through the runner', 'ms', speed, 'sh redirect to a file', '≤ 1.2×'),
      compared("command flood: the redirect followed by the runner's follower, bytes unused (no hash, no tail)", 'ms', bare, 'sh redirect to a file'),
      compared('command flood: the same, against the redirect followed by tail -f', 'ms', followed, 'sh redirect, `tail -c +1 -f` following the file'),
      compared("command flood: CPU of the runner's process for it", 'ms', cpu, 'reading the log once and hashing it'),
      compared('command flood: peak RSS of a process running it', 'MB', { a: memory.map((m) => m.peak), b: idle }, 'same process before', '< 150 MB'),
      compared(`command flood: RSS ${SETTLE_MS / 1000} s after it ended`, 'MB', { a: memory.map((m) => m.after), b: idle }, 'same process before', 'back to idle'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
