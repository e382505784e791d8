// The runner against real processes: ordering, a 100 MB flood, timeout/cancel of a whole
// process tree, exit codes, signals, a missing binary, hostile parameter values.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../src/adapters/runner.ts';
import { OutputTail } from '../../src/core/command/output-tail.ts';
import { fillParameters } from '../../src/core/command/substitute.ts';
import type { RunRequest } from '../../src/core/command/runner-port.ts';

const runner = createCommandRunner();
let dir: string;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'warroom-runner-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function request(script: string, extra: Partial<RunRequest> = {}): RunRequest {
  n += 1;
  return { script, cwd: dir, logFile: path.join(dir, 'commands', `${n}.log`), timeoutMs: 20_000, ...extra };
}

/** Living (not zombie) members of a process group, seen by ps, independently of the runner. */
function survivors(pgid: number): string[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' }).split('\n');
  return rows.filter((row) => {
    const [, group, state] = row.trim().split(/\s+/);
    return Number(group) === pgid && state !== undefined && !state.startsWith('Z');
  });
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('createCommandRunner', () => {
  it('keeps stdout and stderr in the order they were written, in the log and the tail', async () => {
    const tail = new OutputTail();
    const req = request('i=1; while [ $i -le 300 ]; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); done', { tail });
    const outcome = await runner.run(req);
    const expected = Array.from({ length: 300 }, (_, k) => `out ${k + 1}\nerr ${k + 1}\n`).join('');
    expect(outcome.exitCode).toBe(0);
    expect(await readFile(req.logFile, 'utf8')).toBe(expected);
    expect(tail.lines()).toEqual(expected.trimEnd().split('\n'));
    expect(outcome.outputBytes).toBe(Buffer.byteLength(expected));
    expect(outcome.outputSha256).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  it('streams 100 MB to the log with the right size and hash while the tail stays bounded', async () => {
    let peakTailLines = 0;
    // Reads the lines after every chunk, as a screen refreshing at once would (without the text
    // decoding of onOutput, whose 1 MB strings are garbage the RSS check would count).
    class WatchedTail extends OutputTail {
      override push(chunk: Uint8Array | string): void {
        super.push(chunk);
        peakTailLines = Math.max(peakTailLines, this.lines().length);
      }
    }
    const tail = new WatchedTail({ maxLines: 2000 });
    const before = process.resourceUsage().maxRSS;
    const req = request('yes | head -c 100000000', { tail });
    const outcome = await runner.run(req);
    // Before the checks below read the 100 MB back (their buffers would count).
    const grewKiB = process.resourceUsage().maxRSS - before;
    expect(outcome.exitCode).toBe(0);
    expect(outcome.outputBytes).toBe(100_000_000);
    expect((await stat(req.logFile)).size).toBe(100_000_000);
    expect(outcome.outputSha256).toBe(await sha256File(req.logFile));
    expect(peakTailLines).toBeLessThanOrEqual(2001);
    expect(tail.lines()).toHaveLength(2000);
    expect(tail.truncated).toBe(true);
    // Nothing held the output in memory: peak RSS grew by far less than the 100 MB printed.
    expect(grewKiB).toBeLessThan(60 * 1024);
  });

  it('on timeout kills the whole tree (sh -c "sleep 1000 & sleep 1000") within the grace period', async () => {
    const outcome = await runner.run(request('sleep 1000 & sleep 1000', { timeoutMs: 300, graceMs: 3000 }));
    expect(outcome.timedOut).toBe(true);
    expect(outcome.cancelled).toBe(false);
    expect(outcome.signal).toBe('SIGTERM');
    expect(outcome.exitCode).toBeNull();
    expect(outcome.durationMs).toBeLessThan(300 + 3000);
    expect(survivors(outcome.pid!)).toEqual([]);
  });

  it('sends SIGKILL after the grace when the tree ignores SIGTERM', async () => {
    const outcome = await runner.run(request("trap '' TERM; sleep 1000 & sleep 1000", { timeoutMs: 200, graceMs: 400 }));
    expect(outcome.timedOut).toBe(true);
    expect(outcome.signal).toBe('SIGKILL');
    expect(outcome.durationMs).toBeGreaterThanOrEqual(600);
    expect(survivors(outcome.pid!)).toEqual([]);
  });

  it('cancel (abort) kills the whole tree and is recorded as cancelled', async () => {
    const abort = new AbortController();
    let pid = 0;
    const running = runner.run(
      request('sleep 1000 & sleep 1000', { signal: abort.signal, graceMs: 3000, onStart: (p) => (pid = p) }),
    );
    await until(() => pid !== 0 && survivors(pid).length >= 3, 'sh and both sleeps');
    abort.abort();
    const outcome = await running;
    expect(outcome.cancelled).toBe(true);
    expect(outcome.timedOut).toBe(false);
    expect(outcome.signal).toBe('SIGTERM');
    expect(survivors(pid)).toEqual([]);
  });

  it('takes down what the shell left running in the background when it exits', async () => {
    const outcome = await runner.run(request('sleep 1000 & echo started', { graceMs: 2000 }));
    expect(outcome.exitCode).toBe(0);
    expect(survivors(outcome.pid!)).toEqual([]);
  });

  it('records exit codes, signals and a missing binary (127)', async () => {
    expect((await runner.run(request('exit 3'))).exitCode).toBe(3);
    const killed = await runner.run(request('kill -TERM $$'));
    expect(killed).toMatchObject({ exitCode: null, signal: 'SIGTERM', timedOut: false, cancelled: false });
    const tail = new OutputTail();
    const missing = await runner.run(request('definitely-not-a-binary-xyz --help', { tail }));
    expect(missing.exitCode).toBe(127);
    expect(missing.error).toBeNull();
    expect(tail.lines().join('\n')).toMatch(/definitely-not-a-binary-xyz: .*not found/);
  });

  it('reports a shell that cannot start as a one-line error', async () => {
    const outcome = await runner.run(request('echo hi', { cwd: path.join(dir, 'no-such-dir') }));
    expect(outcome).toMatchObject({ pid: null, exitCode: null, outputSha256: null, outputBytes: 0 });
    expect(outcome.error).toBe(`cwd not found: ${path.join(dir, 'no-such-dir')}`);
  });

  it('runs in the given cwd with the given environment and no stdin', async () => {
    const tail = new OutputTail();
    const outcome = await runner.run(request('pwd; echo "$WARROOM_TEST_VAR"; cat; echo after-cat', { env: { WARROOM_TEST_VAR: 'v1' }, tail }));
    expect(outcome.exitCode).toBe(0);
    expect(tail.lines()).toEqual([dir, 'v1', 'after-cat']);
  });

  it('hostile parameter values arrive as one argument each and nothing in them runs', async () => {
    const canary = path.join(dir, 'pwned');
    const values = {
      a: '; rm -rf ~',
      b: `$(touch ${canary})`,
      c: `\`touch ${canary}\` "double" 'single'`,
      d: 'two\nlines',
      e: '--flag=x y',
    };
    const names = Object.keys(values);
    const template = `set -- ${names.map((k) => `<${k}>`).join(' ')}; echo "$#"; for arg; do printf '[%s]\\n' "$arg"; done; echo "in quotes: <a>"`;
    const placeholders = names.map((k) => ({ name: k, raw: `<${k}>`, syntax: 'angle' as const }));
    const { script, missing } = fillParameters(template, placeholders, values);
    expect(missing).toEqual([]);
    const req = request(script);
    const outcome = await runner.run(req);
    expect(outcome.exitCode).toBe(0);
    const log = await readFile(req.logFile, 'utf8');
    expect(log).toBe(`5\n${Object.values(values).map((v) => `[${v}]\n`).join('')}in quotes: ; rm -rf ~\n`);
    expect(existsSync(canary)).toBe(false);
  });
});
