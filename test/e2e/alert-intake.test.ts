// From a firing alert in a real Alertmanager to the war room, in a real pseudo-terminal: alerts
// are posted to /api/v2/alerts, `warroom run --alert` opens the runbook its runbook_url maps to
// in the shared corpus, with detection = startsAt and the alert's labels in the runbook's
// placeholders, and the post-mortem starts with the alert.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentEvent, IncidentOpenedEvent } from '../../src/core/incident/events.ts';
import { startAlertmanager, type AlertmanagerServer } from '../helpers/alertmanager.ts';
import { startPty, type PtySession } from '../helpers/pty.ts';
import { ensureBuilt, warroom } from '../helpers/warroom-cli.ts';

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');
const SLOW = 60_000;
const HELP_BAR = /\? help\s*$/m;
let home: string;
let am: AlertmanagerServer;
const ptys: PtySession[] = [];

const env = () => ({ WARROOM_HOME: home, HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color', WARROOM_ALERTMANAGER_URL: am.url });

async function incidentEvents(warroomHome: string): Promise<IncidentEvent[]> {
  const ids = (await fs.readdir(path.join(warroomHome, 'incidents'))).filter((d) => !d.startsWith('.'));
  expect(ids).toHaveLength(1);
  const text = await fs.readFile(path.join(warroomHome, 'incidents', ids[0]!, 'journal.jsonl'), 'utf8');
  return text.trim().split('\n').slice(1).map((l) => JSON.parse(l) as IncidentEvent);
}

const startsAt = new Date(Date.now() - 14 * 60_000).toISOString();

beforeAll(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-alert-intake-'));
  [am] = await Promise.all([startAlertmanager(), ensureBuilt()]);
  const urlMap = JSON.stringify({ 'https://runbooks.prometheus-operator.dev/runbooks/': path.join(corpus, 'prometheus-operator__runbooks') });
  expect((await warroom(home, ['config', 'set', 'runbooks.urlMap', urlMap])).code).toBe(0);
  await am.postAlerts([
    {
      labels: { alertname: 'KubePersistentVolumeFillingUp', namespace: 'db', persistentvolumeclaim: 'data-postgres-0', severity: 'critical' },
      annotations: { summary: 'PersistentVolume is filling up.', runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepersistentvolumefillingup/' },
      startsAt,
      generatorURL: 'http://prometheus.example/graph?g0.expr=kubelet_volume_stats',
    },
  ]);
}, SLOW);

afterEach(() => {
  for (const pty of ptys.splice(0)) pty.kill('SIGKILL');
});

afterAll(async () => {
  await am?.stop();
  await fs.rm(home, { recursive: true, force: true });
});

describe('warroom run --alert (real Alertmanager)', () => {
  it('opens the mapped runbook with detection = startsAt and the labels in its placeholders', async () => {
    const pty = startPty(['run', '--alert', 'KubePersistentVolumeFillingUp', '--dry-run'], { env: env(), cwd: home });
    ptys.push(pty);
    const screen = await pty.waitFor((s) => HELP_BAR.test(s) && s.includes('KubePersistentVolumeFillingUp'), SLOW);
    expect(screen.split('\n')[0]).toMatch(/SEV-1/);
    pty.write('q');
    expect((await pty.exited).exitCode).toBe(0);
    const events = await incidentEvents(home);
    const opened = events[0] as IncidentOpenedEvent;
    expect(opened.runbookPath).toBe(path.join(corpus, 'prometheus-operator__runbooks/KubePersistentVolumeFillingUp.md'));
    expect(opened.detectedAt).toBe(startsAt);
    expect(opened.title).toBe('KubePersistentVolumeFillingUp: PersistentVolume is filling up.');
    expect(opened.severity).toBe('SEV-1');
    expect(opened.service).toBe('db');
    expect(events[1]).toMatchObject({
      type: 'alert.linked',
      source: 'alertmanager',
      name: 'KubePersistentVolumeFillingUp',
      startsAt,
      generatorURL: 'http://prometheus.example/graph?g0.expr=kubelet_volume_stats',
      filled: [
        { name: 'my-namespace', label: 'namespace', value: 'db' },
        { name: 'my-pvc', label: 'persistentvolumeclaim', value: 'data-postgres-0' },
      ],
    });
    const set = events.filter((e) => e.type === 'parameter.set').map((e) => [e.name, e.value]);
    expect(set).toEqual([['my-namespace', 'db'], ['my-pvc', 'data-postgres-0']]);
  }, SLOW * 2);
});
