// The war room in a real pseudo-terminal (node-pty + a headless xterm reading the screen):
// open the demo runbook, tick steps, leave, resume, resize, and survive SIGKILL. Every wait is
// for screen content, never a fixed sleep. Each test has its own home and, where it resumes,
// its own incident made for it: no test depends on another having run, or on the order.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPty, repoRoot, type PtySession } from '../helpers/pty.ts';
import { ensureBuilt } from '../helpers/build.ts';
import { openNewIncident } from '../../src/app/open-incident.ts';
import { flatSteps } from '../../src/core/incident/selectors.ts';
import { replay } from '../../src/core/incident/reduce.ts';
import type { IncidentEvent } from '../../src/core/incident/events.ts';

let home: string;

/** An open dry-run incident on the demo runbook with its first `ticks` steps ticked, as a past war room left it. */
async function incidentWithTicks(ticks: number): Promise<void> {
  const opened = await openNewIncident({
    runbookPath: path.join(repoRoot, 'runbooks/api-high-latency.md'),
    dryRun: true,
    readonly: false,
    env: { WARROOM_HOME: home },
    now: () => new Date(),
    actor: 'alice',
  });
  for (const { step } of flatSteps(replay(opened.events)).slice(0, ticks)) {
    await opened.journal.append({ type: 'step.checked', actor: 'alice', stepId: step.id, note: null });
  }
  await opened.journal.close();
}
const env = () => ({ WARROOM_HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' });
const HELP_BAR = /q leave {2}\? help\s*$/m;
const SLOW = 30_000;
const ticked = (screen: string) => screen.split('\n').filter((l) => /\[x\]/.test(l)).map((l) => l.replace(/^›/, ' ').trim());

async function journal(): Promise<IncidentEvent[]> {
  const ids = (await fs.readdir(path.join(home, 'incidents'))).filter((n) => !n.startsWith('.'));
  expect(ids).toHaveLength(1);
  const text = await fs.readFile(path.join(home, 'incidents', ids[0]!, 'journal.jsonl'), 'utf8');
  return text.trim().split('\n').slice(1).map((l) => JSON.parse(l) as IncidentEvent);
}

/** Every row fits the width, the header is on the first row and the help bar on the last. */
function expectFullFrame(pty: PtySession, screen: string) {
  const rows = screen.split('\n');
  expect(rows).toHaveLength(pty.rows());
  expect(rows[0]).toMatch(/SEV-\d/);
  expect(rows.at(-1)).toMatch(/\? help$/);
}

async function leave(pty: PtySession) {
  pty.write('q');
  const { exitCode } = await pty.exited;
  expect(exitCode).toBe(0);
  expect(pty.onAlternateScreen()).toBe(false);
}

describe('warroom dashboard in a terminal', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  beforeEach(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-e2e-'));
  });
  afterEach(async () => {
    await fs.rm(home, { recursive: true, force: true });
  });

  it('run: tick two steps, leave with q, and the journal has them', async () => {
    const pty = startPty(['run', 'runbooks/api-high-latency.md', '--dry-run'], { env: env(), cols: 80, rows: 24 });
    const first = await pty.waitFor(HELP_BAR);
    expect(pty.onAlternateScreen()).toBe(true);
    expectFullFrame(pty, first);
    pty.write(' ');
    await pty.waitFor((s) => ticked(s).length === 1);
    pty.write('j ');
    const screen = await pty.waitFor((s) => ticked(s).length === 2);
    await leave(pty);
    expect(pty.screen()).toMatch(/still open/); // back on the main screen, with how to resume
    const events = await journal();
    const checks = events.filter((e) => e.type === 'step.checked');
    expect(checks).toHaveLength(2);
    // Leaving records only that the operator left (the outbox may still record the alert's delivery).
    expect(events.filter((e) => !e.type.startsWith('delivery.')).slice(-2).map((e) => e.type)).toEqual(['step.checked', 'operator.left']);
    expect(ticked(screen)).toHaveLength(2);
    // NO_COLOR: not one colour escape (bold and inverse are allowed).
    // eslint-disable-next-line no-control-regex
    expect(pty.output()).not.toMatch(/\u001b\[(?:[0-9;]*;)?(?:3[0-79]|4[0-79]|9[0-7]|10[0-7]|38;5|48;5|38;2|48;2)(?:;[0-9]+)*m/);
  });

  it('resume shows the same ticks, and the layout follows resizes', async () => {
    await incidentWithTicks(2);
    const pty = startPty(['resume'], { env: env(), cols: 80, rows: 24 });
    const screen = await pty.waitFor((s) => HELP_BAR.test(s) && ticked(s).length === 2);
    expectFullFrame(pty, screen);
    for (const [cols, rows] of [[120, 40], [80, 24], [100, 30], [70, 20]] as const) {
      pty.resize(cols, rows);
      const resized = await pty.waitFor((s) => {
        const lines = s.split('\n');
        return /SEV-\d/.test(lines[0] ?? '') && /\? help$/.test(lines.at(-1) ?? '') && ticked(s).length === 2;
      });
      expectFullFrame(pty, resized);
    }
    await leave(pty);
  });

  it('SIGKILL: resume restores every tick that was on screen', async () => {
    await incidentWithTicks(2);
    const pty = startPty(['resume'], { env: env(), cols: 80, rows: 24 });
    await pty.waitFor((s) => HELP_BAR.test(s) && ticked(s).length === 2);
    pty.write('jj jj ');
    const shown = ticked(await pty.waitFor((s) => ticked(s).length === 4));
    pty.kill('SIGKILL');
    await pty.exited;
    const again = startPty(['resume'], { env: env(), cols: 80, rows: 24 });
    const restored = ticked(await again.waitFor((s) => HELP_BAR.test(s) && ticked(s).length >= 4));
    expect(restored).toEqual(shown);
    await leave(again);
  });

  it('SIGTERM restores the terminal: main screen, cursor shown', async () => {
    await incidentWithTicks(0);
    const pty = startPty(['resume'], { env: env(), cols: 80, rows: 24 });
    await pty.waitFor(HELP_BAR);
    expect(pty.onAlternateScreen()).toBe(true);
    pty.kill('SIGTERM');
    const { exitCode } = await pty.exited;
    expect(exitCode).toBe(143);
    expect(pty.onAlternateScreen()).toBe(false);
    const raw = pty.output();
    expect(raw.lastIndexOf('\u001b[?25h')).toBeGreaterThan(raw.lastIndexOf('\u001b[?25l'));
    // The lock was released: resume opens it again without a complaint.
    const again = startPty(['resume'], { env: env(), cols: 80, rows: 24 });
    await again.waitFor(HELP_BAR);
    await leave(again);
  });

  // Two starts, a kill and a command under a loaded 2-core machine: generous waits for content.
  it('SIGKILL mid-command: resume records the run as unknown, and the next command runs at once', async () => {
    const runbook = path.join(home, 'crash.md');
    await fs.writeFile(
      runbook,
      ['# Crash Runbook', '', '## Mitigation', '', '- [ ] Wait for it', '  ```bash {risk=read}', '  echo running-$((6 * 7)); sleep 1000', '  ```', '- [ ] Check after', '  ```bash {risk=read}', '  echo after-$((1 + 1))', '  ```', ''].join('\n'),
    );
    const pty = startPty(['run', runbook], { env: env(), cols: 100, rows: 30 });
    await pty.waitFor(HELP_BAR, SLOW);
    pty.write('\r');
    await pty.waitFor(/Run it\? enter\/y runs/, SLOW);
    pty.write('\r');
    await pty.waitFor(/running-42/, SLOW); // the output, not the script shown in the dialog
    pty.kill('SIGKILL');
    await pty.exited;
    const started = (await journal()).find((e) => e.type === 'command.started');
    // Its process tree dies with the machine here (power loss): nothing of it is left to find.
    // (A tree still alive is offered for stopping or watching: test/e2e/crash-resume.test.ts.)
    if (started?.type === 'command.started' && started.pid) process.kill(-started.pid, 'SIGKILL');
    try {
      const again = startPty(['resume'], { env: env(), cols: 100, rows: 30 });
      await again.waitFor(HELP_BAR, SLOW);
      // Said on the status line (which the comms notice may replace at once) and in the timeline.
      again.write('t');
      await again.waitFor(/ran echo running-\$\(\(6 \* 7\)\); sleep 1000: unknown: warroom exited while it ran/, SLOW);
      again.write('t');
      await again.waitFor((screen) => !screen.includes('Timeline'), SLOW);
      const finished = (await journal()).find((e) => e.type === 'command.finished');
      expect(finished).toMatchObject({ outcome: 'unknown', reason: 'warroom exited while it ran', actor: 'system' });
      expect(finished?.type === 'command.finished' && finished.outputBytes).toBeGreaterThan(0);
      // Nothing says "running": the next command runs at once.
      again.write('j');
      await again.waitFor((screen) => screen.split('\n').some((l) => l.startsWith('›') && l.includes('Check after')), SLOW);
      again.write('\r');
      await again.waitFor(/Run it\? enter\/y runs/, SLOW);
      again.write('\r');
      await again.waitFor(/after-2/, SLOW);
      await leave(again);
    } finally {
      // The killed warroom could not stop its command: make sure its process group is gone.
      if (started?.type === 'command.started' && started.pid) {
        try {
          process.kill(-started.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  }, 120_000);

  it('without a terminal, run refuses with one line pointing to show', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, ['bin/warroom.js', 'run', 'runbooks/api-high-latency.md'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, ...env() },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/warroom show <id>/);
  });
});
