// A flag toggle after a crash, like a command: warroom SIGKILLed while the configured toggle
// command runs (a slow one, with a child that escaped into its own session as `setsid` does);
// resume finds it alive by the identity flag.started journaled and offers to stop it or keep
// watching; stopping leaves no process of it, the journal says so (outcome unknown: nobody saw
// the exit code, so the flag step is not done), and a command runs at once after. Every wait is
// for the screen or the journal.
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

const has = (type: IncidentEvent['type']) => async () => (await journal()).some((e) => e.type === type);

function killLeft(marker: string): void {
  for (const line of survivors(marker)) {
    try {
      process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    } catch {
      // gone
    }
  }
}

async function setUp(marker: string): Promise<string> {
  const toggle = `sh -c 'echo toggling {flag}; sleep ${marker} & setsid sleep ${marker} & wait'`;
  await fs.writeFile(path.join(home, 'config.json'), JSON.stringify({ flags: { command: toggle } }), { mode: 0o600 });
  const file = path.join(home, 'flag.md');
  await fs.writeFile(file, [
    '# Flag Runbook', '', '## Mitigation', '',
    '- **Enable Circuit Breaker**:', '  toggle feature flag `enable_circuit_breaker` to `true`',
    '- [ ] Check after', '  ```bash {risk=read}', '  echo after-$((1 + 1))', '  ```', '',
  ].join('\n'));
  return file;
}

describe('a flag toggle outliving a crashed warroom', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  beforeEach(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-flagcrash-'));
  });
  afterEach(async () => {
    await fs.rm(home, { recursive: true, force: true });
  });

  it('SIGKILL mid-toggle: resume offers to stop it, stopping leaves nothing and is journaled, commands run after', async () => {
    const marker = uniqueSleep();
    const pty = startPty(['run', await setUp(marker)], { env: env(), cols: 80, rows: 24 });
    try {
      await pty.waitFor(HELP_BAR, SLOW);
      pty.write('\r');
      await pty.waitFor(/Feature flag enable_circuit_breaker/, SLOW);
      pty.write('y');
      await until(has('flag.started'), 'flag.started', SLOW);
      // sh -c, the inner sh, the sleep in the group and the one that left it.
      await until(() => survivors(`sleep ${marker}`).length === 4, 'the toggle and its children', SLOW);
      pty.kill('SIGKILL');
      await pty.exited;
      const started = (await journal()).find((e) => e.type === 'flag.started');
      expect(started).toMatchObject({ pgid: expect.any(Number), runToken: expect.any(String) });

      const again = startPty(['resume'], { env: env(), cols: 80, rows: 24 });
      await again.waitFor(/The flag toggle #\d+ is still running \(pid \d+.*from a warroom that exited/s, SLOW);
      await again.waitFor(/❯ Keep watching it/, SLOW);
      again.write('\u001b[B');
      await again.waitFor(/❯ Stop it/, SLOW);
      again.write('\r');
      await until(has('flag.finished'), 'the stop recorded', SLOW);
      await until(() => survivors(`sleep ${marker}`).length === 0, 'no process of the toggle left', SLOW);
      const finished = (await journal()).find((e) => e.type === 'flag.finished');
      expect(finished).toMatchObject({ actor: 'system', via: 'command', ok: false, outcome: 'unknown' });
      expect(finished?.type === 'flag.finished' && finished.detail).toMatch(/^stopped on resume: it outlived the warroom that started it/);
      // Not done: nobody knows whether the flag changed.
      expect((await journal()).some((e) => e.type === 'step.checked')).toBe(false);
      again.write('t');
      await again.waitFor(/flag enable_circuit_breaker → true: outcome unknown/, SLOW);
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
  }, 180_000);
});
