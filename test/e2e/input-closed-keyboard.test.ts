// stdin closing while a command runs, while warroom's screen stays: warroom draws on one
// pseudo-terminal (its controlling terminal) and reads keys from a second one, which is not its
// controlling terminal. Closing that second terminal's master ends warroom's input (the read fails
// with EIO or ends) without a hang-up signal reaching warroom: the kernel sends SIGHUP only to the
// session that terminal controls, which is not warroom's. So the reason journaled can only come
// from stdin closing. (input-closed.test.ts closes warroom's one terminal under `setsid`: screen
// and keys go together there.) Asserted: no process of the command's group survives,
// command.finished says "input closed", and warroom exited.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn as spawnPty } from '@lydell/node-pty';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { survivors, uniqueSleep, until } from '../helpers/process-survivors.ts';
import { repoRoot, startPty, warroomBin } from '../helpers/pty.ts';
import type { IncidentEvent } from '../../src/core/incident/events.ts';

let home: string;
const SLOW = 30_000;
const HELP_BAR = /\? help\s*$/m;

async function journal(): Promise<IncidentEvent[]> {
  const ids = await fs.readdir(path.join(home, 'incidents')).catch(() => [] as string[]);
  const id = ids.find((i) => !i.startsWith('.'));
  if (id === undefined) return [];
  const text = await fs.readFile(path.join(home, 'incidents', id, 'journal.jsonl'), 'utf8').catch(() => '');
  return text.trim().split('\n').slice(1).flatMap((l) => {
    try {
      return [JSON.parse(l) as IncidentEvent];
    } catch {
      return [];
    }
  });
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

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('stdin closing with a command running', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  beforeEach(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-stdin-'));
  });
  afterEach(async () => {
    await fs.rm(home, { recursive: true, force: true });
  });

  it('the keyboard terminal goes away (no SIGHUP to warroom): the whole group is stopped, journaled as "input closed", warroom exits', async () => {
    const marker = uniqueSleep();
    const runbook = path.join(home, 'stdin.md');
    await fs.writeFile(runbook, ['# Stdin Runbook', '', '## Mitigation', '', '- [ ] Long one', '  ```bash {risk=read}', `  sh -c 'sleep ${marker} & sleep ${marker}'`, '  ```', ''].join('\n'));
    const env = { WARROOM_HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' };
    // warroom's terminal starts first and waits for the keyboard's name: started after, the
    // keyboard's master is not inherited by warroom's side, so closing it really closes it.
    const named = path.join(home, 'keyboard');
    const screen = startPty(
      ['-c', `while [ ! -s "${named}" ]; do sleep 0.05; done; exec "${process.execPath}" "${warroomBin}" run "${runbook}" <"$(cat "${named}")"`],
      { file: '/bin/sh', env, cols: 80, rows: 24 },
    );
    // The keyboard: a terminal of its own, held open by a process that only names it.
    const keyboard = spawnPty('/bin/sh', ['-c', `tty >"${named}.tmp" && mv "${named}.tmp" "${named}" && exec sleep 100000`], {
      name: 'xterm-256color', cols: 80, rows: 24, cwd: repoRoot, env: process.env as Record<string, string>,
    });
    try {
      await screen.waitFor(HELP_BAR, SLOW);
      keyboard.write('\r');
      await screen.waitFor(/Run it\? enter\/y runs/, SLOW);
      keyboard.write('\r');
      await until(async () => (await journal()).some((e) => e.type === 'command.started'), 'command.started', SLOW);
      await until(() => survivors(`sleep ${marker}`).length >= 2, 'both sleeps', SLOW);

      (keyboard as unknown as { destroy(): void }).destroy();

      const { exitCode } = await screen.exited;
      expect(exitCode).toBe(129);
      expect(alive(screen.pid)).toBe(false);
      await until(() => survivors(`sleep ${marker}`).length === 0, 'no process of the command left', SLOW);
      const finished = (await journal()).find((e) => e.type === 'command.finished');
      // Not "terminal closed": no hang-up signal reached warroom, its input ended.
      expect(finished).toMatchObject({ cancelled: true, reason: 'input closed', actor: 'alice' });
    } finally {
      killLeft(marker);
      screen.kill('SIGKILL');
      keyboard.kill('SIGKILL');
    }
  }, 120_000);
});
