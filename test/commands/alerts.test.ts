// `warroom alerts` as a real process of the built CLI, without a terminal, against the real
// Alertmanager and a PagerDuty REST stand-in: alerts posted to /api/v2/alerts are listed
// grouped by name with the runbook each maps to in the shared corpus (or why none), silenced
// ones are not, the operator's PagerDuty incidents follow; an unreachable Alertmanager is one
// line and exit 1; no secret is ever printed.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerClient } from '../../src/adapters/alertmanager.ts';
import { buildSilence } from '../../src/core/alerts/silence.ts';
import type { AlertsListing } from '../../src/core/alerts/listing.ts';
import { startAlertmanager, type AlertmanagerServer } from '../helpers/alertmanager.ts';
import { reservePort, waitFor } from '../helpers/fake-services.ts';
import { PD_TOKEN, standInIncident, startPagerDutyStandIn, type PagerDutyStandIn } from '../helpers/pagerduty-rest-server.ts';
import { ensureBuilt, warroom } from '../helpers/warroom-cli.ts';

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
let home: string;
let am: AlertmanagerServer;
let pd: PagerDutyStandIn;
let env: Record<string, string>;

beforeAll(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-alerts-cmd-'));
  [am, pd] = await Promise.all([startAlertmanager(), startPagerDutyStandIn(), ensureBuilt()]);
  pd.users.push({ id: 'PANA01', name: 'Ana', email: 'ana@example.com' });
  pd.incidents.push(
    standInIncident('PABC123', 1234, { id: 'PANA01', name: 'Ana' }, 'https://github.com/openshift/runbooks/blob/master/alerts/openshift-virtualization-operator/VirtAPIDown.md'),
    standInIncident('PDEF456', 1235, { id: 'PBOB02', name: 'Bob' }, null),
  );
  env = { WARROOM_ALERTMANAGER_URL: am.url, WARROOM_PAGERDUTY_API_TOKEN: PD_TOKEN, WARROOM_PAGERDUTY_API_URL: pd.url, WARROOM_PAGERDUTY_EMAIL: 'ana@example.com' };
  const urlMap = JSON.stringify({
    'https://github.com/openshift/runbooks': path.join(corpus, 'openshift__runbooks'),
    'https://runbooks.prometheus-operator.dev/runbooks/': path.join(corpus, 'prometheus-operator__runbooks'),
  });
  const set = await warroom(home, ['config', 'set', 'runbooks.urlMap', urlMap]);
  expect(set.code).toBe(0);
  await warroom(home, ['config', 'set', 'runbooks.folders', path.join(corpus, 'kubesphere__alert-runbooks')]);
  await am.postAlerts([
    {
      labels: { alertname: 'KubePersistentVolumeFillingUp', namespace: 'db', persistentvolumeclaim: 'data-postgres-0', severity: 'critical' },
      annotations: { summary: 'PersistentVolume is filling up.', runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepersistentvolumefillingup/' },
      startsAt: minutesAgo(14),
    },
    {
      labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'api-1', severity: 'warning' },
      annotations: { runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping/' },
      startsAt: minutesAgo(9),
    },
    { labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'api-2', severity: 'warning' }, startsAt: minutesAgo(5) },
    { labels: { alertname: 'DiskFull', instance: 'db-1', severity: 'warning' }, annotations: { runbook_url: 'https://wiki.example/ops/DiskFull' }, startsAt: minutesAgo(3) },
    { labels: { alertname: 'Silenced', namespace: 'shop', severity: 'critical' }, startsAt: minutesAgo(2) },
  ]);
  const client = new AlertmanagerClient({ url: am.url, token: null, basicAuth: null, caFile: null });
  const [silenced] = await client.findAlerts('Silenced');
  const silence = silenced && buildSilence({ alert: silenced, now: new Date(), durationMinutes: 30, createdBy: 'test', comment: 'hidden' });
  if (!silence?.ok) throw new Error('could not silence');
  await client.createSilence(silence.request);
  // The silence applies asynchronously; the listing must not race it.
  await waitFor(async () => !(await client.activeAlerts()).some((a) => a.name === 'Silenced'), 'the silence to apply');
}, 60_000);

afterAll(async () => {
  await Promise.all([am?.stop(), pd?.close()]);
  await fs.rm(home, { recursive: true, force: true });
});

describe('warroom alerts --json', () => {
  it('lists every active unsilenced alert, grouped, with its runbook, then the PagerDuty incidents', async () => {
    const { code, stdout, stderr } = await warroom(home, ['alerts', '--json'], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const listing = JSON.parse(stdout) as AlertsListing;
    const groups = listing.alertmanager?.groups ?? [];
    expect(groups.map((g) => [g.name, g.severity, g.incidentSeverity, g.alerts.length])).toEqual([
      ['KubePersistentVolumeFillingUp', 'critical', 'SEV-1', 1],
      ['KubePodCrashLooping', 'warning', 'SEV-3', 2],
      ['DiskFull', 'warning', 'SEV-3', 1],
    ]);
    const [pvc, crash, disk] = groups;
    expect(pvc?.alerts[0]).toMatchObject({
      labels: { persistentvolumeclaim: 'data-postgres-0' },
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      runbook: { kind: 'file', file: path.join(corpus, 'prometheus-operator__runbooks/KubePersistentVolumeFillingUp.md'), via: 'runbook_url' },
      incident: { title: 'KubePersistentVolumeFillingUp: PersistentVolume is filling up.', severity: { value: 'SEV-1', label: 'severity' }, service: { value: 'db', label: 'namespace' } },
    });
    expect(pvc?.alerts[0]?.incident.detectedAt).toBe(pvc?.alerts[0]?.startsAt);
    expect(crash?.alerts.map((a) => [a.labels.pod, a.runbook.kind === 'file' ? a.runbook.file : null])).toEqual([
      ['api-1', path.join(corpus, 'kubesphere__alert-runbooks/KubePodCrashLooping.md')],
      ['api-2', path.join(corpus, 'kubesphere__alert-runbooks/KubePodCrashLooping.md')],
    ]);
    expect(disk?.alerts[0]?.runbook).toEqual({ kind: 'none', notes: [expect.stringContaining('is under no runbooks.urlMap prefix'), 'no runbook file named DiskFull.md in runbooks.folders'] });
    expect(listing.pagerduty?.incidents.map((i) => [i.id, i.status, i.runbook])).toEqual([
      ['PABC123', 'triggered', { kind: 'file', file: path.join(corpus, 'openshift__runbooks/VirtAPIDown.md'), via: 'runbook_url', notes: [] }],
    ]);
    expect(stdout).not.toContain(PD_TOKEN);
  });
});

describe('warroom alerts', () => {
  it('prints the same in plain text within 80 columns', async () => {
    const { code, stdout } = await warroom(home, ['alerts'], env);
    expect(code).toBe(0);
    for (const line of stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(stdout.split('\n')[0]).toBe(`Alertmanager ${am.url}: 4 alerts firing`);
    const flat = stdout.replace(/\s+/g, ' ');
    expect(flat).toContain('KubePersistentVolumeFillingUp · critical → SEV-1 · 1 firing ');
    expect(flat).toContain('namespace=db persistentvolumeclaim=data-postgres-0');
    expect(stdout.replace(/\s+/g, '')).toContain(`runbook:${path.join(corpus, 'prometheus-operator__runbooks/KubePersistentVolumeFillingUp.md')}(fromrunbook_url)`);
    expect(flat).toContain('runbook: none, the operator picks one');
    expect(flat).not.toContain('Silenced');
    expect(flat).toContain('PagerDuty: 1 incident assigned to you (ana@example.com)');
    expect(flat).toContain('#1234 PABC123 · triggered · high');
  });

  it('says in one line that Alertmanager is unreachable, still lists PagerDuty, and exits 1', async () => {
    const url = `http://127.0.0.1:${await reservePort()}`;
    const { code, stdout, stderr } = await warroom(home, ['alerts'], { ...env, WARROOM_ALERTMANAGER_URL: url });
    expect(code).toBe(1);
    expect(stderr).toBe(`warroom: Alertmanager at ${url} is unreachable: ECONNREFUSED\n`);
    expect(stdout).toContain('PagerDuty: 1 incident assigned to you');
    const alone = await warroom(home, ['alerts', '--json'], { WARROOM_ALERTMANAGER_URL: url });
    expect(alone.code).toBe(1);
    expect(alone.stderr).toBe(`warroom: Alertmanager at ${url} is unreachable: ECONNREFUSED\n`);
    expect(JSON.parse(alone.stdout)).toMatchObject({ alertmanager: { error: `Alertmanager at ${url} is unreachable: ECONNREFUSED`, groups: [] }, pagerduty: null });
  });

  it('says what to configure when no alert source is set', async () => {
    const { code, stdout, stderr } = await warroom(home, ['alerts']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('warroom: no alert source configured: set alertmanager.url (and pagerduty.apiToken with pagerduty.email for PagerDuty incidents)\n');
  });
});
