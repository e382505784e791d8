// From a firing alert in a real Alertmanager to the war room, in a real pseudo-terminal: alerts
// are posted to /api/v2/alerts, `warroom run --alert` and the picker open the runbook its
// runbook_url maps to in the shared corpus, with detection = startsAt and the alert's labels in
// the runbook's placeholders, and the post-mortem starts with the alert. A label that is a secret
// reaches the command and never the journal or the screen.
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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
let root: string;
let am: AlertmanagerServer;
const ptys: PtySession[] = [];
let homes = 0;

const env = (home: string) => ({ WARROOM_HOME: home, HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color', WARROOM_ALERTMANAGER_URL: am.url });

/** A home of its own for each test, with the corpus mapped. */
async function newHome(): Promise<string> {
  homes += 1;
  const home = path.join(root, `home-${homes}`);
  await fs.mkdir(home);
  const urlMap = JSON.stringify({ 'https://runbooks.prometheus-operator.dev/runbooks/': path.join(corpus, 'prometheus-operator__runbooks') });
  expect((await warroom(home, ['config', 'set', 'runbooks.urlMap', urlMap])).code).toBe(0);
  return home;
}

function pty(args: string[], home: string): PtySession {
  const session = startPty(args, { env: env(home), cwd: home, cols: 80, rows: 24 });
  ptys.push(session);
  return session;
}

async function incident(home: string): Promise<{ id: string; events: IncidentEvent[] }> {
  const ids = (await fs.readdir(path.join(home, 'incidents'))).filter((d) => !d.startsWith('.'));
  expect(ids).toHaveLength(1);
  const text = await fs.readFile(path.join(home, 'incidents', ids[0]!, 'journal.jsonl'), 'utf8');
  return { id: ids[0]!, events: text.trim().split('\n').slice(1).map((l) => JSON.parse(l) as IncidentEvent) };
}

const startsAt = new Date(Date.now() - 14 * 60_000).toISOString();
const RUNBOOK = () => path.join(corpus, 'prometheus-operator__runbooks/KubePersistentVolumeFillingUp.md');

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-alert-intake-'));
  [am] = await Promise.all([startAlertmanager(), ensureBuilt()]);
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
  for (const session of ptys.splice(0)) session.kill('SIGKILL');
});

afterAll(async () => {
  await am?.stop();
  await fs.rm(root, { recursive: true, force: true });
});

describe('warroom run --alert (real Alertmanager)', () => {
  it('opens the mapped runbook with detection = startsAt and the labels in its placeholders', async () => {
    const home = await newHome();
    const session = pty(['run', '--alert', 'KubePersistentVolumeFillingUp', '--dry-run'], home);
    const screen = await session.waitFor((s) => HELP_BAR.test(s) && s.includes('KubePersistentVolumeFillingUp'), SLOW);
    expect(screen.split('\n')[0]).toMatch(/SEV-1/);
    session.write('q');
    expect((await session.exited).exitCode).toBe(0);
    const { events } = await incident(home);
    const opened = events[0] as IncidentOpenedEvent;
    expect(opened.runbookPath).toBe(RUNBOOK());
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

  it('refuses an alert nobody fires, naming where it looked', async () => {
    const home = await newHome();
    const session = pty(['run', '--alert', 'NoSuchAlert'], home);
    const { exitCode } = await session.exited;
    expect(exitCode).not.toBe(0);
    expect(session.output()).toContain(`no firing alert in ${am.url} has the fingerprint or alert name NoSuchAlert`);
    await expect(fs.readdir(path.join(home, 'incidents'))).rejects.toThrow();
  }, SLOW);
});

describe('a runbook fetched from runbook_url', () => {
  it('is downloaded only under runbooks.fetchPrefixes and kept in the incident folder', async () => {
    const home = await newHome();
    const markdown = '# Disk Almost Full\n\n**Severity**: SEV-2\n\n## Mitigation\n1. [ ] Look at the disk\n   ```bash\n   df -h /var/lib/<namespace>\n   ```\n';
    const server = http.createServer((req, res) => {
      if (req.url === '/ops/DiskAlmostFull.md') res.writeHead(200, { 'content-type': 'text/markdown' }).end(markdown);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await warroom(home, ['config', 'set', 'runbooks.fetchPrefixes', `${base}/ops/`])).code).toBe(0);
      await am.postAlerts([{ labels: { alertname: 'DiskAlmostFull', namespace: 'logs', severity: 'warning' }, annotations: { runbook_url: `${base}/ops/DiskAlmostFull.md` }, startsAt }]);
      const session = pty(['run', '--alert', 'DiskAlmostFull', '--dry-run'], home);
      await session.waitFor((s) => HELP_BAR.test(s) && s.includes('DiskAlmostFull'), SLOW);
      session.write('q');
      expect((await session.exited).exitCode).toBe(0);
      const { id, events } = await incident(home);
      const opened = events[0] as IncidentOpenedEvent;
      expect(opened.runbookPath).toBe(path.join(home, 'incidents', id, 'runbook', 'DiskAlmostFull.md'));
      expect(await fs.readFile(opened.runbookPath, 'utf8')).toBe(markdown);
      expect(events.filter((e) => e.type === 'parameter.set').map((e) => [e.name, e.value])).toEqual([['namespace', 'logs']]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, SLOW * 2);
});

describe('the alert stays live in the war room (real Alertmanager)', () => {
  it('z creates a silence Alertmanager lists; the alert ending is seen, journaled and shown; resolving offers to expire the silence', async () => {
    const home = await newHome();
    const labels = { alertname: 'KubePersistentVolumeFillingUp', namespace: 'shop', persistentvolumeclaim: 'data-cart-0', severity: 'warning' };
    const annotations = { runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepersistentvolumefillingup/' };
    const began = new Date(Date.now() - 5 * 60_000).toISOString();
    await am.postAlerts([{ labels, annotations, startsAt: began }]);
    const session = pty(['run', '--alert', 'KubePersistentVolumeFillingUp'], home);
    // Two KubePersistentVolumeFillingUp alerts fire now: by name is ambiguous, the fingerprint is not.
    await session.exited;
    expect(session.output()).toContain('2 KubePersistentVolumeFillingUp alerts fire; pass the fingerprint of one');
    const fingerprint = /([0-9a-f]{16}) {2}since \S+ {2}.*namespace=shop/.exec(session.output().replace(/\r?\n/g, '\n'))?.[1];
    expect(fingerprint).toBeDefined();

    const room = pty(['run', '--alert', fingerprint!], home);
    await room.waitFor((s) => HELP_BAR.test(s) && s.includes('alert firing'), SLOW);
    room.write('z');
    await room.waitFor('for how long?', SLOW);
    room.write('\u007f\u007f'); // the default 2h away, then our own
    room.write('30m\r');
    await room.waitFor("the silence's comment", SLOW);
    room.write('\r');
    const confirm = await room.waitFor('Matchers:', SLOW);
    for (const matcher of ['alertname="KubePersistentVolumeFillingUp"', 'namespace="shop"', 'persistentvolumeclaim="data-cart-0"', 'severity="warning"']) {
      expect(confirm).toContain(`  ${matcher}`);
    }
    room.write('y');
    await room.waitFor((s) => s.includes('alert firing · silenced'), SLOW);
    const silences = await am.silences();
    const ours = silences.find((x) => x.createdBy === 'alice');
    expect(ours).toMatchObject({ status: { state: 'active' } });
    expect(ours?.comment).toContain('war room');
    const { events: afterSilence } = await incident(home);
    expect(afterSilence.find((e) => e.type === 'alert.silenced')).toMatchObject({ silenceId: ours!.id });

    // The alert ends: Alertmanager drops it, and the next poll (every 15 s) records it.
    await am.postAlerts([{ labels, annotations, startsAt: began, endsAt: new Date().toISOString() }]);
    await room.waitFor((s) => /alert resolved \d\d:\d\d/.test(s), SLOW * 2);
    const { events } = await incident(home);
    expect(events.find((e) => e.type === 'alert.changed')).toMatchObject({ firing: false, fingerprint });

    room.write('r');
    await room.waitFor('Resolve "', SLOW);
    room.write('y');
    await room.waitFor('Expire the silence', SLOW);
    room.write('y');
    await room.waitFor((s) => s.includes('expired') && HELP_BAR.test(s), SLOW);
    expect((await am.silences()).find((x) => x.id === ours!.id)?.status.state).toBe('expired');
    room.write('q');
    expect((await room.exited).exitCode).toBe(0);
  }, SLOW * 4);
});

describe('the picker (done when)', () => {
  it("opens the firing alert's runbook with its labels in the commands in one enter; the post-mortem starts with the alert", async () => {
    const home = await newHome();
    const session = pty([], home);
    await session.waitFor((s) => /❯ Alert\s+SEV-1\s+KubePersistentVolumeFillingUp/.test(s), SLOW);
    session.write('\r');
    await session.waitFor((s) => HELP_BAR.test(s) && s.split('\n')[0]!.includes('KubePersistentVolumeFillingUp'), SLOW);
    // Down to the first step whose command reads the claim: its dialog shows the alert's values.
    const { events } = await incident(home);
    const opened = events[0] as IncidentOpenedEvent;
    expect(opened.runbookPath).toBe(RUNBOOK());
    expect(opened.detectedAt).toBe(startsAt);
    const steps = opened.runbook.sections.flatMap((s) => s.steps.flatMap(function flat(st): typeof s.steps {
      return [st, ...st.children.flatMap(flat)];
    }));
    const target = steps.findIndex((st) => st.commands.some((c) => c.script.startsWith('kubectl -n <my-namespace> get pvc')));
    expect(target).toBeGreaterThan(0);
    session.write('j'.repeat(target));
    session.write('\r');
    const dialog = await session.waitFor((s) => s.includes('kubectl -n db get pvc data-postgres-0'), SLOW);
    expect(dialog).toContain('<my-namespace> = db: from the alert (label namespace)');
    expect(dialog).toContain('<my-pvc> = data-postgres-0: from the alert (label persistentvolumeclaim)');
    session.write('\u001b');
    await session.waitFor((s) => !s.includes('from the alert') && HELP_BAR.test(s), SLOW);
    session.write('q');
    expect((await session.exited).exitCode).toBe(0);
    const { id } = await incident(home);
    const draft = await warroom(home, ['postmortem', id, '--stdout']);
    expect(draft.code).toBe(0);
    const timeline = draft.stdout.split('\n').filter((l) => /^- \*\*/.test(l));
    expect(timeline[0]).toContain('Alert `KubePersistentVolumeFillingUp` fired: PersistentVolume is filling up.');
    expect(timeline[0]).toContain('namespace=db');
    expect(timeline[0]).toContain('http://prometheus.example/graph?g0.expr=kubelet_volume_stats');
  }, SLOW * 3);
});

describe('an alert whose label is a secret (real Alertmanager)', () => {
  it('fills the command with it, shows and journals only its mark, and redacts the annotations', async () => {
    const home = await newHome();
    const dbUrl = 'postgres://app:s3cret-pw-5151@orders-db:5432/orders';
    const bearer = 'Bearer abcDEF1234567890xyz';
    await am.postAlerts([
      {
        labels: { alertname: 'OrdersDbDown', namespace: 'shop', db_url: dbUrl, severity: 'critical' },
        annotations: { summary: 'Orders database is down', description: `probe sent Authorization: ${bearer}` },
        startsAt,
      },
    ]);
    const received = path.join(home, 'received.txt');
    const runbook = path.join(home, 'orders-db.md');
    await fs.writeFile(runbook, ['# Orders DB Down', '', '## Mitigation', '- [ ] Check the orders database', '  ```bash', `  printf '%s\\n' '<db_url>' > '${received}'; echo checked`, '  ```', ''].join('\n'));
    const session = pty(['run', '--alert', 'OrdersDbDown', runbook], home);
    await session.waitFor((s) => HELP_BAR.test(s) && s.includes('OrdersDbDown'), SLOW);
    session.write('\r');
    const dialog = await session.waitFor(/Run it\?/, SLOW);
    expect(dialog.replace(/\s+/g, ' ')).toContain('<db_url> = ‹secret›: from the alert (label db_url)');
    session.write('y');
    await session.waitFor(/checked: exit 0/, SLOW);
    expect(await fs.readFile(received, 'utf8')).toBe(`${dbUrl}\n`);
    // The silence's confirmation shows the label's mark and says what it matches; Alertmanager gets the value.
    session.write('z');
    await session.waitFor(/for how long\?/, SLOW);
    session.write('\r');
    await session.waitFor(/Why\?/, SLOW);
    session.write('\r');
    const confirm = await session.waitFor(/Silence until/, SLOW);
    expect(confirm).toContain('db_url="‹secret›"');
    expect(confirm.replace(/\s+/g, ' ')).toContain('‹secret› is a label the journal does not hold: the silence matches the value Alertmanager lists for this alert.');
    session.write('y');
    await session.waitFor(/silence [0-9a-f-]+ created/, SLOW);
    const silences = (await am.silences()).filter((s) => s.matchers.some((m) => m.name === 'alertname' && m.value === 'OrdersDbDown'));
    expect(silences.map((s) => s.matchers.find((m) => m.name === 'db_url')?.value)).toEqual([dbUrl]);
    session.write('q');
    expect((await session.exited).exitCode).toBe(0);
    expect(session.output()).not.toContain('s3cret');
    const { id, events } = await incident(home);
    const journal = await fs.readFile(path.join(home, 'incidents', id, 'journal.jsonl'), 'utf8');
    expect(journal).not.toContain('s3cret');
    expect(journal).not.toContain('abcDEF1234567890xyz');
    const linked = events.find((e) => e.type === 'alert.linked');
    expect(linked).toMatchObject({ labels: { db_url: '‹secret›', namespace: 'shop' }, filled: [{ name: 'db_url', label: 'db_url', value: '‹secret›' }] });
    expect(events.find((e) => e.type === 'parameter.set')).toMatchObject({ name: 'db_url', value: '‹secret›', secret: true });
  }, SLOW * 2);
});
