// The dialog shows the whole command, always: long lines wrap (never `…`), the box is as tall as
// its content, and a command taller than the room scrolls inside it; y and enter refuse until its
// last line has been on screen.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import React from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmDialog, type ConfirmDialogProps } from '../../src/ui/confirm-dialog.tsx';
import { inputReady, waitUntil } from '../helpers/dashboard-fixtures.ts';
import { runbookScript } from '../../src/core/command/runbook-script.ts';
import { parseRunbook } from '../../src/core/runbook/parse.ts';
import type { RunbookStep } from '../../src/core/runbook/types.ts';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const LONG = `psql "$DATABASE_URL" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle in transaction' AND now() - state_change > interval '5 minutes' AND usename <> 'replication'"`;
const squash = (text: string) => text.replace(/[\s│╭╮╰╯─]+/g, '');

async function show(overrides: Partial<ConfirmDialogProps>) {
  const calls = { confirm: 0, cancel: 0 };
  const app = render(
    <ConfirmDialog
      title="Terminate the sessions that sit idle in a transaction for more than five minutes, sparing replication"
      script={LONG}
      risk="destructive"
      riskReason="pg_terminate_backend"
      cwd="/srv/ops/a/rather/long/working/directory/that/goes/on/and/on/for/a/while"
      kube={{ context: 'arn:aws:eks:eu-west-1:123456789012:cluster/production-payments-primary', namespace: 'payments-ledger-settlement', problem: null }}
      parameters={[]}
      missing={[]}
      confirmation={{ kind: 'key' }}
      dryRun={false}
      previewAvailable={false}
      width={60}
      height={20}
      onParameter={() => undefined}
      onConfirm={() => (calls.confirm += 1)}
      onCancel={() => (calls.cancel += 1)}
      {...overrides}
    />,
  );
  unmount = app.unmount;
  const frame = () => app.lastFrame() ?? '';
  await waitUntil(frame, (f) => /Run it\?|Type /.test(f));
  await inputReady(app.stdin);
  return { ...app, frame, calls };
}

describe('ConfirmDialog wraps and scrolls', () => {
  it('wraps the command, title, kube context, cwd and notices: every character shown, no ellipsis', async () => {
    const notice = 'runs on node ip-10-0-1-2.eu-west-1.compute.internal through oc debug, composed as shown; nothing runs on this machine';
    const { frame } = await show({ notices: [{ text: notice, tone: 'warn' }] });
    const f = frame();
    expect(f).not.toContain('…');
    for (const part of [LONG, 'Terminate the sessions that sit idle in a transaction for more than five minutes, sparing replication', 'arn:aws:eks:eu-west-1:123456789012:cluster/production-payments-primary', '/srv/ops/a/rather/long/working/directory/that/goes/on/and/on/for/a/while', notice]) {
      expect(squash(f)).toContain(squash(part));
    }
    for (const row of f.split('\n')) expect(row.length).toBeLessThanOrEqual(60);
  });

  it('is as tall as its content, not the height it was given', async () => {
    const { frame } = await show({ script: 'kubectl get pods', title: 'Pods', cwd: '/srv', kube: null, height: 30 });
    const rows = frame().split('\n');
    expect(rows.length).toBeLessThan(10);
    expect(rows.at(-1)).toMatch(/╰─+╯/);
  });

  it('a command taller than the dialog scrolls; y and enter refuse until its end was on screen', async () => {
    const script = Array.from({ length: 30 }, (_, i) => `echo line-${i + 1}`).join('\n');
    const { frame, stdin, calls } = await show({ script, height: 16, kube: null, title: 'Tall', cwd: '/srv' });
    expect(frame().split('\n').length).toBeLessThanOrEqual(16);
    expect(frame()).toContain('echo line-1');
    expect(frame()).not.toContain('echo line-30');
    expect(frame()).toMatch(/cannot run until you have seen its end/);
    stdin.write('y');
    await waitUntil(frame, (f) => f.includes('not run: scroll down'));
    stdin.write('\r');
    expect(calls.confirm).toBe(0);
    const first = (f: string) => Number(/lines (\d+)-/.exec(f)?.[1] ?? 0);
    while (!frame().includes('echo line-30')) {
      const before = first(frame());
      stdin.write('\u001b[B'); // down: wait until the window moved
      await waitUntil(frame, (f) => first(f) > before);
    }
    await waitUntil(frame, (f) => f.includes('echo line-30') && f.includes('end of the command'));
    expect(frame()).not.toContain('…');
    stdin.write('\u001b[A'); // up again: the end was seen, so y runs
    await waitUntil(frame, (f) => !f.includes('echo line-30'));
    stdin.write('y');
    await waitUntil(() => calls.confirm, (n) => n === 1);
  });
});

describe('no confirmation dialog shows an ellipsis', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const files = [
    ...readdirSync(path.join(root, 'runbooks')).filter((f) => f.endsWith('.md') && f !== 'FORMAT.md').map((f) => path.join(root, 'runbooks', f)),
    ...readdirSync(path.join(root, 'test/fixtures/runbook/public')).filter((f) => f.endsWith('.md') && f !== 'SOURCES.md').map((f) => path.join(root, 'test/fixtures/runbook/public', f)),
  ];
  const all = (list: RunbookStep[]): RunbookStep[] => list.flatMap((s) => [s, ...all(s.children)]);

  it.each(files.map((f) => [path.basename(f), f]))('%s: every command, at 80 and 120 columns', async (_name, file) => {
    const runbook = parseRunbook(readFileSync(file, 'utf8'), file);
    for (const step of runbook.sections.flatMap((s) => all(s.steps))) {
      for (const command of step.commands) {
        const prepared = runbookScript(runbook, command, {}, { computeReads: false });
        if (prepared.manual) continue;
        for (const [width, height] of [[80, 20], [120, 36]] as const) {
          const app = render(
            <ConfirmDialog
              title={step.text}
              script={prepared.script}
              risk={prepared.risk}
              riskReason={prepared.riskReason}
              cwd="/srv/ops"
              kube={null}
              parameters={[]}
              missing={[]}
              notices={prepared.notices}
              confirmation={{ kind: 'key' }}
              dryRun={false}
              previewAvailable={false}
              width={width}
              height={height}
              onParameter={() => undefined}
              onConfirm={() => undefined}
              onCancel={() => undefined}
            />,
          );
          const frame = await waitUntil(() => app.lastFrame() ?? '', (f) => f.includes('╰'));
          app.unmount();
          expect(frame, `${file}:${command.position.start.line}`).not.toContain('…');
          if (!/lines \d+-\d+ of/.test(frame)) expect(squash(frame)).toContain(squash(prepared.script));
        }
      }
    }
  }, 120_000);
});

describe('ConfirmDialog changes values already set', () => {
  it('ctrl+e asks again for a value taken from the alert, and records what the operator typed', async () => {
    const recorded: [string, string][] = [];
    const { frame, stdin } = await show({
      script: 'kubectl -n db get pvc data-postgres-0',
      risk: 'read',
      riskReason: undefined,
      parameters: [{ name: 'namespace', raw: '<namespace>', value: 'db' }],
      notices: [{ text: '<namespace> = db: from the alert (label namespace)', tone: 'info' }],
      onParameter: (name, value) => recorded.push([name, value]),
    });
    expect(frame()).toContain('from the alert');
    stdin.write('\u0005'); // ctrl+e
    await waitUntil(frame, (f) => /<namespace>\s+›/.test(f));
    await inputReady(stdin);
    stdin.write('prod');
    await waitUntil(frame, (f) => f.includes('prod'));
    stdin.write('\r');
    await waitUntil(() => recorded.length, (n) => n > 0);
    expect(recorded).toEqual([['namespace', 'prod']]);
  });
});
