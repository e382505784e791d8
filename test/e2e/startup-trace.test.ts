// WARROOM_TRACE_STARTUP=1: the built CLI prints its start-up phases on stderr when the command
// ends, in the order they happened. Which phases, and that they are in order, is the behaviour;
// how long each took is the bench's business (never asserted here).
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { repoRoot, startPty, warroomBin } from '../helpers/pty.ts';

let home: string;
const SLOW = 30_000;

beforeAll(() => ensureBuilt());
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-trace-'));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

/** The trace's rows (label only), parsed from the text after its heading. */
function traceLabels(text: string): string[] {
  const start = text.indexOf('warroom start-up');
  expect(start, `no trace in:\n${text}`).toBeGreaterThanOrEqual(0);
  return text
    .slice(start)
    .split(/\r?\n/)
    .slice(1)
    .map((line) => /^\s*\d+\.\d\s+\+\d+\.\d\s+(?:cpu \d+\.\d)?\s+(.+?)\s*$/.exec(line)?.[1])
    .filter((label): label is string => label !== undefined)
    // Whether V8 took the code cache depends on the runs before (test/e2e/code-cache.test.ts).
    .map((label) => label.replace(/^bundle compiled \(code cache (?:accepted|rejected|damaged|none|off)\)$/, 'bundle compiled'));
}

function timesOf(text: string): number[] {
  const start = text.indexOf('warroom start-up');
  return text
    .slice(start)
    .split(/\r?\n/)
    .map((line) => /^\s*(\d+\.\d)\s+\+/.exec(line)?.[1])
    .filter((t): t is string => t !== undefined)
    .map(Number);
}

describe('start-up trace', () => {
  it('is silent unless asked for', () => {
    const result = spawnSync(process.execPath, [warroomBin, 'list'], { env: { ...process.env, WARROOM_HOME: home }, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain('warroom start-up');
  }, SLOW);

  it('times a plain command from process start to its end', () => {
    const result = spawnSync(process.execPath, [warroomBin, 'list'], {
      env: { ...process.env, WARROOM_HOME: home, WARROOM_TRACE_STARTUP: '1' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('No incidents yet');
    expect(traceLabels(result.stderr)).toEqual(['process start', 'Node bootstrapped', 'bin/warroom.js running', 'bundle compiled', 'bundle loaded (cli.ts main)', 'command finished']);
    const times = timesOf(result.stderr);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  }, SLOW);

  it('times every phase of a dashboard start, printed after the terminal is given back', async () => {
    const pty = startPty(['run', path.join(repoRoot, 'runbooks/api-high-latency.md'), '--dry-run'], {
      env: { WARROOM_HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', WARROOM_TRACE_STARTUP: '1' },
    });
    await pty.waitFor(/q leave {2}\? help\s*$/m, SLOW);
    // The services load after the first frame; once they have, the runner answers Enter, so wait
    // for the Slack notice they bring (a home without Slack says where messages go instead).
    await pty.waitFor('outbox', SLOW);
    expect(pty.screen()).not.toContain('warroom start-up');
    pty.write('q');
    const { exitCode } = await pty.exited;
    expect(exitCode).toBe(0);
    const output = pty.output();
    const labels = traceLabels(output);
    expect(labels.slice(0, 5)).toEqual(['process start', 'Node bootstrapped', 'bin/warroom.js running', 'bundle compiled', 'bundle loaded (cli.ts main)']);
    for (const phase of ['subcommand module loaded', 'config read and checked', 'Ink, React and the views loaded', 'journal opened and replayed', 'war room built (session over the journal)']) {
      expect(labels).toContain(phase);
    }
    // The frame comes after everything it is drawn from, the services after the frame.
    expect(labels.slice(-5)).toEqual([
      'first render started',
      'first frame written (complete: the help bar too)',
      'keys bound (a key pressed before waits in the terminal)',
      'services loaded (runner, Slack, outbox)',
      'command finished',
    ]);
    expect(labels.indexOf('config read and checked')).toBeLessThan(labels.indexOf('journal opened and replayed'));
    // Printed once the alternate screen is left, so it never tears a frame.
    expect(output.lastIndexOf('\u001b[?1049l')).toBeLessThan(output.indexOf('warroom start-up'));
  }, 60_000);
});
