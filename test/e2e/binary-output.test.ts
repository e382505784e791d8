// 20 MB of random bytes as a command's output: whatever escape sequences and control bytes it
// happens to contain, the rendered screen (a headless xterm fed everything warroom wrote) keeps
// its header on the first row, its help bar on the last, and one cursor (hidden, as the dashboard
// leaves it) through the run and after.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../src/core/incident/events.ts';
import { ensureBuilt } from '../helpers/build.ts';
import { until } from '../helpers/process-survivors.ts';
import { startPty, type PtySession } from '../helpers/pty.ts';

let home: string;
const SLOW = 60_000;
const HELP_BAR = /\? help\s*$/;

async function journal(): Promise<IncidentEvent[]> {
  const [id] = (await fs.readdir(path.join(home, 'incidents'))).filter((n) => !n.startsWith('.'));
  const text = await fs.readFile(path.join(home, 'incidents', id!, 'journal.jsonl'), 'utf8');
  return text.trim().split('\n').slice(1).map((l) => JSON.parse(l) as IncidentEvent);
}

/** Header on row 1, help bar on the last row, nothing written past the screen's edges. */
function expectIntact(pty: PtySession): void {
  const rows = pty.screen().split('\n');
  expect(rows).toHaveLength(pty.rows());
  expect(rows[0]).toMatch(/^ SEV-2 {2}Binary .*INVESTIGATING · IC alice$/);
  expect(rows.at(-1)).toMatch(HELP_BAR);
  // No row drawn twice: the one checklist row is there once.
  expect(rows.filter((r) => /^›?\s*\[.\] Noise/.test(r))).toHaveLength(1);
  // One cursor: the dashboard hides the terminal's; the last show/hide it wrote is a hide.
  const raw = pty.output();
  expect(raw.lastIndexOf('\u001b[?25l')).toBeGreaterThan(raw.lastIndexOf('\u001b[?25h'));
}

describe('binary output', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  beforeEach(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-binary-'));
  });
  afterEach(async () => {
    await fs.rm(home, { recursive: true, force: true });
  });

  it('head -c 20000000 /dev/urandom keeps the header, the help bar and one cursor', async () => {
    const runbook = path.join(home, 'binary.md');
    await fs.writeFile(runbook, ['# Binary Runbook', '', '**Severity:** SEV-2', '', '## Mitigation', '', '- [ ] Noise', '  ```bash {risk=read}', '  head -c 20000000 /dev/urandom', '  ```', ''].join('\n'));
    const env = { WARROOM_HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' };
    const pty = startPty(['run', runbook], { env, cols: 100, rows: 30 });
    await pty.waitFor((s) => HELP_BAR.test(s.split('\n').at(-1) ?? ''), SLOW);
    pty.write('\r');
    await pty.waitFor(/Run it\? enter\/y runs/, SLOW);
    pty.write('\r');
    // Looked at mid-stream, and again once it ended (the command's end is in the journal).
    await until(async () => (await journal()).some((e) => e.type === 'command.started'), 'command.started', SLOW);
    await pty.waitFor((s) => HELP_BAR.test(s.split('\n').at(-1) ?? ''), SLOW);
    expectIntact(pty);
    await until(async () => (await journal()).some((e) => e.type === 'command.finished'), 'command.finished', SLOW);
    await pty.waitFor(/exit 0/, SLOW);
    expectIntact(pty);
    const finished = (await journal()).find((e) => e.type === 'command.finished');
    expect(finished).toMatchObject({ exitCode: 0, outputBytes: 20_000_000 });
    pty.write('q');
    expect((await pty.exited).exitCode).toBe(0);
  }, 180_000);
});
