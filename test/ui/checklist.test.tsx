import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.tsx';
import { stepStateOf } from '../../src/core/incident/selectors.ts';
import { inputReady, journalEvents, openSession, waitUntil, type SessionFixture } from '../helpers/dashboard-fixtures.ts';

let fx: SessionFixture;
let unmount: (() => void) | undefined;
afterEach(async () => {
  unmount?.();
  await fx?.cleanup();
});

async function mount(columns = 80, rows = 24) {
  fx = await openSession();
  const app = render(<App session={fx.session} onExit={() => undefined} size={{ columns, rows }} />);
  unmount = app.unmount;
  const frame = () => app.lastFrame() ?? '';
  await waitUntil(frame, (f) => f.includes('Checklist'));
  await inputReady(app.stdin);
  return { ...app, frame };
}

const cursorLine = (frame: string) => frame.split('\n').find((line) => line.startsWith('›')) ?? '';

describe('Checklist in the dashboard', () => {
  it('shows sections with progress, nested items indented and markers', async () => {
    const { frame } = await mount(100, 40);
    const f = frame();
    expect(f).toContain('Prerequisite Checks 0/2');
    expect(f).toContain('Investigation 0/5');
    expect(f).toMatch(/^ {3}\[ \] Identify the Component$/m);
    expect(f).toMatch(/^ {5}\[ \] Is it the Database\? Check CPU\/Connections\.$/m);
    expect(f).toMatch(/\[ \] Check Recent Changes ▶/);
    expect(f).toMatch(/\[ \] Analyze Logs \?/);
    expect(f).toMatch(/Enable Circuit Breaker ⚑/);
    expect(f).toMatch(/Restart a pod ▶✎/);
  });

  it('keeps the cursor visible in a short pane and scrolls only when it leaves the window', async () => {
    const { frame, stdin } = await mount(80, 24);
    const rowsShown = (f: string) => f.split('\n').filter((l) => l.includes('[ ]')).map((l) => l.slice(1));
    stdin.write('jjjjjjjj'); // to "Restart a pod", below the 9 rows the checklist has at 80x24
    await waitUntil(frame, (f) => cursorLine(f).includes('Restart a pod'));
    const before = frame();
    expect(before).not.toContain('Prerequisite Checks');
    expect(before.split('\n').length).toBeLessThanOrEqual(24);
    stdin.write('k'); // back up one, still inside the window: nothing scrolls
    await waitUntil(frame, (f) => cursorLine(f).includes('Rollback Deployment'));
    expect(rowsShown(frame())).toEqual(rowsShown(before));
  });

  it('moves with j/k/arrows/g/G and ticks with space through the journal', async () => {
    const { frame, stdin } = await mount();
    expect(cursorLine(frame())).toContain('Check Datadog Dashboard');
    stdin.write('j');
    await waitUntil(frame, (f) => cursorLine(f).includes('Check Status Page'));
    stdin.write('k');
    await waitUntil(frame, (f) => cursorLine(f).includes('Check Datadog Dashboard'));
    stdin.write(' ');
    await waitUntil(frame, (f) => f.includes('[x] Check Datadog Dashboard'));
    expect(stepStateOf(fx.session.state, 'checks/datadog')).toBe('checked');
    expect((await journalEvents(fx.dir)).map((e) => e.type)).toContain('step.checked');
    stdin.write('G');
    await waitUntil(frame, (f) => cursorLine(f).includes('Enable Circuit Breaker'));
    stdin.write('\u001b[A'); // up arrow
    await waitUntil(frame, (f) => cursorLine(f).includes('Restart a pod'));
    stdin.write('g');
    await waitUntil(frame, (f) => cursorLine(f).includes('Check Datadog Dashboard'));
    stdin.write(' ');
    await waitUntil(frame, (f) => f.includes('[ ] Check Datadog Dashboard'));
    expect((await journalEvents(fx.dir)).map((e) => e.type).filter((t) => t.startsWith('step.'))).toEqual(['step.checked', 'step.unchecked']);
  });

  it('applies every key of one stdin chunk, in order', async () => {
    const { frame, stdin } = await mount(80, 40);
    // Make sure input is bound: a lone `j` moves, then `k` back.
    stdin.write('j');
    await waitUntil(frame, (f) => cursorLine(f).includes('Check Status Page'));
    stdin.write('k');
    await waitUntil(frame, (f) => cursorLine(f).includes('Check Datadog Dashboard'));
    // One chunk: tick, down, tick, down, down → two ticks and the cursor three steps lower.
    stdin.write(' j jj');
    await waitUntil(frame, (f) => f.includes('[x] Check Datadog Dashboard') && f.includes('[x] Check Status Page'));
    expect(cursorLine(frame())).toContain('Is it the Database?');
    // Enter inside a chunk counts as enter: here it says why it does nothing on this step.
    stdin.write('k\r');
    await waitUntil(frame, (f) => f.includes('enter: this step has no command or flag') && cursorLine(f).includes('Identify the Component'));
    stdin.write('j');
    await waitUntil(frame, (f) => cursorLine(f).includes('Is it the Database?'));
    // Two spaces in one chunk on the same step: tick then untick (the second sees the first).
    stdin.write('  ');
    await waitUntil(() => fx.session.state.lastSeq, (seq) => seq >= 5);
    const steps = (await journalEvents(fx.dir)).filter((e) => e.type.startsWith('step.'));
    expect(steps.map((e) => e.type)).toEqual(['step.checked', 'step.checked', 'step.checked', 'step.unchecked']);
  });
});
