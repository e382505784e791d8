// Scrolling the output and timeline panes: never past the first line (a blank pane looks like
// "no output"), and a scrolled-back pane says so, so old lines are not taken for the latest.
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.tsx';
import { inputReady, openSession, waitUntil, type SessionFixture } from '../helpers/dashboard-fixtures.ts';

let fx: SessionFixture | undefined;
let unmount: (() => void) | undefined;
afterEach(async () => {
  unmount?.();
  await fx?.cleanup();
});

async function finishedCommand(session: SessionFixture['session'], lines: number) {
  const requested = await session.dispatch({
    type: 'command.requested', actor: 'alice', stepId: 'inv/changes', commandId: 'inv/changes/c0', template: 'kubectl get deployments', risk: 'read',
  });
  const requestSeq = requested!.seq;
  await session.dispatch({
    type: 'command.confirmed', actor: 'alice', requestSeq, script: 'kubectl get deployments', confirmation: 'key', kubeContext: null, kubeNamespace: null, dryRun: false,
  });
  await session.dispatch({
    type: 'command.started', actor: 'system', requestSeq, pid: 1, cwd: '/', script: 'kubectl get deployments', kubeContext: null, outputFile: `commands/${requestSeq}.log`,
  });
  await session.dispatch({
    type: 'command.finished', actor: 'system', requestSeq, exitCode: 0, signal: null, durationMs: 1200, outputFile: `commands/${requestSeq}.log`,
    outputBytes: 10, outputSha256: null, timedOut: false, cancelled: false, dryRun: false, error: null,
    tail: Array.from({ length: lines }, (_, i) => `output line ${i + 1}`),
  });
}

describe('output pane scrolling', () => {
  it('g shows the first lines (not an empty pane), the title says it is scrolled back, G follows the end again', async () => {
    fx = await openSession();
    await finishedCommand(fx.session, 20);
    const app = render(<App session={fx.session} onExit={() => undefined} size={{ columns: 80, rows: 24 }} />);
    unmount = app.unmount;
    const frame = () => app.lastFrame() ?? '';
    await waitUntil(frame, (f) => f.includes('output line 20'));
    await inputReady(app.stdin);
    app.stdin.write('\t');
    await waitUntil(frame, (f) => f.includes('▸Output'));
    app.stdin.write('kk');
    await waitUntil(frame, (f) => f.includes('scrolled back 2 lines · G shows the latest'));
    expect(frame()).not.toContain('output line 20');
    app.stdin.write('g');
    const top = await waitUntil(frame, (f) => f.includes('output line 1\n'));
    const outputRows = top.split('\n').filter((l) => l.startsWith('output line '));
    // The pane is full from the first line down, not one line on an otherwise empty pane.
    expect(outputRows.length).toBeGreaterThan(3);
    expect(outputRows[0]).toBe('output line 1');
    expect(top).toMatch(/scrolled back \d+ lines/);
    app.stdin.write('G');
    await waitUntil(frame, (f) => f.includes('output line 20') && !f.includes('scrolled back'));
  });
});

describe('timeline pane scrolling', () => {
  it('scrolls back by entries and says so', async () => {
    fx = await openSession();
    for (let i = 1; i <= 30; i += 1) await fx.session.addNote(`note number ${i}`);
    const app = render(<App session={fx.session} onExit={() => undefined} size={{ columns: 80, rows: 24 }} />);
    unmount = app.unmount;
    const frame = () => app.lastFrame() ?? '';
    await waitUntil(frame, (f) => f.includes('Checklist'));
    await inputReady(app.stdin);
    app.stdin.write('t');
    await waitUntil(frame, (f) => f.includes('note number 30'));
    app.stdin.write('\t');
    await waitUntil(frame, (f) => f.includes('▸Timeline'));
    app.stdin.write('g');
    await waitUntil(frame, (f) => f.includes('war room opened') && f.includes('scrolled back'));
    expect(frame()).not.toContain('note number 30');
    app.stdin.write('G');
    await waitUntil(frame, (f) => f.includes('note number 30') && !f.includes('scrolled back'));
  });
});
