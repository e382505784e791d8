import React, { useState } from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmDialog, type ConfirmDialogProps } from '../../src/ui/confirm-dialog.tsx';
import type { ParameterField } from '../../src/ui/parameter-form.tsx';
import { inputReady, waitUntil } from '../helpers/dashboard-fixtures.ts';

interface Calls {
  confirm: (string | undefined)[];
  cancel: number;
  preview: number;
  params: [string, string][];
}

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** Plays the flow's part: parameter values come back as props, like they do through the journal. */
function Harness(props: Omit<ConfirmDialogProps, 'onParameter' | 'onConfirm' | 'onCancel' | 'onPreview' | 'parameters' | 'missing'> & {
  parameters?: ParameterField[];
  calls: Calls;
}) {
  const [params, setParams] = useState<ParameterField[]>(props.parameters ?? []);
  const missing = params.filter((p) => p.value === '').map((p) => p.name);
  const script = params.reduce((s, p) => (p.value ? s.replaceAll(p.raw, p.value) : s), props.script);
  return (
    <ConfirmDialog
      {...props}
      script={script}
      parameters={params}
      missing={missing}
      onParameter={(name, value) => {
        props.calls.params.push([name, value]);
        setParams((ps) => ps.map((p) => (p.name === name ? { ...p, value } : p)));
      }}
      onConfirm={(typed) => props.calls.confirm.push(typed)}
      onCancel={() => (props.calls.cancel += 1)}
      onPreview={() => (props.calls.preview += 1)}
    />
  );
}

async function show(overrides: Partial<React.ComponentProps<typeof Harness>> = {}) {
  const calls: Calls = { confirm: [], cancel: 0, preview: 0, params: [] };
  const app = render(
    <Harness
      title="Rollback Deployment"
      script="kubectl rollout undo deployment/api-service"
      risk="change"
      riskReason="rollout undo"
      cwd="/srv/ops"
      kube={{ context: 'prod-eu', namespace: 'payments', problem: null }}
      confirmation={{ kind: 'yes' }}
      dryRun={false}
      previewAvailable={false}
      width={100}
      height={20}
      calls={calls}
      {...overrides}
    />,
  );
  unmount = app.unmount;
  const frame = () => app.lastFrame() ?? '';
  await waitUntil(frame, (f) => f.includes('$ '));
  await inputReady(app.stdin);
  // The line that asks for a key is drawn once the dialog listens (or the parameter form shows).
  await waitUntil(frame, (f) => /Run it\?|Cannot run|Type |Parameters/.test(f));
  return { ...app, frame, calls };
}

describe('ConfirmDialog', () => {
  it('shows the exact command, the risk in words, the cwd and the kube context', async () => {
    const { frame } = await show();
    const f = frame();
    expect(f).toContain('[CHANGE] Rollback Deployment (rollout undo)');
    expect(f).toContain('$ kubectl rollout undo deployment/api-service');
    expect(f).toContain('cwd: /srv/ops');
    expect(f).toContain('kube context: prod-eu namespace: payments');
    expect(f).toMatch(/y runs · enter\/n\/esc = No \(default\)/);
  });

  it('says plainly when kubectl has no context', async () => {
    const { frame } = await show({ kube: { context: null, namespace: null, problem: 'kubectl not found on PATH' } });
    expect(frame()).toContain('kube: kubectl not found on PATH');
  });

  it('change: enter means No, y confirms', async () => {
    const { stdin, calls } = await show();
    stdin.write('\r');
    await waitUntil(() => calls.cancel, (n) => n === 1);
    expect(calls.confirm).toEqual([]);
    stdin.write('y');
    await waitUntil(() => calls.confirm.length, (n) => n === 1);
  });

  it('read: enter or y runs it', async () => {
    const { stdin, calls } = await show({ risk: 'read', confirmation: { kind: 'key' }, script: 'kubectl get deployments' });
    stdin.write('\r');
    await waitUntil(() => calls.confirm.length, (n) => n === 1);
    stdin.write('y');
    await waitUntil(() => calls.confirm.length, (n) => n === 2);
    expect(calls.cancel).toBe(0);
  });

  it('destructive: y does nothing, the typed word is passed on, the refusal is shown', async () => {
    const { stdin, calls, frame, rerender } = await show({
      risk: 'destructive',
      confirmation: { kind: 'typed', word: 'api-service' },
      script: 'kubectl delete deployment/api-service',
    });
    expect(frame()).toContain('[DESTRUCTIVE]');
    expect(frame()).toContain('Type api-service and press enter to run');
    stdin.write('y');
    await waitUntil(frame, (f) => f.includes('› y'));
    expect(calls.confirm).toEqual([]);
    stdin.write('\u007F'); // backspace
    await waitUntil(frame, (f) => !f.includes('› y'));
    stdin.write('api-service');
    await waitUntil(frame, (f) => f.includes('› api-service'));
    stdin.write('\r');
    await waitUntil(() => calls.confirm, (c) => c.length === 1);
    expect(calls.confirm).toEqual(['api-service']);
    rerender(
      <Harness
        title="Delete"
        script="kubectl delete deployment/api-service"
        risk="destructive"
        cwd="/srv/ops"
        kube={null}
        confirmation={{ kind: 'typed', word: 'api-service' }}
        dryRun={false}
        previewAvailable={false}
        width={100}
        height={20}
        calls={calls}
        error='type "api-service" exactly to run this command'
      />,
    );
    await waitUntil(frame, (f) => f.includes('type "api-service" exactly'));
  });

  it('Esc cancels at any point, parameters included', async () => {
    const { stdin, calls, frame } = await show({
      script: 'kubectl logs <pod-name>',
      parameters: [{ name: 'pod-name', raw: '<pod-name>', value: '' }],
      confirmation: { kind: 'key' },
      risk: 'read',
    });
    expect(frame()).toContain('Parameters');
    stdin.write('\u001B');
    await waitUntil(() => calls.cancel, (n) => n === 1);
  });

  it('asks for parameters first: keys go to the field, not to the confirmation', async () => {
    const { stdin, calls, frame } = await show({
      script: 'kubectl logs <pod-name> -n <ns>',
      parameters: [
        { name: 'pod-name', raw: '<pod-name>', value: '' },
        { name: 'ns', raw: '<ns>', value: '' },
      ],
      confirmation: { kind: 'key' },
      risk: 'read',
    });
    expect(frame()).not.toContain('Run it?');
    stdin.write('y');
    await waitUntil(frame, (f) => f.includes('<pod-name> › y'));
    stdin.write('\r');
    await waitUntil(() => calls.params.length, (n) => n === 1);
    expect(calls.confirm).toEqual([]);
    stdin.write('prod');
    await waitUntil(frame, (f) => f.includes('<ns> › prod'));
    stdin.write('\r');
    await waitUntil(frame, (f) => f.includes('Run it?'));
    expect(calls.params).toEqual([
      ['pod-name', 'y'],
      ['ns', 'prod'],
    ]);
    expect(frame()).toContain('$ kubectl logs y -n prod');
    stdin.write('\r');
    await waitUntil(() => calls.confirm.length, (n) => n === 1);
  });

  it('read-only: shows why it is disabled and ignores y and enter', async () => {
    const { stdin, calls, frame } = await show({
      confirmation: { kind: 'disabled', reason: 'read-only mode: only read commands may run; this one is change (scale)' },
    });
    expect(frame()).toContain('Cannot run: read-only mode: only read commands may run');
    // Keys are handled in order: once Esc has been seen, y and enter were handled (and ignored).
    stdin.write('y');
    stdin.write('\r');
    stdin.write('\u001B');
    await waitUntil(() => calls.cancel, (n) => n === 1);
    expect(calls.confirm).toEqual([]);
  });

  it('d previews when a preview is offered, and only then', async () => {
    const offered = await show({ previewAvailable: true });
    expect(offered.frame()).toContain('d previews (--dry-run=server)');
    offered.stdin.write('d');
    await waitUntil(() => offered.calls.preview, (n) => n === 1);
    offered.unmount();
    const none = await show({ previewAvailable: false });
    none.stdin.write('d');
    none.stdin.write('\u001B');
    await waitUntil(() => none.calls.cancel, (n) => n === 1);
    expect(none.calls.preview).toBe(0);
    expect(none.frame()).not.toContain('previews');
  });

  it('says that nothing will run in dry-run mode', async () => {
    const { frame } = await show({ dryRun: true });
    expect(frame()).toContain('dry run: nothing will run');
  });
});
