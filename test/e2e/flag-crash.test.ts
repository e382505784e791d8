// A feature flag toggle outlives a killed warroom: its command (the configured flags.command) is
// journaled with its process identity as it starts, so resume finds it still running, says so,
// and stops it on request; the flag's outcome stays unknown and the room can run again at once.
// And q while a toggle runs asks, like a command: stopping it records it and leaves no process.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { survivors, uniqueSleep, until } from '../helpers/process-survivors.ts';
import { startPty } from '../helpers/pty.ts';
import type { IncidentEvent } from '../../src/core/incident/events.ts';

let home: string;
const SLOW = 30_000;
const env = () => ({ WARROOM_HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' });

async function journal(): Promise<IncidentEvent[]> {
  const ids = await fs.readdir(path.join(home, 'incidents'));
  const dir = path.join(home, 'incidents', ids.find((id) => !id.startsWith('.'))!);
  const text = await fs.readFile(path.join(dir, 'journal.jsonl'), 'utf8').catch(() => '');
  return text.trim().split('\n').slice(1).flatMap((l) => {
    try {
      return [JSON.parse(l) as IncidentEvent];
    } catch {
      return [];
    }
  });
}

beforeAll(() => ensureBuilt(), 120_000);
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-flagcrash-'));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

it('SIGKILL mid-toggle: resume finds the toggle command alive, stops it, records the flag as unknown, runs the next', async () => {
  const marker = uniqueSleep();
  // The toggle prints, then hangs (a flag tool waiting on a slow API).
  await fs.writeFile(path.join(home, 'config.json'), JSON.stringify({ flags: { command: `sh -c 'echo toggling {flag}; sleep ${marker}'` } }));
  const runbook = path.join(home, 'flag.md');
  await fs.writeFile(runbook, ['# Flag Runbook', '', '## Mitigation', '', '- **Enable Circuit Breaker**:', '  toggle feature flag `circuit_breaker` to `true`', '- [ ] Check after', '  ```bash {risk=read}', '  echo after-$((1 + 1))', '  ```', ''].join('\n'));
  const pty = startPty(['run', runbook], { env: env(), cols: 100, rows: 30 });
  try {
    await pty.waitFor(/\? help\s*$/m, SLOW);
    pty.write('\r');
    await pty.waitFor(/Run it\?|y changes|y sets|\by\b.*circuit_breaker/, SLOW);
    pty.write('y');
    await until(async () => (await journal()).some((e) => e.type === 'flag.started'), 'flag.started', SLOW);
    await until(() => survivors(`sleep ${marker}`).length > 0, 'the toggle running', SLOW);
    const started = (await journal()).find((e) => e.type === 'flag.started');
    expect(started).toMatchObject({ pid: expect.any(Number), pgid: expect.any(Number), runToken: expect.any(String) });
    pty.kill('SIGKILL');
    await pty.exited;
    expect(survivors(`sleep ${marker}`).length).toBeGreaterThan(0); // nobody could stop it

    const again = startPty(['resume'], { env: env(), cols: 100, rows: 30 });
    await again.waitFor(/Request #\d+, a feature flag change, is still running \(pid \d+/, SLOW);
    expect(again.screen()).toContain(`sleep ${marker}`);
    again.write('\u001b[B'); // ↓ to "Stop it"
    await again.waitFor(/❯ Stop it/, SLOW);
    again.write('\r');
    await until(async () => (await journal()).some((e) => e.type === 'flag.finished'), 'the stop recorded', SLOW);
    await until(() => survivors(`sleep ${marker}`).length === 0, 'no survivor', 10_000);
    const finished = (await journal()).find((e) => e.type === 'flag.finished');
    expect(finished).toMatchObject({ ok: false, outcome: 'unknown', actor: 'system' });
    expect((finished as { detail: string }).detail).toMatch(/stopped on resume.*check the flag's value/);
    // The room is not blocked: the next step's command runs.
    again.write('j');
    await again.waitFor((s) => s.split('\n').some((l) => l.startsWith('›') && l.includes('Check after')), SLOW);
    again.write('\r');
    await again.waitFor(/Run it\? enter\/y runs/, SLOW);
    again.write('\r');
    await again.waitFor(/after-2/, SLOW);
    again.write('q');
    expect((await again.exited).exitCode).toBe(0);
  } finally {
    for (const line of survivors(`sleep ${marker}`)) {
      try {
        process.kill(Number(line.split(' ')[0]), 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}, 120_000);

it('q while a flag toggle runs asks first; stopping records it and leaves no survivor', async () => {
  const marker = uniqueSleep();
  await fs.writeFile(path.join(home, 'config.json'), JSON.stringify({ flags: { command: `sh -c 'echo toggling {flag}; sleep ${marker}'` } }));
  const runbook = path.join(home, 'flag.md');
  await fs.writeFile(runbook, ['# Flag Runbook', '', '## Mitigation', '', '- **Enable Circuit Breaker**:', '  toggle feature flag `circuit_breaker` to `true`', ''].join('\n'));
  const pty = startPty(['run', runbook], { env: env(), cols: 100, rows: 30 });
  try {
    await pty.waitFor(/\? help\s*$/m, SLOW);
    pty.write('\r');
    await pty.waitFor(/Run it\?/, SLOW);
    pty.write('y');
    await until(() => survivors(`sleep ${marker}`).length > 0, 'the toggle running', SLOW);
    await pty.waitFor(/changing flag circuit_breaker → true…/, SLOW);
    pty.write('q');
    await pty.waitFor(/A flag change is running \(running for \d+s\)\. Leave\?/, SLOW);
    await pty.waitFor(/❯ Stop it \(SIGTERM, then SIGKILL\), record it, and leave/, SLOW);
    pty.write('\r');
    expect((await pty.exited).exitCode).toBe(0);
    expect(survivors(`sleep ${marker}`)).toEqual([]);
    const finished = (await journal()).find((e) => e.type === 'flag.finished');
    expect(finished).toMatchObject({ ok: false, actor: 'alice' });
    expect((finished as { detail: string }).detail).toMatch(/^stopped \(.*\): check the flag's value$/);
  } finally {
    for (const line of survivors(`sleep ${marker}`)) {
      try {
        process.kill(Number(line.split(' ')[0]), 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}, 120_000);
