// Keys pressed while the services load: the first complete frame binds the keys before the runner
// and Slack are attached (start-up need not wait for their module initialisation). A press in that
// moment must be neither lost nor refused ("not available in this session", untrue a moment
// later): it waits at the gate and is handled, in order, by the board that has its services.
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App, type DashboardExtensions } from '../../src/ui/app.tsx';
import { KeyGate } from '../../src/ui/keys/key-gate.ts';
import { inputReady, openSession, waitUntil, type SessionFixture } from '../helpers/dashboard-fixtures.ts';

let fx: SessionFixture | undefined;
let unmount: (() => void) | undefined;
afterEach(async () => {
  unmount?.();
  await fx?.cleanup();
});

describe('KeyGate', () => {
  it('holds presses until it opens, then delivers them in the order they came; an open gate delivers at once', () => {
    const gate = new KeyGate(true);
    const seen: string[] = [];
    gate.admit(() => seen.push('s'));
    gate.admit(() => seen.push('j'));
    expect(seen).toEqual([]);
    expect(gate.waiting).toBe(2);
    gate.release();
    expect(seen).toEqual(['s', 'j']);
    gate.admit(() => seen.push('k'));
    expect(seen).toEqual(['s', 'j', 'k']);
    expect(gate.held).toBe(false);
  });

  it('tells who waits for the listener once it is bound, and later askers at once', async () => {
    const gate = new KeyGate(true);
    const told: string[] = [];
    gate.onceBound(() => told.push('early'));
    const bound = gate.whenBound().then(() => told.push('promise'));
    gate.markBound();
    gate.markBound();
    await bound;
    gate.onceBound(() => told.push('late'));
    expect(told).toEqual(['early', 'promise', 'late']);
  });
});

describe('the dashboard while its services load', () => {
  it('draws the help bar in its very first frame, before any effect has run', async () => {
    fx = await openSession();
    const app = render(<App session={fx.session} onExit={() => undefined} size={{ columns: 100, rows: 30 }} extensions={{ servicesLoading: true }} keyGate={new KeyGate(true)} />);
    unmount = app.unmount;
    expect(app.frames[0]).toMatch(/s update .*q leave {2}\? help/);
  });

  /** The board while its services load, with `s` pressed and held at the gate; `attach` renders it with what the services brought. */
  async function heldPress(): Promise<{ frame: () => string; attach: (extensions: DashboardExtensions) => void }> {
    fx = await openSession();
    const gate = new KeyGate(true);
    const tree = (extensions: DashboardExtensions) => (
      <App session={fx!.session} onExit={() => undefined} size={{ columns: 100, rows: 30 }} extensions={extensions} keyGate={gate} />
    );
    const app = render(tree({ servicesLoading: true }));
    unmount = app.unmount;
    const frame = () => app.lastFrame() ?? '';
    // The help bar offers `s update` before the composer exists: pressed now, it will work.
    await waitUntil(frame, (f) => /s update/.test(f));
    await inputReady(app.stdin);
    app.stdin.write('s');
    await waitUntil(() => gate.waiting, (n) => n === 1);
    return {
      frame,
      attach: (extensions) => {
        app.rerender(tree(extensions));
        gate.release();
      },
    };
  }

  it('shows the keys that will work, holds a press, and hands it to the board once the services are attached', async () => {
    const opened: string[] = [];
    const { frame, attach } = await heldPress();
    expect(opened).toEqual([]);
    expect(frame()).not.toContain('not available');

    attach({
      composer: ({ kind }) => {
        opened.push(kind);
        return null;
      },
      runStep: async () => null,
      commandDialog: () => null,
    });
    await waitUntil(() => opened, (kinds) => kinds.includes('internal'));
    expect(frame()).not.toContain('not available');
  });

  it('without the services (they failed to load), a held key meets a board that says so', async () => {
    const { frame, attach } = await heldPress();
    attach({});
    await waitUntil(frame, (f) => f.includes('status updates are not available in this session'));
  });
});
