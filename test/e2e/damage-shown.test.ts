// Damage in the dashboard, in a real terminal: a torn tail is cut and said on the status line and
// in the timeline, and the incident stays writable; a damaged middle line or a line of an unknown
// event type opens read-only with the header naming journal.jsonl:<line>, records nothing, and
// `warroom repair` makes it writable again with nothing deleted.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openNewIncident } from '../../src/app/open-incident.ts';
import { ensureBuilt } from '../helpers/build.ts';
import { startPty, repoRoot, type PtySession } from '../helpers/pty.ts';
import { warroom } from '../helpers/warroom-cli.ts';

let home: string;
const SLOW = 30_000;
const HELP_BAR = /\? help\s*$/m;
const env = () => ({ WARROOM_HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' });

/** A dry-run incident on the demo runbook with three notes; returns its id and journal path. */
async function incident(): Promise<{ id: string; file: string }> {
  const opened = await openNewIncident({
    runbookPath: path.join(repoRoot, 'runbooks/api-high-latency.md'),
    dryRun: true,
    readonly: false,
    env: { WARROOM_HOME: home },
    now: () => new Date(),
    actor: 'alice',
  });
  for (const text of ['n1', 'n2', 'n3']) await opened.journal.append({ type: 'note.added', actor: 'alice', text });
  await opened.journal.close();
  return { id: opened.id, file: path.join(opened.dir, 'journal.jsonl') };
}

async function lines(file: string): Promise<string[]> {
  return (await fs.readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
}

async function leave(pty: PtySession): Promise<void> {
  pty.write('q');
  expect((await pty.exited).exitCode).toBe(0);
}

describe('journal damage in the dashboard', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  beforeEach(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-damage-'));
  });
  afterEach(async () => {
    await fs.rm(home, { recursive: true, force: true });
  });

  it('torn tail: cut, reported on the status line and in the timeline, and the incident stays writable', async () => {
    const { file } = await incident();
    const before = await lines(file);
    await fs.appendFile(file, '{"seq":6,"at":"2026-11-26T10:0');
    const pty = startPty(['resume'], { env: env(), cols: 100, rows: 30 });
    await pty.waitFor(/cut a torn last line \(journal\.jsonl:6\); kept in journal\.damaged\.jsonl, t shows it/, SLOW);
    pty.write('t');
    await pty.waitFor(/cut an interrupted write at journal\.jsonl:6/, SLOW);
    pty.write('t');
    pty.write(' ');
    await pty.waitFor(/\[x\]/, SLOW);
    await leave(pty);
    const after = await lines(file);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.some((l) => l.includes('"type":"step.checked"'))).toBe(true);
    expect(await fs.readFile(path.join(path.dirname(file), 'journal.damaged.jsonl'), 'utf8')).toContain('2026-11-26T10:0');
  }, 120_000);

  const shapes = [
    { name: 'a damaged middle line', bad: '{"seq":3,"at":"2026\u0000\u0000garbage', problem: /READ-ONLY journal\.jsonl:4: /, },
    {
      name: 'a line of an unknown event type',
      bad: JSON.stringify({ seq: 3, at: '2026-11-26T10:05:00.000Z', actor: 'future', type: 'incident.snoozed', until: 'x' }),
      problem: /READ-ONLY journal\.jsonl:4: unknown event type "incident\.snoozed/,
    },
  ];
  for (const shape of shapes) {
    it(`${shape.name}: opens read-only (header says where), records nothing; repair makes it writable, nothing deleted`, async () => {
      const { id, file } = await incident();
      const original = await lines(file);
      const damaged = [...original.slice(0, 3), shape.bad, ...original.slice(4)];
      await fs.writeFile(file, `${damaged.join('\n')}\n`);
      const pty = startPty(['resume', id], { env: env(), cols: 100, rows: 30 });
      const screen = await pty.waitFor((s) => HELP_BAR.test(s) && shape.problem.test(s), SLOW);
      expect(screen).toMatch(/· fix: warroom repair/);
      expect(screen).toContain(`\`warroom repair ${id}\``); // the status line: the whole reason
      pty.write(' ');
      await pty.waitFor(/not recorded: read-only/, SLOW);
      expect(pty.screen()).not.toMatch(/\[x\]/);
      await leave(pty);
      expect(await lines(file)).toEqual(damaged); // read-only: not a byte changed

      const repaired = await warroom(home, ['repair', id]);
      expect(repaired.code).toBe(0);
      expect(repaired.stdout).toContain(`${id} is writable again`);
      expect(await fs.readFile(path.join(path.dirname(file), 'journal.damaged.jsonl'), 'utf8')).toContain('"line":4');

      const again = startPty(['resume', id], { env: env(), cols: 100, rows: 30 });
      await again.waitFor(HELP_BAR, SLOW);
      expect(again.screen()).not.toContain('READ-ONLY');
      again.write(' ');
      await again.waitFor(/\[x\]/, SLOW);
      await leave(again);
      const after = await lines(file);
      expect(after.filter((l) => l !== shape.bad)).toEqual(expect.arrayContaining(original.filter((l) => !l.includes('"seq":3,'))));
    }, 120_000);
  }
});
