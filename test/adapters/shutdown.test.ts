// Hang-up and termination with real processes: a warroom-like child runs the real runner on
// `sleep & sleep` with installShutdown; SIGHUP, SIGTERM, two SIGINTs or its stdin closing each
// stop the command's whole group within 5 s, reach onShutdown once with the reason, and the child
// exits. After a crash (SIGKILL, no shutdown at all), inspectLeftoverRun finds what is left and
// stopLeftoverRun stops it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inspectLeftoverRun, stopLeftoverRun } from '../../src/adapters/process-group.ts';
import { installShutdown, type ShutdownReason } from '../../src/adapters/shutdown.ts';
import type { RunStartInfo } from '../../src/core/command/runner-port.ts';
import { survivors, uniqueSleep, until } from '../helpers/process-survivors.ts';

const CHILD = fileURLToPath(new URL('../helpers/runner-child.ts', import.meta.url));
const GRACE_MS = 2000;

let dir: string;
const children: ChildProcessWithoutNullStreams[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'warroom-shutdown-'));
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Child {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  info: RunStartInfo;
  marker: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startChild(mode: 'plain' | 'shutdown', env: NodeJS.ProcessEnv = {}): Promise<Child> {
  const marker = uniqueSleep();
  const script = `sleep ${marker} & setsid sleep ${marker} & sleep ${marker}`;
  const log = path.join(dir, `${marker}.log`);
  const child = spawn(process.execPath, [CHILD, log, String(GRACE_MS), mode, script], { env: { ...process.env, ...env }, stdio: 'pipe' });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await until(() => /^started /m.test(out), `the child to start its command (${err})`, 20_000);
  await until(() => survivors(marker).length >= 4, 'sh and its three sleeps');
  const info = JSON.parse(/^started (.*)$/m.exec(out)?.[1] ?? '{}') as RunStartInfo;
  return { child, out: () => out, info, marker, exited };
}

describe('installShutdown in a real process', () => {
  it.each<[string, NodeJS.Signals, ShutdownReason, number]>([
    ['SIGHUP (the terminal closed)', 'SIGHUP', 'terminal closed', 129],
    ['SIGTERM', 'SIGTERM', 'warroom terminated', 143],
  ])('%s stops the whole command within 5 s, tells onShutdown why, and exits', async (_what, signal, reason, code) => {
    const { child, out, marker, exited } = await startChild('shutdown');
    const sent = Date.now();
    child.kill(signal);
    child.kill(signal); // a second one changes nothing: onShutdown runs once
    expect(await exited).toEqual({ code, signal: null });
    expect(Date.now() - sent).toBeLessThan(5000);
    expect(survivors(marker)).toEqual([]);
    const shutdowns = out().split('\n').filter((l) => l.startsWith('shutdown '));
    expect(shutdowns).toHaveLength(1);
    expect(shutdowns[0]).toMatch(new RegExp(`^shutdown ${reason} \\{.*"cancelled":true`));
  });

  it('the first SIGINT only asks; the second shuts down', async () => {
    const { child, out, marker, exited } = await startChild('shutdown');
    child.kill('SIGINT');
    await until(() => out().includes('interrupt once\n'), 'the first interrupt to be noticed');
    expect(survivors(marker).length).toBeGreaterThanOrEqual(4);
    child.kill('SIGINT');
    expect(await exited).toEqual({ code: 130, signal: null });
    expect(out()).toContain('shutdown interrupted twice {');
    expect(survivors(marker)).toEqual([]);
  });

  it('stdin ending (while something reads it) shuts down too', async () => {
    const { child, out, marker, exited } = await startChild('shutdown', { RUNNER_CHILD_READ_STDIN: '1' });
    child.stdin.end();
    expect((await exited).code).toBe(129);
    expect(out()).toContain('shutdown input closed {');
    expect(survivors(marker)).toEqual([]);
  });
});

describe('installShutdown, bounded', () => {
  it('exits after timeoutMs even when onShutdown never finishes, and calls it once', async () => {
    const calls: ShutdownReason[] = [];
    let exitCode: number | null = null;
    const exitedAt = new Promise<number>((resolve) => {
      const handle = installShutdown({
        timeoutMs: 200,
        onShutdown: (reason) => {
          calls.push(reason);
          return new Promise<void>(() => undefined);
        },
        exit: (code) => {
          exitCode = code;
          resolve(Date.now());
        },
      });
      expect(handle.reason).toBeNull();
    });
    const start = Date.now();
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGHUP', 'SIGHUP');
    expect((await exitedAt) - start).toBeGreaterThanOrEqual(190);
    expect(calls).toEqual(['warroom terminated']);
    expect(exitCode).toBe(143);
    expect(process.listenerCount('SIGTERM')).toBe(0); // removed on the way out
  });
});

describe('after a crash', () => {
  it('finds the dead warroom’s command still running, stops it, then finds nothing', async () => {
    const { child, info, marker, exited } = await startChild('plain');
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    expect(survivors(marker).length).toBe(4); // nobody stopped them: the crash left them running

    const found = await inspectLeftoverRun(info);
    expect(found.alive).toBe(true);
    expect(found.alive && found.pids.length).toBe(4);
    expect(await inspectLeftoverRun({ ...info, bootId: 'another-boot' })).toEqual({ alive: false });
    // Without the token, a group whose leader has another start time is someone else's.
    const { runToken: _token, ...noToken } = info;
    expect(await inspectLeftoverRun({ ...noToken, procStart: (info.procStart ?? 0) + 1 })).toEqual({ alive: false });

    expect(await stopLeftoverRun(info, GRACE_MS)).toBe('terminated');
    expect(survivors(marker)).toEqual([]);
    expect(await inspectLeftoverRun(info)).toEqual({ alive: false });
  });
});
