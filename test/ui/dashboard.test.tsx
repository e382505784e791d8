import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.tsx';
import { computeLayout } from '../../src/ui/layout.ts';
import { dashboardRunbook, inputReady, journalEvents, openSession, waitUntil, type SessionFixture } from '../helpers/dashboard-fixtures.ts';

let fx: SessionFixture;
let unmount: (() => void) | undefined;
afterEach(async () => {
  unmount?.();
  await fx?.cleanup();
});

async function mount(columns = 80, rows = 24, extraSteps = 0) {
  fx = await openSession({ runbook: dashboardRunbook(extraSteps) });
  let exits = 0;
  const app = render(<App session={fx.session} onExit={() => (exits += 1)} size={{ columns, rows }} />);
  unmount = app.unmount;
  const frame = () => app.lastFrame() ?? '';
  await waitUntil(frame, (f) => f.includes('Checklist'));
  await inputReady(app.stdin);
  return { ...app, frame, exits: () => exits };
}

const lastLine = (f: string) => f.split('\n').at(-1) ?? '';
const ESC = '\u001b';

function expectFits(frame: string, columns: number, rows: number) {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(columns);
}

describe('layout', () => {
  it('computes panes that add up to the terminal height at every size', () => {
    for (const [c, r] of [[80, 24], [80, 12], [100, 30], [120, 40], [200, 60], [40, 10], [20, 3]] as const) {
      for (const focus of ['checklist', 'output'] as const) {
        const l = computeLayout(c, r, focus);
        expect(l.header.height + l.body.height + l.statusRows + l.helpRows).toBe(r);
        if (l.wide) expect(l.detail.height + l.output.height).toBe(l.body.height);
        else expect(l.checklist.height + l.detail.height + l.output.height).toBe(l.body.height);
      }
    }
  });

  it('fits 80x24 exactly, with a 500-step runbook too, and the wide layout at 160x48', async () => {
    const small = await mount(80, 24, 500);
    expectFits(small.frame(), 80, 24);
    expect(small.frame().split('\n')).toHaveLength(24);
    small.stdin.write('G');
    await waitUntil(small.frame, (f) => f.includes('› ') && f.includes('Extra step number 500'));
    expectFits(small.frame(), 80, 24);
    unmount?.();
    await fx.cleanup();
    const wide = await mount(160, 48);
    expectFits(wide.frame(), 160, 48);
    // Side by side: the checklist's first step and the detail share a row region.
    expect(wide.frame().split('\n').some((l) => l.includes('Checklist') && l.includes('Check Datadog Dashboard'))).toBe(true);
  });
});

describe('help bar and keys', () => {
  it('lists the keys that work now, per mode', async () => {
    const { frame, stdin } = await mount(100, 30);
    expect(lastLine(frame())).toMatch(/^↑\/k\/↓\/j move {2}space tick .*q leave {2}\? help$/);
    expect(lastLine(frame())).not.toContain('cancel cmd'); // nothing is running
    expect(lastLine(frame())).not.toContain('enter run'); // no command flow in this session
    stdin.write('?');
    await waitUntil(frame, (f) => f.includes('Keys (dimmed: not available now)'));
    expect(lastLine(frame())).toBe('?/esc/q close');
    expect(frame()).toContain('(no command is running)');
    stdin.write(ESC);
    await waitUntil(frame, (f) => f.includes('Checklist'));
    stdin.write('S');
    await waitUntil(frame, (f) => f.includes('Severity (now SEV-2)'));
    expect(lastLine(frame())).toBe('↑/↓ choose  enter select  esc cancel');
    stdin.write(ESC);
    await waitUntil(frame, (f) => f.includes('Checklist'));
    stdin.write('n');
    await waitUntil(frame, (f) => f.includes('Add a note'));
    expect(lastLine(frame())).toBe('enter save  esc cancel');
  });

  it('at 80 columns keeps the most needed keys: run, update, public before timeline and pane', async () => {
    fx = await openSession();
    const app = render(
      <App
        session={fx.session}
        onExit={() => undefined}
        size={{ columns: 80, rows: 24 }}
        extensions={{ composer: () => null, runStep: async () => null, commandDialog: () => null }}
      />,
    );
    unmount = app.unmount;
    const bar = lastLine(await waitUntil(() => app.lastFrame() ?? '', (f) => f.includes('Checklist')));
    expect(bar).toBe('↑/k/↓/j move  space tick  n note  s update  p public  a ack  q leave  ? help');
    expect([...bar].length).toBeLessThanOrEqual(80);
  });

  it('journals notes, status, severity, commander, escalation and resolution', async () => {
    const { frame, stdin } = await mount(100, 30);
    stdin.write('n');
    await waitUntil(frame, (f) => f.includes('Add a note'));
    stdin.write('db looks fine');
    await waitUntil(frame, (f) => f.includes('db looks fine'));
    stdin.write('\r');
    await waitUntil(() => fx.session.state.notes.length, (n) => n === 1);
    stdin.write('i');
    await waitUntil(frame, (f) => f.includes('IDENTIFIED'));
    stdin.write('S');
    await waitUntil(frame, (f) => f.includes('Severity (now SEV-2)'));
    stdin.write(`${ESC}[A`); // up: SEV-1
    await waitUntil(frame, (f) => /❯ SEV-1/.test(f));
    stdin.write('\r');
    await waitUntil(frame, (f) => f.includes(' SEV-1 '));
    stdin.write('C');
    await waitUntil(frame, (f) => f.includes('Hand over command'));
    stdin.write(`${ESC}[B`); // down to "Someone else…"
    await waitUntil(frame, (f) => /❯ Someone else/.test(f));
    stdin.write('\r');
    await waitUntil(frame, (f) => f.includes('New incident commander'));
    stdin.write('bob');
    await waitUntil(frame, (f) => f.includes('› bob'));
    stdin.write('\r');
    await waitUntil(frame, (f) => f.includes('IC bob'));
    stdin.write('e');
    await waitUntil(frame, (f) => f.includes('Page Engineering Manager now (level 1 of 2)?') && f.includes('y yes'));
    stdin.write('y');
    // No comms service here: the page is owed, not sent, and the header says so.
    await waitUntil(frame, (f) => f.includes('CTO in') && f.includes('Engineering Manager page queued'));
    expect(frame()).not.toContain('paged');
    stdin.write('r');
    await waitUntil(frame, (f) => f.includes('Resolve "API High Latency Runbook"?') && f.includes('y yes'));
    stdin.write('y');
    await waitUntil(frame, (f) => f.includes('RESOLVED'));
    const types = (await journalEvents(fx.dir)).map((e) => e.type);
    expect(types).toEqual([
      'incident.opened',
      'note.added',
      'status.changed',
      'severity.changed',
      'commander.changed',
      'escalation.fired',
      'incident.resolved',
    ]);
    expect(lastLine(frame())).not.toMatch(/resolve|escalate/);
    stdin.write('t');
    await waitUntil(frame, (f) => f.includes('Timeline'));
    expect(frame()).toContain('db looks fine');
    // The problem is back: o reopens, after a confirmation.
    stdin.write('t');
    await waitUntil(frame, (f) => !f.includes('Timeline'));
    stdin.write('o');
    await waitUntil(frame, (f) => f.includes('Reopen "API High Latency Runbook"?') && f.includes('y yes'));
    stdin.write('y');
    await waitUntil(frame, (f) => f.includes('INVESTIGATING'));
    expect((await journalEvents(fx.dir)).at(-1)).toMatchObject({ type: 'incident.reopened', actor: 'alice' });
  });

  it('says why a disabled key does nothing', async () => {
    const { frame, stdin } = await mount(100, 30);
    stdin.write('c');
    await waitUntil(frame, (f) => f.includes('c: no command is running'));
    stdin.write('\r');
    await waitUntil(frame, (f) => f.includes('enter: this step has no command or flag'));
  });

  it('q leaves; Ctrl-C asks first and leaves on the second press', async () => {
    const a = await mount();
    a.stdin.write('q');
    await waitUntil(a.exits, (n) => n === 1);
    unmount?.();
    await fx.cleanup();
    const b = await mount();
    b.stdin.write('\u0003');
    await waitUntil(b.frame, (f) => f.includes('Leave the war room?'));
    expect(b.exits()).toBe(0);
    b.stdin.write(ESC);
    await waitUntil(b.frame, (f) => f.includes('Checklist'));
    b.stdin.write('\u0003');
    await waitUntil(b.frame, (f) => f.includes('Leave the war room?'));
    b.stdin.write('\u0003');
    await waitUntil(b.exits, (n) => n === 1);
  });
});
