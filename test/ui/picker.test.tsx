import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Picker, type PickerChoice } from '../../src/ui/picker.tsx';
import { inputReady, waitUntil } from '../helpers/dashboard-fixtures.ts';

const ESC = '\u001b';
const DOWN = `${ESC}[B`;

function mount(extra: Partial<React.ComponentProps<typeof Picker>> = {}) {
  const done: (PickerChoice | null)[] = [];
  const app = render(
    <Picker
      {...extra}
      incidents={[{ id: '2026-11-26-1000-api', title: 'API High Latency', severity: 'SEV-2', status: 'investigating', age: '12m' }]}
      runbooks={[
        { path: 'runbooks/api-high-latency.md', title: 'API High Latency Runbook', severity: 'SEV-2' },
        { path: 'runbooks/db-pool.md', title: 'Database Pool Exhaustion', severity: 'SEV-1' },
      ]}
      operator="alice"
      onDone={(c) => done.push(c)}
      size={{ columns: 100, rows: 20 }}
    />,
  );
  return { ...app, frame: () => app.lastFrame() ?? '', done };
}

describe('Picker', () => {
  it('lists open incidents and runbooks with title and severity; enter resumes', async () => {
    const p = mount();
    await waitUntil(p.frame, (f) => f.includes('Resume  SEV-2  API High Latency'));
    expect(p.frame()).toContain('Start   SEV-1  Database Pool Exhaustion · runbooks/db-pool.md');
    await inputReady(p.stdin);
    p.stdin.write('\r');
    await waitUntil(() => p.done.length, (n) => n === 1);
    expect(p.done[0]).toEqual({ kind: 'resume', id: '2026-11-26-1000-api' });
    p.unmount();
  });

  it("starting a runbook asks severity (default the runbook's) then commander (default the operator)", async () => {
    const p = mount();
    await waitUntil(p.frame, (f) => f.includes('Database Pool Exhaustion'));
    await inputReady(p.stdin);
    p.stdin.write(DOWN);
    await waitUntil(p.frame, (f) => /❯ Start {3}SEV-2/.test(f));
    p.stdin.write(DOWN);
    await waitUntil(p.frame, (f) => /❯ Start {3}SEV-1/.test(f));
    p.stdin.write('\r');
    await waitUntil(p.frame, (f) => f.includes('Database Pool Exhaustion: severity'));
    expect(p.frame()).toMatch(/❯ SEV-1/);
    p.stdin.write(DOWN); // SEV-2
    await waitUntil(p.frame, (f) => /❯ SEV-2/.test(f));
    p.stdin.write('\r');
    await waitUntil(p.frame, (f) => f.includes('incident commander') && f.includes('alice'));
    p.stdin.write('\r');
    // Nothing known about the cluster or Slack: drill is preselected; ↓ chooses live.
    await waitUntil(p.frame, (f) => f.includes('live or drill?') && /❯ Drill/.test(f));
    expect(p.frame()).toContain('Live will touch: no kube context · Slack not configured · PagerDuty not configured');
    p.stdin.write(DOWN);
    await waitUntil(p.frame, (f) => /❯ Live/.test(f));
    p.stdin.write('\r');
    await waitUntil(() => p.done.length, (n) => n === 1);
    expect(p.done[0]).toEqual({ kind: 'run', path: 'runbooks/db-pool.md', severity: 'SEV-2', commander: 'alice', dryRun: false });
    p.unmount();
  });

  it("enter through the questions takes the defaults: the runbook's severity and the operator", async () => {
    const p = mount();
    await waitUntil(p.frame, (f) => f.includes('API High Latency Runbook'));
    await inputReady(p.stdin);
    p.stdin.write(DOWN);
    await waitUntil(p.frame, (f) => /❯ Start {3}SEV-2 {2}API High Latency Runbook/.test(f));
    p.stdin.write('\r');
    await waitUntil(p.frame, (f) => f.includes('API High Latency Runbook: severity'));
    expect(p.frame()).toMatch(/❯ SEV-2/);
    p.stdin.write('\r');
    await waitUntil(p.frame, (f) => f.includes('incident commander'));
    p.stdin.write('\r');
    await waitUntil(p.frame, (f) => f.includes('live or drill?'));
    p.stdin.write('\r');
    await waitUntil(() => p.done.length, (n) => n === 1);
    expect(p.done[0]).toEqual({ kind: 'run', path: 'runbooks/api-high-latency.md', severity: 'SEV-2', commander: 'alice', dryRun: true });
    p.unmount();
  });

  it('with a kube context and Slack, live is preselected and says what it will touch; --dry-run preselects drill', async () => {
    const live = { kubeContext: 'prod-eu-1', slack: '#incidents (Web API)', pagerduty: true };
    for (const drill of [false, true]) {
      const p = mount({ live, drill });
      await waitUntil(p.frame, (f) => f.includes('API High Latency Runbook'));
      await inputReady(p.stdin);
      p.stdin.write(DOWN);
      await waitUntil(p.frame, (f) => /❯ Start {3}SEV-2 {2}API High Latency Runbook/.test(f));
      p.stdin.write('\r');
      await waitUntil(p.frame, (f) => f.includes('API High Latency Runbook: severity'));
      p.stdin.write('\r');
      await waitUntil(p.frame, (f) => f.includes('incident commander'));
      p.stdin.write('\r');
      await waitUntil(p.frame, (f) => f.includes('live or drill?'));
      expect(p.frame()).toContain('Live will touch: kube context prod-eu-1 · Slack #incidents (Web API) · PagerDuty (routing key set)');
      expect(p.frame()).toMatch(drill ? /❯ Drill/ : /❯ Live/);
      p.stdin.write('\r');
      await waitUntil(() => p.done.length, (n) => n === 1);
      expect(p.done[0]).toMatchObject({ kind: 'run', dryRun: drill });
      p.unmount();
    }
  });

  it('? explains the picker, live and drill; ? again goes back to the list', async () => {
    const p = mount();
    await waitUntil(p.frame, (f) => f.includes('Resume'));
    await inputReady(p.stdin);
    p.stdin.write('?');
    await waitUntil(p.frame, (f) => f.includes('warroom: the picker') && f.includes('Drill: the same war room'));
    p.stdin.write('?');
    await waitUntil(p.frame, (f) => f.includes('Resume  SEV-2'));
    expect(p.done).toEqual([]);
    p.unmount();
  });

  it('esc leaves without a choice', async () => {
    const p = mount();
    await waitUntil(p.frame, (f) => f.includes('Resume'));
    await inputReady(p.stdin);
    p.stdin.write(ESC);
    await waitUntil(() => p.done.length, (n) => n === 1);
    expect(p.done[0]).toBeNull();
    p.unmount();
  });
});

describe('Picker: firing alerts first', () => {
  function mountAlerts() {
    const done: (PickerChoice | null)[] = [];
    const app = render(
      <Picker
        alerts={[
          { index: 0, source: 'alertmanager', name: 'KubePodCrashLooping', labels: 'namespace=shop pod=api-1', severity: 'SEV-3', age: '9m', runbook: 'runbooks/KubePodCrashLooping.md', runbookChoices: [] },
          { index: 1, source: 'alertmanager', name: 'DiskFull', labels: 'instance=db-1', severity: 'SEV-3', age: '3m', runbook: null, runbookChoices: [] },
        ]}
        notices={['Alertmanager at http://x is unreachable']}
        incidents={[]}
        runbooks={[{ path: 'runbooks/db-pool.md', title: 'Database Pool Exhaustion', severity: 'SEV-1' }]}
        operator="alice"
        onDone={(c) => done.push(c)}
        size={{ columns: 120, rows: 20 }}
      />,
    );
    return { ...app, frame: () => app.lastFrame() ?? '', done };
  }

  it('lists alerts before runbooks and opens one in one enter', async () => {
    const p = mountAlerts();
    await waitUntil(p.frame, (f) => /❯ Alert\s+SEV-3\s+KubePodCrashLooping · 9m · namespace=shop pod=api-1 · runbooks\/KubePodCrashLooping.md/.test(f));
    expect(p.frame()).toContain('Alertmanager at http://x is unreachable');
    expect(p.frame().indexOf('DiskFull')).toBeLessThan(p.frame().indexOf('Database Pool Exhaustion'));
    await inputReady(p.stdin);
    p.stdin.write('\r');
    await waitUntil(() => p.done.length, (n) => n === 1);
    expect(p.done[0]).toEqual({ kind: 'alert', index: 0, severity: 'SEV-3', runbookPath: null });
    p.unmount();
  });

  it('S changes the severity before opening', async () => {
    const p = mountAlerts();
    await waitUntil(p.frame, (f) => f.includes('KubePodCrashLooping'));
    await inputReady(p.stdin);
    p.stdin.write('S');
    await waitUntil(p.frame, (f) => f.includes('KubePodCrashLooping: severity') && /❯ SEV-3/.test(f));
    p.stdin.write(`${ESC}[A`);
    await waitUntil(p.frame, (f) => /❯ SEV-2/.test(f));
    p.stdin.write('\r');
    await waitUntil(() => p.done.length, (n) => n === 1);
    expect(p.done[0]).toEqual({ kind: 'alert', index: 0, severity: 'SEV-2', runbookPath: null });
    p.unmount();
  });

  it('an alert that maps to no runbook asks which one', async () => {
    const p = mountAlerts();
    await waitUntil(p.frame, (f) => f.includes('DiskFull'));
    await inputReady(p.stdin);
    p.stdin.write(DOWN);
    await waitUntil(p.frame, (f) => /❯ Alert\s+SEV-3\s+DiskFull/.test(f));
    p.stdin.write('\r');
    await waitUntil(p.frame, (f) => f.includes('DiskFull: which runbook?') && f.includes('runbooks/db-pool.md'));
    p.stdin.write('\r');
    await waitUntil(() => p.done.length, (n) => n === 1);
    expect(p.done[0]).toEqual({ kind: 'alert', index: 1, severity: 'SEV-3', runbookPath: 'runbooks/db-pool.md' });
    p.unmount();
  });
});
