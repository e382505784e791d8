// Resume restores the operator's place, in a real pseudo-terminal at 80×24: the step under the
// cursor and the focused pane come back after `q` and `warroom resume`, and the journal
// records when the operator left and came back (the timeline shows both).
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { startPty, type PtySession } from '../helpers/pty.ts';

let home: string;
const HELP_BAR = /\? help\s*$/m;
const cursorRow = (screen: string) => screen.split('\n').find((l) => l.startsWith('›')) ?? '';

async function moveDown(pty: PtySession, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const before = cursorRow(pty.screen());
    pty.write('j');
    await pty.waitFor((s) => cursorRow(s) !== before, 10_000);
  }
}

describe('resume puts the operator back where they were', () => {
  beforeAll(async () => {
    ensureBuilt();
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-resume-place-'));
  }, 120_000);
  afterAll(async () => {
    await fs.rm(home, { recursive: true, force: true });
  });

  it('q then resume: the same step under the cursor, the same pane focused, and both moments journaled', async () => {
    const env = { WARROOM_HOME: home, HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' };
    let pty = startPty(['run', 'runbooks/api-high-latency.md', '--service', 'api'], { env, cols: 80, rows: 24 });
    await pty.waitFor(HELP_BAR, 60_000);
    await moveDown(pty, 5);
    const row = cursorRow(pty.screen());
    expect(row).not.toContain('Check Datadog Dashboard');
    pty.write('\t');
    await pty.waitFor(/▸Output/);
    pty.write('q');
    await pty.exited;
    const [id] = await fs.readdir(path.join(home, 'incidents'));

    pty = startPty(['resume', id!], { env, cols: 80, rows: 24 });
    try {
      const screen = await pty.waitFor(HELP_BAR, 60_000);
      expect(cursorRow(screen)).toBe(row);
      expect(screen).toContain('▸Output');
      pty.write('\t');
      await pty.waitFor(/▸Checklist/);
      pty.write('t');
      await pty.waitFor(/alice came back to the war room/);
      expect(pty.screen()).toContain('alice left the war room');
    } finally {
      pty.write('q');
      await pty.exited;
    }
    const journal = await fs.readFile(path.join(home, 'incidents', id!, 'journal.jsonl'), 'utf8');
    const types = journal.trim().split('\n').slice(1).map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types.filter((t) => t.startsWith('operator.'))).toEqual(['operator.left', 'operator.returned', 'operator.left']);
  }, 180_000);
});
