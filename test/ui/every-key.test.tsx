// Every dashboard binding of the key table, pressed through stdin in the real dashboard, does
// what it says: the test drives the handlers, not the table. A binding without a check here
// fails the test, so a row cannot be added to the table without a handler that does its job.
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/app.tsx';
import type { DashboardExtensions } from '../../src/ui/extensions.ts';
import { keymap, type ActionId } from '../../src/core/keymap.ts';
import { parseKeySpec } from '../../src/core/keys/key-spec.ts';
import { inputReady, openSession, waitUntil, type SessionFixture } from '../helpers/dashboard-fixtures.ts';

/** What a terminal sends for a key spec. */
const SEQUENCES: Record<string, string> = {
  up: '\u001b[A', down: '\u001b[B', home: '\u001b[H', end: '\u001b[F', return: '\r', tab: '\t', space: ' ', escape: '\u001b',
};
function bytesOf(spec: string): string {
  const { name, ctrl } = parseKeySpec(spec);
  if (ctrl) return String.fromCharCode(name.charCodeAt(0) - 96);
  return SEQUENCES[name] ?? name;
}

interface Probe {
  fx: SessionFixture;
  frame: () => string;
  calls: string[];
  exits: () => number;
}

interface Expectation {
  /** Journal events to record before mounting (a run in progress, a resolved incident). */
  prepare?: (fx: SessionFixture) => Promise<void>;
  /** Keys pressed first, so the binding has something to do (the cursor away from the top). */
  before?: string;
  done: (p: Probe) => boolean;
}

const cursorRow = (frame: string) => frame.split('\n').find((l) => l.startsWith('›')) ?? '';
const running = async (fx: SessionFixture) => {
  const requested = await fx.session.dispatch({ type: 'command.requested', actor: 'alice', stepId: 'inv/changes', commandId: 'inv/changes/c0', template: 'kubectl get deployments', risk: 'read' });
  const requestSeq = requested!.seq;
  await fx.session.dispatch({ type: 'command.confirmed', actor: 'alice', requestSeq, script: 'kubectl get deployments', confirmation: 'key', kubeContext: null, kubeNamespace: null, dryRun: false });
  await fx.session.dispatch({ type: 'command.started', actor: 'alice', requestSeq, pid: 1, cwd: '/', script: 'kubectl get deployments', kubeContext: null, outputFile: 'commands/2.log' });
};

const EXPECT: Partial<Record<ActionId, Expectation>> = {
  'move-up': { before: 'jj', done: (p) => cursorRow(p.frame()).includes('Check Status Page') },
  'move-down': { done: (p) => cursorRow(p.frame()).includes('Check Status Page') },
  first: { before: 'jj', done: (p) => cursorRow(p.frame()).includes('Check Datadog Dashboard') },
  last: { done: (p) => cursorRow(p.frame()).includes('Enable Circuit Breaker') },
  'toggle-step': { done: (p) => p.fx.session.state.steps['checks/datadog']?.state === 'checked' },
  'run-step': { before: 'G', done: (p) => p.calls.includes('runStep mit/breaker') },
  'switch-pane': { done: (p) => p.frame().includes('▸Output') },
  timeline: { done: (p) => p.frame().includes('Timeline') },
  note: { done: (p) => p.frame().includes('Add a note') },
  'update-internal': { done: (p) => p.calls.includes('composer internal') },
  'update-public': { done: (p) => p.calls.includes('composer public') },
  'status-identified': { done: (p) => p.fx.session.state.status === 'identified' },
  'status-monitoring': { done: (p) => p.fx.session.state.status === 'monitoring' },
  'status-resolved': { done: (p) => p.frame().includes('Resolve "') },
  reopen: { prepare: async (fx) => void (await fx.session.resolve()), done: (p) => p.frame().includes('Reopen "') },
  escalate: { done: (p) => p.frame().includes('Page Engineering Manager now (level 1 of 2)?') },
  acknowledge: { done: (p) => p.fx.session.state.acknowledged?.via === 'operator' && p.frame().includes('acknowledged by alice') },
  severity: { done: (p) => p.frame().includes('Severity (now SEV-2)') },
  commander: { done: (p) => p.frame().includes('Hand over command') },
  'take-role': { done: (p) => p.frame().includes('Take or give a role') },
  approve: { done: (p) => p.frame().includes('nothing waits for your approval') },
  'cancel-command': { prepare: running, done: (p) => p.calls.includes('cancel') },
  'run-all': { before: 'jjjjj', done: (p) => p.calls.includes('runStep inv/changes inv/changes/c0') },
  'shell-out': { before: 'jjjjj', done: (p) => p.calls.includes('shellOut inv/changes') },
  help: { done: (p) => p.frame().includes('Keys (dimmed') },
  quit: { done: (p) => p.exits() === 1 },
  interrupt: { done: (p) => p.frame().includes('Leave the war room?') },
  silence: {
    prepare: async (fx) =>
      void (await fx.session.dispatch({
        type: 'alert.linked', actor: 'alice', source: 'alertmanager', fingerprint: 'fcec5b28c70ac6a3', name: 'HighLatency', labels: { alertname: 'HighLatency' },
        annotations: {}, startsAt: '2026-11-26T10:00:00.000Z', generatorURL: null, filled: [], pagerdutyUrl: null,
      })),
    done: (p) => p.calls.includes('alertDialog silence'),
  },
  'statuspage-resend': { done: (p) => p.calls.includes('resendDialog') },
};

let fx: SessionFixture | undefined;
let unmount: (() => void) | undefined;
afterEach(async () => {
  unmount?.();
  await fx?.cleanup();
  fx = undefined;
});

async function mount(expectation: Expectation): Promise<Probe & { stdin: { write(s: string): void } }> {
  fx = await openSession();
  await expectation.prepare?.(fx);
  const calls: string[] = [];
  let exits = 0;
  const extensions: DashboardExtensions = {
    runStep: async (stepId, commandId) => {
      calls.push(commandId ? `runStep ${stepId} ${commandId}` : `runStep ${stepId}`);
      return null;
    },
    shellOut: async (stepId) => {
      calls.push(`shellOut ${stepId}`);
      return null;
    },
    commandDialog: () => null,
    cancelCommand: () => void calls.push('cancel'),
    composer: ({ kind }) => {
      calls.push(`composer ${kind}`);
      return null;
    },
    silenceUnavailable: () => null,
    refusedStatusUpdate: () => 'status-refused',
    resendDialog: () => {
      calls.push('resendDialog');
      return null;
    },
    alertDialog: ({ purpose }) => {
      calls.push(`alertDialog ${purpose}`);
      return null;
    },
  };
  const app = render(<App session={fx.session} onExit={() => (exits += 1)} size={{ columns: 100, rows: 30 }} extensions={extensions} />);
  unmount = app.unmount;
  const frame = () => app.lastFrame() ?? '';
  await waitUntil(frame, (f) => f.includes('Checklist'));
  await inputReady(app.stdin);
  return { fx, frame, calls, exits: () => exits, stdin: app.stdin };
}

const board = keymap.filter((b) => b.modes.includes('dashboard'));

describe('every dashboard key, through the real handlers', () => {
  it('has a check for every dashboard binding of the table', () => {
    expect(board.map((b) => b.action).filter((action) => EXPECT[action] === undefined)).toEqual([]);
  });

  const cases = board.flatMap((b) => b.keys.map((spec) => [b.action, spec] as const));
  it.each(cases)('%s: %s', async (action, spec) => {
    const expectation = EXPECT[action]!;
    const probe = await mount(expectation);
    if (expectation.before) {
      const before = probe.frame();
      probe.stdin.write(expectation.before);
      await waitUntil(probe.frame, (f) => f !== before);
    }
    probe.stdin.write(bytesOf(spec));
    await waitUntil(() => expectation.done(probe), Boolean);
  });
});

describe('the keys of the layers above the board, through their real handlers', () => {
  it.each(keymap.find((b) => b.action === 'close-help')!.keys)('help screen: %s closes it', async (spec) => {
    const probe = await mount({ done: () => true });
    probe.stdin.write('?');
    await waitUntil(probe.frame, (f) => f.includes('Keys (dimmed'));
    probe.stdin.write(bytesOf(spec));
    await waitUntil(probe.frame, (f) => f.includes('Checklist') && !f.includes('Keys (dimmed'));
  });

  it.each(['j', 'down', 'space'])('help screen: %s scrolls it when it is taller than the screen, k goes back', async (spec) => {
    fx = await openSession();
    const app = render(<App session={fx.session} onExit={() => undefined} size={{ columns: 80, rows: 16 }} />);
    unmount = app.unmount;
    const frame = () => app.lastFrame() ?? '';
    await waitUntil(frame, (f) => f.includes('Checklist'));
    await inputReady(app.stdin);
    app.stdin.write('?');
    const first = await waitUntil(frame, (f) => f.includes('more lines: j or ↓ scrolls'));
    app.stdin.write(bytesOf(spec));
    const scrolled = await waitUntil(frame, (f) => f !== first);
    expect(scrolled.split('\n')[4]).toBe(first.split('\n')[5]);
    app.stdin.write('k');
    await waitUntil(frame, (f) => f === first);
  });

  it('e asks who is paged and how; y pages that level, and the header moves on to the next', async () => {
    const probe = await mount({ done: () => true });
    probe.stdin.write('e');
    await waitUntil(probe.frame, (f) => f.includes('Page Engineering Manager now (level 1 of 2)?') && f.includes('15-minute threshold will not page'));
    expect(probe.fx.session.state.escalations).toEqual([]);
    probe.stdin.write('y');
    await waitUntil(() => probe.fx.session.state.escalations.length, (n) => n === 1);
    expect(probe.fx.session.state.escalations[0]).toMatchObject({ level: 1, manual: true, target: 'Engineering Manager' });
    await waitUntil(probe.frame, (f) => f.includes('CTO in') && f.includes('escalation to Engineering Manager recorded'));
  });

  const question = keymap.filter((b) => b.modes.includes('question')).flatMap((b) => b.keys.map((spec) => [b.action, spec] as const));
  it.each(question)('resolve question: %s (%s)', async (action, spec) => {
    const probe = await mount({ done: () => true });
    probe.stdin.write('r');
    await waitUntil(probe.frame, (f) => f.includes('y yes · esc'));
    probe.stdin.write(bytesOf(spec));
    if (action === 'question-yes') await waitUntil(() => probe.fx.session.state.status, (s) => s === 'resolved');
    else if (action === 'interrupt') await waitUntil(probe.frame, (f) => f.includes('Leave the war room?'));
    else {
      await waitUntil(probe.frame, (f) => f.includes('Checklist'));
      expect(probe.fx.session.state.status).toBe('investigating');
    }
  });
});
