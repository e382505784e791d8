// After a crash, and when leaving with a command running: resume finds a dead warroom's command
// still running on this host and offers to stop it or keep watching it; leaving asks whether to
// stop the command (and records that) or wait for it; a killed warroom still a zombie does not
// hold the incident. Every wait is for the screen or the journal, never a fixed sleep.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { survivors, uniqueSleep, until } from '../helpers/process-survivors.ts';
import { startPty, warroomBin, type PtySession } from '../helpers/pty.ts';
import type { IncidentEvent } from '../../src/core/incident/events.ts';

let home: string;
const SLOW = 30_000;
const HELP_BAR = /\? help\s*$/m;
const env = () => ({ WARROOM_HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' });

async function incidentDir(): Promise<string> {
  const ids = await fs.readdir(path.join(home, 'incidents'));
  return path.join(home, 'incidents', ids.find((id) => !id.startsWith('.'))!);
}

async function journal(): Promise<IncidentEvent[]> {
  const text = await fs.readFile(path.join(await incidentDir(), 'journal.jsonl'), 'utf8').catch(() => '');
  return text.trim().split('\n').slice(1).flatMap((l) => {
    try {
      return [JSON.parse(l) as IncidentEvent];
    } catch {
      return [];
    }
  });
}

const has = (type: IncidentEvent['type']) => async () => (await journal()).some((e) => e.type === type);

async function runbook(first: string, second = 'echo after-$((1 + 1))'): Promise<string> {
  const file = path.join(home, 'crash.md');
  const block = (title: string, script: string) => [`- [ ] ${title}`, '  ```bash {risk=read}', `  ${script}`, '  ```'];
  await fs.writeFile(file, ['# Crash Runbook', '', '## Mitigation', '', ...block('Long one', first), ...block('Check after', second), ''].join('\n'));
  return file;
}

async function runFirst(pty: PtySession): Promise<void> {
  await pty.waitFor(HELP_BAR, SLOW);
  pty.write('\r');
  await pty.waitFor(/Run it\? enter\/y runs/, SLOW);
  pty.write('\r');
  await until(has('command.started'), 'command.started', SLOW);
}

function killLeft(marker: string): void {
  for (const line of survivors(marker)) {
    try {
      process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    } catch {
      // gone
    }
  }
}

describe('crashes and leaving with a command running', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  beforeEach(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-crash-'));
  });
  afterEach(async () => {
    await fs.rm(home, { recursive: true, force: true });
  });

  it('SIGKILL mid-command, the command lives on: resume says so, stops it on request, records it, runs the next', async () => {
    const marker = uniqueSleep();
    const pty = startPty(['run', await runbook(`echo running-$((6 * 7)); sleep ${marker}`)], { env: env(), cols: 100, rows: 30 });
    try {
      await runFirst(pty);
      await pty.waitFor(/running-42/, SLOW);
      pty.kill('SIGKILL');
      await pty.exited;
      expect(survivors(marker).length).toBeGreaterThan(0); // nobody could stop it
      const again = startPty(['resume'], { env: env(), cols: 100, rows: 30 });
      await again.waitFor(/Request #\d+ is still running \(pid \d+.*from a warroom that exited/s, SLOW);
      await again.waitFor(/Keep watching it/, SLOW);
      again.write('\u001b[B'); // ↓ to "Stop it"
      await again.waitFor(/❯ Stop it/, SLOW);
      again.write('\r');
      await until(has('command.finished'), 'the stop recorded', SLOW);
      await until(() => survivors(marker).length === 0, 'no survivor', 10_000);
      const finished = (await journal()).find((e) => e.type === 'command.finished');
      expect(finished).toMatchObject({ outcome: 'unknown', cancelled: true, reason: 'stopped on resume: it outlived the warroom that started it' });
      expect(finished?.type === 'command.finished' && finished.tail).toContain('running-42');
      again.write('t');
      await again.waitFor(/unknown: stopped on resume/, SLOW);
      again.write('t');
      again.write('j');
      await again.waitFor((s) => s.split('\n').some((l) => l.startsWith('›') && l.includes('Check after')), SLOW);
      again.write('\r');
      await again.waitFor(/Run it\? enter\/y runs/, SLOW);
      again.write('\r');
      await again.waitFor(/after-2/, SLOW);
      again.write('q');
      expect((await again.exited).exitCode).toBe(0);
    } finally {
      killLeft(marker);
    }
  }, 120_000);

  it('q with a command running asks; stopping records it and leaves no survivor', async () => {
    const marker = uniqueSleep();
    const pty = startPty(['run', await runbook(`sh -c 'sleep ${marker} & sleep ${marker}'`)], { env: env(), cols: 100, rows: 30 });
    try {
      await runFirst(pty);
      await until(() => survivors(marker).length >= 2, 'the sleeps', SLOW);
      pty.write('q');
      await pty.waitFor(/A command is running \(running for \d+s\)\. Leave\?/, SLOW);
      await pty.waitFor(/❯ Stop it \(SIGTERM, then SIGKILL\), record it, and leave/, SLOW);
      expect(pty.screen()).toContain('Wait for it to finish, then leave');
      pty.write('\r');
      expect((await pty.exited).exitCode).toBe(0);
      expect(survivors(marker)).toEqual([]);
      const finished = (await journal()).find((e) => e.type === 'command.finished');
      expect(finished).toMatchObject({ cancelled: true, reason: 'stopped to leave the war room', actor: 'alice' });
    } finally {
      killLeft(marker);
    }
  }, 120_000);

  it('q, then "wait for it": leaves by itself once the command ends, with its exit recorded', async () => {
    const go = path.join(home, 'go');
    const pty = startPty(['run', await runbook(`while [ ! -e '${go}' ]; do sleep 0.05; done; echo finished-ok`)], { env: env(), cols: 100, rows: 30 });
    await runFirst(pty);
    pty.write('q');
    await pty.waitFor(/A command is running/, SLOW);
    pty.write('\u001b[B');
    await pty.waitFor(/❯ Wait for it to finish/, SLOW);
    pty.write('\r');
    await pty.waitFor(/Waiting for the command to finish \(running for \d+s\), then leaving/, SLOW);
    await fs.writeFile(go, '');
    expect((await pty.exited).exitCode).toBe(0);
    expect((await journal()).find((e) => e.type === 'command.finished')).toMatchObject({ exitCode: 0, tail: ['finished-ok'] });
  }, 120_000);

  it('a killed warroom kept as a zombie by its parent does not hold the incident: resume at once works', async () => {
    // The shell starts warroom in the background on the terminal, then becomes `sleep`, which never reaps it.
    const parent = startPty(['-c', `"${process.execPath}" "${warroomBin}" run runbooks/api-high-latency.md --dry-run </dev/tty & exec sleep 1000`], {
      file: '/bin/sh',
      env: env(),
    });
    try {
      await parent.waitFor(HELP_BAR, SLOW);
      const lock = JSON.parse(await fs.readFile(path.join(await incidentDir(), 'lock'), 'utf8')) as { pid: number };
      process.kill(lock.pid, 'SIGKILL');
      await until(async () => (await fs.readFile(`/proc/${lock.pid}/stat`, 'utf8').catch(() => '')).includes(') Z '), 'the zombie', SLOW);
      const again = startPty(['resume'], { env: env() });
      await again.waitFor(HELP_BAR, SLOW);
      expect(again.screen()).not.toMatch(/open in another warroom/);
      again.write('q');
      expect((await again.exited).exitCode).toBe(0);
    } finally {
      parent.kill('SIGKILL');
    }
  }, 120_000);
});
