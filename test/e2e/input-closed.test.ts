// The terminal's input goes away without a SIGHUP reaching warroom: warroom runs in a session of
// its own (`setsid`, as a process started from a script or a multiplexer may be), reading a
// pseudo-terminal that is then closed. Its reads end, and that is a hang-up like any other: the
// running command's whole group is stopped, its end journaled with "input closed", and warroom
// exits. Real processes, a real pty; every wait is for a condition.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { survivors, uniqueSleep, until } from '../helpers/process-survivors.ts';
import { startPty, warroomBin } from '../helpers/pty.ts';
import type { IncidentEvent } from '../../src/core/incident/events.ts';

let home: string;
const SLOW = 30_000;

async function journal(): Promise<IncidentEvent[]> {
  const ids = await fs.readdir(path.join(home, 'incidents')).catch(() => [] as string[]);
  const id = ids.find((name) => !name.startsWith('.'));
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

const warroomAlive = () => survivors(`${warroomBin} run`).filter((line) => line.includes(home));

beforeAll(() => ensureBuilt(), 120_000);
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-input-'));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

it('its terminal closes under a warroom in its own session: the command group is stopped and "input closed" journaled', async () => {
  const marker = uniqueSleep();
  const runbook = path.join(home, 'input.md');
  await fs.writeFile(runbook, ['# Input Runbook', '', '## Mitigation', '', '- [ ] Long one', '  ```bash {risk=read}', `  sh -c 'sleep ${marker} & sleep ${marker}'`, '  ```', ''].join('\n'));
  // setsid -w: warroom reads and writes the pty but is not in its session, so closing the
  // terminal sends it no SIGHUP; only its input ending can tell it.
  const pty = startPty(['-w', process.execPath, warroomBin, 'run', runbook], {
    file: 'setsid',
    env: { WARROOM_HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' },
    cols: 100,
    rows: 30,
  });
  try {
    await pty.waitFor(/\? help\s*$/m, SLOW);
    pty.write('\r');
    await pty.waitFor(/Run it\? enter\/y runs/, SLOW);
    pty.write('\r');
    await until(async () => (await journal()).some((e) => e.type === 'command.started'), 'command.started', SLOW);
    await until(() => survivors(marker).length >= 2, 'both sleeps running', SLOW);
    // Closing the terminal: its session leader (setsid) gets the SIGHUP and the master closes.
    pty.kill('SIGHUP');
    await pty.exited;
    await until(async () => (await journal()).some((e) => e.type === 'command.finished'), 'command.finished', SLOW);
    const finished = (await journal()).find((e) => e.type === 'command.finished');
    expect(finished).toMatchObject({ cancelled: true, reason: 'input closed', actor: 'alice' });
    await until(() => survivors(marker).length === 0, 'no survivor of the command', 10_000);
    await until(() => warroomAlive().length === 0, 'warroom to exit', SLOW);
  } finally {
    for (const line of [...survivors(marker), ...warroomAlive()]) {
      try {
        process.kill(Number(line.split(' ')[0]), 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}, 120_000);
