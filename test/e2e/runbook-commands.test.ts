// Every command of a step, in a real terminal: the chooser opens the third of a step's commands,
// the placeholder in the step's assignment is asked for and its value reaches the command (in
// the file it writes); an interactive command gets the terminal and the dashboard comes back
// with its exit code journaled; the longest command of every bundled runbook is on screen in
// full in its confirmation dialog, at 80×24 and 120×40, without an ellipsis.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { repoRoot, startPty, type PtySession } from '../helpers/pty.ts';
import { runbookScript } from '../../src/core/command/runbook-script.ts';
import type { IncidentEvent } from '../../src/core/incident/events.ts';
import { parseRunbook } from '../../src/core/runbook/parse.ts';
import type { Runbook, RunbookCommand, RunbookStep } from '../../src/core/runbook/types.ts';

const SLOW = 30_000;
const HELP_BAR = /q leave {2}\? help\s*$/m;
let home: string;
let work: string;

const env = () => ({ WARROOM_HOME: home, HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color', PAGER: 'cat' });

async function journal(): Promise<IncidentEvent[]> {
  const ids = await fs.readdir(path.join(home, 'incidents'));
  const text = await fs.readFile(path.join(home, 'incidents', ids[0]!, 'journal.jsonl'), 'utf8');
  return text.trim().split('\n').slice(1).map((l) => JSON.parse(l) as IncidentEvent);
}

/** The steps in the order the checklist shows them (depth first), as the cursor walks them. */
function flat(runbook: Runbook): RunbookStep[] {
  const out: RunbookStep[] = [];
  const visit = (step: RunbookStep) => {
    out.push(step);
    step.children.forEach(visit);
  };
  runbook.sections.forEach((s) => s.steps.forEach(visit));
  return out;
}

async function leave(pty: PtySession) {
  pty.write('q');
  await pty.waitFor(/still open/, SLOW);
  await pty.exited;
}

beforeAll(() => ensureBuilt(), 120_000);
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-cmds-'));
  work = path.join(home, 'work');
  await fs.mkdir(work);
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

describe('a step with several commands, variables and an interactive command', () => {
  const RUNBOOK = [
    '# Claims Runbook',
    '',
    '## Investigation',
    '',
    '- [ ] Look at the claim',
    '  ```console',
    "  $ PVC_NAME='<persistentvolumeclaim label from alert>'",
    '  $ echo first > first.txt',
    '  $ echo "second $PVC_NAME" > second.txt',
    '  $ echo "third $PVC_NAME" > third.txt',
    '  ```',
    '- [ ] Ask the operator',
    '  ```bash {interactive=true}',
    '  ./ask.sh',
    '  ```',
    '',
  ].join('\n');

  it('runs the third command after choosing it, with the value asked for in the assignment', async () => {
    await fs.writeFile(path.join(work, 'claims.md'), RUNBOOK);
    const pty = startPty(['run', 'claims.md'], { env: env(), cols: 80, rows: 24, cwd: work });
    await pty.waitFor(HELP_BAR, SLOW);
    pty.write('\r');
    await pty.waitFor(/Look at the claim: 3 commands/, SLOW);
    pty.write('\u001b[B\u001b[B'); // down twice: the third
    await pty.waitFor((s) => s.split('\n').some((l) => l.startsWith('❯ 3.')), SLOW);
    pty.write('\r');
    await pty.waitFor(/value for persistentvolumeclaim label from/, SLOW);
    pty.write('data claim\r');
    const dialog = await pty.waitFor(/Run it\? y runs/, SLOW);
    expect(dialog).toContain("$ PVC_NAME='data claim'");
    expect(dialog).toContain('echo "third $PVC_NAME" > third.txt');
    pty.write('y');
    await pty.waitFor(/third \$PVC_NAME" > third\.txt: exit 0/, SLOW);
    // What ran is the third command, with the variable the shell session would have carried.
    expect(await fs.readFile(path.join(work, 'third.txt'), 'utf8')).toBe('third data claim\n');
    await expect(fs.access(path.join(work, 'first.txt'))).rejects.toThrow();
    const events = await journal();
    expect(events).toContainEqual(expect.objectContaining({ type: 'parameter.set', name: 'persistentvolumeclaim label from alert', value: 'data claim' }));
    expect(events.filter((e) => e.type === 'command.requested').map((e) => e.type === 'command.requested' && e.commandId)).toEqual([expect.stringMatching(/\/c3$/)]);
    // The chooser now says which ran, and how.
    pty.write('\r');
    await pty.waitFor(/last run: exit 0/, SLOW);
    pty.write('\u001b');
    await pty.waitFor((s) => HELP_BAR.test(s) && !s.includes('Look at the claim: 3 commands') && !s.includes('last run: exit 0'), SLOW);
    await leave(pty);
  }, 120_000);

  it('hands the terminal to an interactive command and comes back with its exit code journaled', async () => {
    await fs.writeFile(path.join(work, 'claims.md'), RUNBOOK);
    await fs.writeFile(path.join(work, 'ask.sh'), '#!/bin/sh\nprintf "your name? "\nread name\necho "hello $name" > answer.txt\nexit 3\n', { mode: 0o755 });
    await fs.writeFile(path.join(work, 'pager.sh'), '#!/bin/sh\ncat "$1"\nread done\n', { mode: 0o755 });
    const pty = startPty(['run', 'claims.md'], { env: { ...env(), PAGER: path.join(work, 'pager.sh') }, cols: 80, rows: 24, cwd: work });
    await pty.waitFor(HELP_BAR, SLOW);
    pty.write('j');
    await pty.waitFor((s) => s.split('\n').some((l) => l.startsWith('›') && l.includes('Ask the operator')), SLOW);
    pty.write('\r');
    await pty.waitFor(/Run it\? y runs/, SLOW);
    pty.write('y');
    // The dashboard left the screen to the script: the main screen, its question.
    await pty.waitFor((s) => s.includes('your name?') && !pty.onAlternateScreen(), SLOW);
    pty.write('bob\r');
    await pty.waitFor((s) => HELP_BAR.test(s) && /\.\/ask\.sh: exit 3/.test(s) && pty.onAlternateScreen(), SLOW);
    expect(await fs.readFile(path.join(work, 'answer.txt'), 'utf8')).toBe('hello bob\n');
    const events = await journal();
    const finished = events.find((e) => e.type === 'command.finished');
    expect(finished).toMatchObject({ exitCode: 3, interactive: true });
    expect(events.find((e) => e.type === 'command.started')).toMatchObject({ script: './ask.sh', cwd: work, interactive: true });
    // The dashboard listens again: a tick lands.
    pty.write(' ');
    await pty.waitFor((s) => s.split('\n').some((l) => l.startsWith('›') && l.includes('[x]')), SLOW);
    // v on the finished command: its log in $PAGER (a script that shows it and waits for enter), then back.
    pty.write('v');
    await pty.waitFor((s) => /exit 3 after/.test(s) && !pty.onAlternateScreen(), SLOW);
    pty.write('\r');
    await pty.waitFor((s) => HELP_BAR.test(s) && pty.onAlternateScreen() && !s.includes('exit 3 after'), SLOW);
    await leave(pty);
  }, 120_000);
});

/** Rows of the screen inside the dialog's border, joined, without spaces: what a person can read there. */
const squash = (text: string) => text.replace(/[\s│╭╮╰╯─]+/g, '');

function longestCommand(runbook: Runbook): { index: number; step: RunbookStep; command: RunbookCommand; shown: string } {
  let best: { index: number; step: RunbookStep; command: RunbookCommand; shown: string } | null = null;
  flat(runbook).forEach((step, index) => {
    if (step.action?.kind === 'flag') return;
    for (const command of step.commands) {
      const prepared = runbookScript(runbook, command, {}, { computeReads: false });
      if (prepared.manual || command.interactive) continue;
      if (!best || prepared.script.length > best.shown.length) best = { index, step, command, shown: prepared.script };
    }
  });
  if (!best) throw new Error(`no command in ${runbook.file}`);
  return best;
}

describe('the confirmation dialog shows the whole command', async () => {
  const files = (await fs.readdir(path.join(repoRoot, 'runbooks'))).filter((f) => f.endsWith('.md') && f !== 'FORMAT.md');

  it.each(files)('%s: its longest command is on screen in full at 80×24 and 120×40', async (file) => {
    const runbook = parseRunbook(await fs.readFile(path.join(repoRoot, 'runbooks', file), 'utf8'), file);
    const { index, step, command, shown } = longestCommand(runbook);
    const pty = startPty(['run', path.join(repoRoot, 'runbooks', file), '--dry-run'], { env: env(), cols: 80, rows: 24, cwd: work });
    await pty.waitFor(HELP_BAR, SLOW);
    pty.write('j'.repeat(index));
    await pty.waitFor((s) => s.split('\n').some((l) => l.startsWith('›') && l.includes(step.text.slice(0, 20))), SLOW);
    for (const [cols, rows] of [[80, 24], [120, 40]] as const) {
      pty.resize(cols, rows);
      await pty.waitFor((s) => HELP_BAR.test(s) && s.split('\n').length === rows, SLOW);
      pty.write('\r');
      if (step.commands.length > 1) {
        await pty.waitFor(/commands$/m, SLOW);
        pty.write('\u001b[B'.repeat(step.commands.indexOf(command)));
        await pty.waitFor((s) => s.split('\n').some((l) => l.startsWith(`❯ ${step.commands.indexOf(command) + 1}.`)), SLOW);
        pty.write('\r');
      }
      let screen = await pty.waitFor(/╰─+╯/, SLOW);
      const box = (text: string) => {
        const rows = text.split('\n');
        return rows.slice(rows.findIndex((r) => r.startsWith('╭')), rows.findIndex((r) => r.startsWith('╰')) + 1);
      };
      // Script rows by their line number in the command: a tall one is read across scrolled screens.
      const scriptRows: string[] = [];
      const collect = (text: string) => {
        const rows = box(text);
        const first = Number(/lines (\d+)-/.exec(text)?.[1] ?? 1) - 1;
        const start = rows.findIndex((r) => r.startsWith('│$ ') || (first > 0 && r.startsWith('│  ')));
        for (let i = start; i >= 0 && i < rows.length && /^│(\$ | {2})/.test(rows[i]!); i++) scriptRows[first + i - start] = rows[i]!;
      };
      collect(screen);
      while (/lines \d+-\d+ of \d+/.test(screen) && !/end of the command/.test(screen)) {
        const before = /lines (\d+)-/.exec(screen)?.[1];
        pty.write('\u001b[6~'); // page down
        screen = await pty.waitFor((s) => /lines (\d+)-/.exec(s)?.[1] !== before, SLOW);
        collect(screen);
      }
      const dialog = box(screen).join('\n');
      expect(dialog).not.toContain('…');
      for (const row of screen.split('\n')) expect(row.length).toBeLessThanOrEqual(cols);
      expect(squash(scriptRows.join('\n')), `${file} at ${cols}×${rows}:\n${screen}`).toBe(squash(`$ ${shown}`));
      expect(squash(dialog)).toContain(squash(step.text));
      pty.write('\u001b');
      await pty.waitFor((s) => HELP_BAR.test(s) && !/╰─+╯/.test(s), SLOW);
    }
    await leave(pty);
  }, 180_000);
});

describe('x runs every command of the step in order', () => {
  it('each through its own dialog; the value asked once reaches both commands that use it', async () => {
    const source = ['# Order Runbook', '', '## Investigation', '', '- [ ] Write them all', '  ```console', "  $ NAME='<who is on call>'", '  $ echo one > one.txt', '  $ echo "two $NAME" > two.txt', '  $ echo "three $NAME" > three.txt', '  ```', ''].join('\n');
    await fs.writeFile(path.join(work, 'order.md'), source);
    const pty = startPty(['run', 'order.md'], { env: env(), cols: 80, rows: 24, cwd: work });
    await pty.waitFor(HELP_BAR, SLOW);
    pty.write('x');
    await pty.waitFor(/\$ echo one > one\.txt[\s\S]*Run it\? y runs/, SLOW);
    pty.write('y');
    await pty.waitFor(/value for who is on call/, SLOW);
    pty.write('carol\r');
    await pty.waitFor(/echo "two \$NAME" > two\.txt[\s\S]*Run it\? y runs/, SLOW);
    pty.write('y');
    // The third asks nothing: the value is the incident's now.
    await pty.waitFor(/echo "three \$NAME" > three\.txt[\s\S]*Run it\? y runs/, SLOW);
    pty.write('y');
    await pty.waitFor(/three \$NAME" > three\.txt: exit 0/, SLOW);
    expect(await fs.readFile(path.join(work, 'one.txt'), 'utf8')).toBe('one\n');
    expect(await fs.readFile(path.join(work, 'two.txt'), 'utf8')).toBe('two carol\n');
    expect(await fs.readFile(path.join(work, 'three.txt'), 'utf8')).toBe('three carol\n');
    const requested = (await journal()).filter((e) => e.type === 'command.requested').map((e) => e.type === 'command.requested' && e.commandId.slice(-3));
    expect(requested).toEqual(['/c1', '/c2', '/c3']);
    await leave(pty);
  }, 120_000);
});

describe('where a command runs', () => {
  it('a pod command shows (and records) its composed form; a console command is never run here', async () => {
    const source = [
      '# Places Runbook', '', '## Investigation', '',
      '- [ ] Open a shell in the pod', '  ```bash', '  oc rsh -n shop mypod', '  ```',
      '- [ ] Check its disk', '  ```bash', '  df -h /data', '  ```',
      '- [ ] Open the console', '  ```bash', '  sudo gitlab-rails console', '  ```',
      '- [ ] Enable the flag', '  ```ruby', '  Feature.enable(:x)', '  ```', '',
    ].join('\n');
    await fs.writeFile(path.join(work, 'places.md'), source);
    const pty = startPty(['run', 'places.md', '--dry-run'], { env: env(), cols: 80, rows: 24, cwd: work });
    await pty.waitFor(HELP_BAR, SLOW);
    pty.write('j');
    await pty.waitFor((s) => s.split('\n').some((l) => l.startsWith('›') && l.includes('Check its disk')), SLOW);
    pty.write('\r');
    const dialog = await pty.waitFor(/Run it\?/, SLOW);
    expect(dialog).toContain("$ oc exec -n shop mypod -- sh -c 'df -h /data'");
    expect(dialog).toMatch(/meant to run in the shell of mypod/);
    pty.write('\r');
    await pty.waitFor((s) => HELP_BAR.test(s) && !s.includes('Run it?'), SLOW);
    pty.write('jj');
    await pty.waitFor((s) => s.split('\n').some((l) => l.startsWith('›') && l.includes('Enable the flag')), SLOW);
    pty.write('\r');
    // Said on the status line; nothing is requested, nothing runs.
    await pty.waitFor(/not run from here: type it in the gitlab-rails/, SLOW);
    await leave(pty);
    const events = await journal();
    const confirmed = events.filter((e) => e.type === 'command.confirmed');
    expect(confirmed.map((e) => e.type === 'command.confirmed' && e.script)).toEqual(["oc exec -n shop mypod -- sh -c 'df -h /data'"]);
    expect(events.some((e) => e.type === 'command.requested' && e.template.includes('Feature'))).toBe(false);
  }, 120_000);
});
