// What each change redraws, counted with React's Profiler through the dashboard's render probes
// (src/ui/render-probe.tsx): the clock ticking redraws the header and nothing else, a key that
// moves the cursor never redraws the header or the command output, and a command's output
// redraws the output pane only. Behaviour, not time: counts of commits, never durations.
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/adapters/config.ts';
import { wireServices } from '../../src/app/war-room-services.ts';
import { App } from '../../src/ui/app.tsx';
import { serviceExtensions } from '../../src/ui/service-extensions.tsx';
import type { OutputSource } from '../../src/ui/extensions.ts';
import { dashboardRunbook, inputReady, OPENED_AT, openSession, waitUntil, type SessionFixture } from '../helpers/dashboard-fixtures.ts';

let fx: SessionFixture;
let unmount: (() => void) | undefined;
afterEach(async () => {
  unmount?.();
  await fx?.cleanup();
});

/** Commits per probed part since the last reset. */
class RenderCounts {
  counts = new Map<string, number>();
  readonly onRender = (id: string) => {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  };
  reset(): void {
    this.counts.clear();
  }
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** A feed the test pushes lines into, read the way the command flow's is (subscribe + getLines). */
class PushedOutput implements OutputSource {
  #lines: readonly string[] = [];
  readonly #listeners = new Set<() => void>();
  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  getLines = () => this.#lines;
  push(...lines: string[]): void {
    this.#lines = [...this.#lines, ...lines];
    for (const listener of this.#listeners) listener();
  }
}

async function mount(extensions: { output?: OutputSource } | 'services' = {}) {
  fx = await openSession({ runbook: dashboardRunbook(500) });
  if (extensions === 'services') {
    // The war room's own services (runner, comms with its outbox: no Slack configured), as the program attaches them.
    const home = mkdtempSync(path.join(os.tmpdir(), 'warroom-render-home-'));
    const cleanup = fx.cleanup;
    fx.cleanup = async () => {
      await cleanup();
      rmSync(home, { recursive: true, force: true });
    };
    const services = wireServices(fx.room, { config: loadConfig({ WARROOM_HOME: home }), env: {}, cwd: fx.dir, mode: { dryRun: false, readonly: false }, comms: { now: fx.clock.now } });
    extensions = serviceExtensions(fx.session, services);
  }
  const counts = new RenderCounts();
  const app = render(<App session={fx.session} onExit={() => undefined} size={{ columns: 80, rows: 24 }} probe={counts.onRender} extensions={extensions} />);
  unmount = app.unmount;
  const frame = () => app.lastFrame() ?? '';
  await waitUntil(frame, (f) => f.includes('Checklist'));
  await inputReady(app.stdin);
  return { ...app, frame, counts };
}

/** The dashboard settles after mounting (keys publish to the help bar in an effect); wait until a commit-free moment. */
async function settled(counts: RenderCounts): Promise<void> {
  let last = -1;
  await waitUntil(
    () => {
      const total = [...counts.counts.values()].reduce((n, c) => n + c, 0);
      const same = total === last;
      last = total;
      return same;
    },
    (same) => same,
  );
  counts.reset();
}

describe('what redraws', () => {
  it('a clock tick redraws the header only, once per tick', async () => {
    const app = await mount();
    await settled(app.counts);
    const TICKS = 5;
    for (let i = 1; i <= TICKS; i++) {
      fx.clock.ms = OPENED_AT + i * 1000;
      await fx.session.tick();
      await waitUntil(app.frame, (f) => f.includes(`00:00:0${i}`));
    }
    expect(app.counts.snapshot()).toEqual({ header: TICKS });
  });

  it('with the services attached (runner, comms, outbox), a clock tick still redraws the header only', async () => {
    const app = await mount('services');
    await settled(app.counts);
    const TICKS = 5;
    for (let i = 1; i <= TICKS; i++) {
      fx.clock.ms = OPENED_AT + i * 1000;
      await fx.session.tick();
      await waitUntil(app.frame, (f) => f.includes(`00:00:0${i}`));
    }
    expect(app.counts.snapshot()).toEqual({ header: TICKS });
  });

  it('a key that moves the cursor redraws the checklist and the step detail, not the header or the output', async () => {
    const app = await mount();
    await settled(app.counts);
    app.stdin.write('j');
    await waitUntil(app.frame, (f) => /›\s+\[ \] Check Status Page/.test(f));
    const counts = app.counts.snapshot();
    expect(counts.checklist).toBeGreaterThanOrEqual(1);
    expect(counts.detail).toBeGreaterThanOrEqual(1);
    expect(counts.header).toBeUndefined();
    expect(counts.output).toBeUndefined();
    expect(counts.timeline).toBeUndefined();
    expect(counts.status).toBeUndefined();
  });

  it("a running command's output redraws the output pane only", async () => {
    const output = new PushedOutput();
    const app = await mount({ output });
    // The pane follows the feed only while a command runs: one is running, as the journal says.
    const requested = await fx.session.dispatch({
      type: 'command.requested', actor: 'alice', stepId: 'inv/changes', commandId: 'inv/changes/c0', template: 'kubectl get deployments', risk: 'read',
    });
    const requestSeq = requested!.seq;
    await fx.session.dispatch({
      type: 'command.confirmed', actor: 'alice', requestSeq, script: 'kubectl get deployments', confirmation: 'key', kubeContext: null, kubeNamespace: null, dryRun: false,
    });
    await fx.session.dispatch({
      type: 'command.started', actor: 'system', requestSeq, pid: 1, cwd: '/', script: 'kubectl get deployments', kubeContext: null, outputFile: `commands/${requestSeq}.log`,
    });
    await waitUntil(app.frame, (f) => f.includes('running'));
    await settled(app.counts);
    const BATCHES = 3;
    for (let i = 1; i <= BATCHES; i++) {
      output.push(`batch ${i} line a`, `batch ${i} line b`);
      await waitUntil(app.frame, (f) => f.includes(`batch ${i} line b`));
    }
    expect(app.counts.snapshot()).toEqual({ output: BATCHES });
  });
});
