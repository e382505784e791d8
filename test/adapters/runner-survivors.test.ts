// No survivors: cancel, timeout and a normal exit also stop what left the command's process group
// (setsid, a double fork, nohup, a child that cleared its environment), checked in /proc by a
// unique marker. And the run's identity (pgid, start ticks, boot id, token) comes with onStart.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../src/adapters/runner.ts';
import { OutputTail } from '../../src/core/command/output-tail.ts';
import type { RunRequest, RunStartInfo } from '../../src/core/command/runner-port.ts';
import { validateEvent } from '../../src/core/incident/validate-event.ts';
import { survivors, uniqueSleep, until } from '../helpers/process-survivors.ts';

const runner = createCommandRunner();
let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'warroom-survivors-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function request(script: string, extra: Partial<RunRequest> = {}): RunRequest {
  n += 1;
  return { script, cwd: dir, logFile: path.join(dir, 'commands', `${n}.log`), timeoutMs: 60_000, graceMs: 3000, ...extra };
}

/** Runs `script`, cancels it once `ready` processes carry the marker, returns the outcome. */
async function cancelWhenRunning(script: (m: string) => string, ready: number): Promise<{ marker: string; cancelled: boolean }> {
  const marker = uniqueSleep();
  const abort = new AbortController();
  const running = runner.run(request(script(marker), { signal: abort.signal }));
  await until(() => survivors(marker).length >= ready, `${ready} processes of ${script(marker)}`);
  abort.abort();
  const outcome = await running;
  return { marker, cancelled: outcome.cancelled };
}

describe('no survivors', () => {
  it.each([
    ['setsid, its own session', (m: string) => `setsid sleep ${m} & sleep ${m}`, 2],
    ['a double fork, reparented to init before the cancel', (m: string) => `(setsid sh -c 'sleep ${m}' &); sleep ${m}`, 2],
    ['nohup', (m: string) => `nohup sleep ${m} >/dev/null 2>&1 & sleep ${m}`, 2],
    ['a child with an empty environment in its own session', (m: string) => `env -i setsid sleep ${m} & sleep ${m}`, 2],
  ])('cancel stops %s', async (_what, script, ready) => {
    const { marker, cancelled } = await cancelWhenRunning(script, ready);
    expect(cancelled).toBe(true);
    expect(survivors(marker)).toEqual([]);
  });

  it('a timeout stops a daemon that escaped, and so does the shell exiting normally', async () => {
    const marker = uniqueSleep();
    const timedOut = await runner.run(request(`(setsid sh -c 'sleep ${marker}' &); sleep ${marker}`, { timeoutMs: 500 }));
    expect(timedOut.timedOut).toBe(true);
    expect(survivors(marker)).toEqual([]);

    // Ten times: the escaped child may be caught between its setsid() and its exec of sleep,
    // when /proc shows it no environment (and so no run token) for a moment.
    for (let i = 0; i < 10; i++) {
      const left = uniqueSleep();
      const exited = await runner.run(request(`setsid sleep ${left} & echo started`));
      expect(exited.exitCode).toBe(0);
      expect(survivors(left)).toEqual([]);
    }
  });

  it('SIGKILLs what ignores SIGTERM after the grace, also outside the group', async () => {
    const marker = uniqueSleep();
    const abort = new AbortController();
    const running = runner.run(request(`setsid sh -c "trap '' TERM; sleep ${marker}; sleep ${marker}" & sleep ${marker}`, { signal: abort.signal, graceMs: 400 }));
    await until(() => survivors(marker).length >= 3, 'the trap shell and both sleeps');
    abort.abort();
    await running;
    expect(survivors(marker)).toEqual([]);
  });
});

describe('what onStart reports', () => {
  it('the shell pid as pgid, its start ticks, the boot id and the token its processes carry', async () => {
    let info: RunStartInfo | null = null;
    let environ = '';
    const outcome = await runner.run(
      request('sleep 0.2; cat /proc/$$/environ | tr "\\0" "\\n" | grep WARROOM_RUN', {
        onStart: (pid, i) => {
          info = i;
          environ = `${pid}`;
        },
        tail: new OutputTail(),
      }),
    );
    const started = info as RunStartInfo | null;
    expect(started).not.toBeNull();
    expect(started?.pgid).toBe(outcome.pid);
    expect(environ).toBe(String(outcome.pid));
    expect(started?.bootId).toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
    expect(started?.procStart).toEqual(expect.any(Number));
    expect(started?.runToken).toMatch(/^[0-9a-f]{24}$/);
    // The fields journal as they are: command.started accepts them (and still accepts none).
    const event = { type: 'command.started', seq: 3, at: '2026-11-26T10:00:00.000Z', actor: 'a', requestSeq: 2, pid: outcome.pid, cwd: dir, script: 'x', kubeContext: null, outputFile: 'commands/2.log' };
    expect(validateEvent({ ...event, ...started })).toBeNull();
    expect(validateEvent(event)).toBeNull();
    expect(validateEvent({ ...event, procStart: -1 })).toMatch(/procStart must be a non-negative integer/);
  });
});

describe('output and the log', () => {
  it('20 MB of /dev/urandom: the tail holds no escape but colour, no control but tab, and bounded lines', async () => {
    const tail = new OutputTail({ maxLines: 2000, maxLineLength: 4000 });
    const req = request('head -c 20000000 /dev/urandom', { tail });
    const outcome = await runner.run(req);
    expect(outcome.outputBytes).toBe(20_000_000);
    const lines = tail.lines();
    expect(lines.length).toBeGreaterThan(1000);
    for (const line of lines) {
      // eslint-disable-next-line no-control-regex
      expect(line.replace(/\x1b\[[0-9;:]*m/g, '')).not.toMatch(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/);
      expect(line.length).toBeLessThanOrEqual(4001);
    }
    expect(lines.join('')).toContain('\ufffd'); // invalid UTF-8 shows as the replacement character
  });

  it('keeps the raw log private: mode 0600 in a 0700 folder', async () => {
    const req = request('echo AWS_SECRET_ACCESS_KEY=raw-stays-raw');
    await runner.run(req);
    expect((await stat(req.logFile)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(req.logFile))).mode & 0o777).toBe(0o700);
    expect(readFileSync(req.logFile, 'utf8')).toBe('AWS_SECRET_ACCESS_KEY=raw-stays-raw\n');
  });
});
