// Closing the terminal (SIGHUP), SIGTERM and stdin going away while a command runs: warroom
// stops the command's whole process tree, journals how it ended and why, and exits. A command
// marked detach=true is the one that may outlive it, on purpose.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { survivors, uniqueSleep, until } from '../helpers/process-survivors.ts';
import { startPty } from '../helpers/pty.ts';
import type { IncidentEvent } from '../../src/core/incident/events.ts';

let home: string;
const SLOW = 30_000;
const HELP_BAR = /\? help\s*$/m;
const env = () => ({ WARROOM_HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' });

async function journal(): Promise<IncidentEvent[]> {
  const ids = (await fs.readdir(path.join(home, 'incidents')).catch(() => [] as string[])).filter((n) => !n.startsWith('.'));
  if (ids.length !== 1) return [];
  const text = await fs.readFile(path.join(home, 'incidents', ids[0]!, 'journal.jsonl'), 'utf8');
  return text.trim().split('\n').slice(1).flatMap((l) => {
    try {
      return [JSON.parse(l) as IncidentEvent];
    } catch {
      return [];
    }
  });
}

async function runbookWith(script: string, fence = 'bash {risk=read}'): Promise<string> {
  const file = path.join(home, 'hang-up.md');
  await fs.writeFile(file, ['# Hang-up Runbook', '', '## Mitigation', '', '- [ ] Long one', `  \`\`\`${fence}`, `  ${script}`, '  ```', ''].join('\n'));
  return file;
}

/** Opens the runbook, runs its command, and resolves once command.started is in the journal. */
async function startCommand(runbook: string) {
  const pty = startPty(['run', runbook], { env: env(), cols: 100, rows: 30 });
  await pty.waitFor(HELP_BAR, SLOW);
  pty.write('\r');
  await pty.waitFor(/Run it\? enter\/y runs/, SLOW);
  pty.write('\r');
  await until(async () => (await journal()).some((e) => e.type === 'command.started'), 'command.started', SLOW);
  return pty;
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

describe('hang-up and termination with a command running', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  beforeEach(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-hangup-'));
  });
  afterEach(async () => {
    await fs.rm(home, { recursive: true, force: true });
  });

  it('SIGHUP: no process of the command survives 5 s, and the journal says "terminal closed"', async () => {
    const marker = uniqueSleep();
    const pty = await startCommand(await runbookWith(`sh -c 'sleep ${marker} & sleep ${marker}'`));
    try {
      await until(() => survivors(marker).length >= 2, 'both sleeps running', SLOW);
      pty.kill('SIGHUP');
      const { exitCode } = await pty.exited;
      expect(exitCode).toBe(129);
      await until(() => survivors(marker).length === 0, 'no survivor within 5 s', 5000);
      const finished = (await journal()).find((e) => e.type === 'command.finished');
      expect(finished).toMatchObject({ cancelled: true, reason: 'terminal closed', actor: 'alice' });
      const started = (await journal()).find((e) => e.type === 'command.started');
      expect(started).toMatchObject({ pgid: expect.any(Number), runToken: expect.any(String) });
    } finally {
      killLeft(marker);
    }
  }, 120_000);

  it('SIGTERM: recorded as "warroom terminated", with the output so far', async () => {
    const marker = uniqueSleep();
    const pty = await startCommand(await runbookWith(`echo before-$((20 + 1)); sleep ${marker}`));
    try {
      await pty.waitFor(/before-21/, SLOW);
      pty.kill('SIGTERM');
      expect((await pty.exited).exitCode).toBe(143);
      expect(pty.onAlternateScreen()).toBe(false);
      await until(() => survivors(marker).length === 0, 'no survivor', 5000);
      const finished = (await journal()).find((e) => e.type === 'command.finished');
      expect(finished).toMatchObject({ cancelled: true, reason: 'warroom terminated', tail: ['before-21'] });
    } finally {
      killLeft(marker);
    }
  }, 120_000);

  it('SIGINT twice (signals, not keys): the first warns, the second stops the command and records it', async () => {
    const marker = uniqueSleep();
    const pty = await startCommand(await runbookWith(`sleep ${marker}`));
    try {
      await until(() => survivors(marker).length > 0, 'the sleep', SLOW);
      pty.kill('SIGINT');
      await pty.waitFor(/interrupted: once more leaves/, SLOW);
      expect((await journal()).some((e) => e.type === 'command.finished')).toBe(false);
      pty.kill('SIGINT');
      expect((await pty.exited).exitCode).toBe(130);
      await until(() => survivors(marker).length === 0, 'no survivor', 5000);
      expect((await journal()).find((e) => e.type === 'command.finished')).toMatchObject({ cancelled: true, reason: 'interrupted twice' });
    } finally {
      killLeft(marker);
    }
  }, 120_000);

  it('detach=true: the dialog says it outlives warroom, and a hang-up leaves it running', async () => {
    const marker = uniqueSleep();
    const runbook = await runbookWith(`sleep ${marker}`, 'bash {risk=read detach=true}');
    const pty = startPty(['run', runbook], { env: env(), cols: 100, rows: 30 });
    try {
      await pty.waitFor(HELP_BAR, SLOW);
      pty.write('\r');
      await pty.waitFor(/detach=true: it keeps running after warroom exits/, SLOW);
      pty.write('\r');
      await until(async () => (await journal()).some((e) => e.type === 'command.started'), 'command.started', SLOW);
      pty.kill('SIGHUP');
      await pty.exited;
      expect(survivors(marker).some((p) => p.includes(`sleep ${marker}`))).toBe(true);
      expect((await journal()).some((e) => e.type === 'command.finished')).toBe(false);
    } finally {
      killLeft(marker);
    }
  }, 120_000);

  it('detach=true and q: "leave it running" exits at once, the command lives on, nothing holds the terminal', async () => {
    const marker = uniqueSleep();
    const pty = await startCommand(await runbookWith(`sleep ${marker}`, 'bash {risk=read detach=true}'));
    try {
      await until(() => survivors(marker).length > 0, 'the sleep', SLOW);
      pty.write('q');
      await pty.waitFor(/A command is running/, SLOW);
      pty.write('\u001b[B\u001b[B');
      await pty.waitFor(/❯ Leave it running \(detach=true\) and leave now/, SLOW);
      pty.write('\r');
      expect((await pty.exited).exitCode).toBe(0);
      expect(pty.screen()).toMatch(/Left running on purpose \(detach=true\): request #\d+/);
      expect(survivors(marker).some((p) => p.includes(`sleep ${marker}`))).toBe(true);
      expect((await journal()).some((e) => e.type === 'command.finished')).toBe(false);
    } finally {
      killLeft(marker);
    }
  }, 120_000);
});
