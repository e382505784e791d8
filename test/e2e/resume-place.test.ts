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
    // Half an update typed, then leaving with Ctrl-C twice (in the composer, q is text).
    await pty.waitFor(/s update/, 30_000); // the services are loaded: the composer is available
    pty.write('s');
    await pty.waitFor(/Preview \(sent exactly as shown\)/);
    await pty.waitFor(/Ctrl-S send/);
    pty.write(' half-typed words');
    await pty.waitFor(/half-typed words/);
    pty.write('\x03');
    await pty.waitFor(/Leave the war room\?/);
    pty.write('\x03');
    await pty.exited;
    const [id] = (await fs.readdir(path.join(home, 'incidents'))).filter((n) => !n.startsWith('.'));

    pty = startPty(['resume', id!], { env, cols: 80, rows: 24 });
    try {
      const screen = await pty.waitFor(HELP_BAR, 60_000);
      expect(cursorRow(screen)).toBe(row);
      expect(screen).toContain('▸Output');
      pty.write('s');
      const composer = await pty.waitFor(/Preview \(sent exactly as shown\)/);
      expect(composer).toContain('half-typed words');
      await pty.waitFor(/your unsent draft is back/);
      await pty.waitFor(/Ctrl-S send/);
      pty.write('\x1b'); // esc discards it
      await pty.waitFor(HELP_BAR);
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
    expect(journal).not.toContain('half-typed words'); // a draft is never sent, nor journaled
    const place = JSON.parse(await fs.readFile(path.join(home, 'incidents', id!, 'place-alice.json'), 'utf8')) as { draft: unknown };
    expect(place.draft).toBeNull(); // discarded with esc
  }, 180_000);
});
