// The Alertmanager client against the real Alertmanager: alerts posted the way Prometheus posts
// them are listed and found; a silence created through the client is in GET /api/v2/silences
// and hides the alert until expired; an alert re-posted with an endsAt in the past is seen as
// ended; TLS with a private CA and basic auth; errors say unreachable or refused, one line,
// never the secret.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerClient, AlertmanagerError } from '../../src/adapters/alertmanager.ts';
import { buildSilence } from '../../src/core/alerts/silence.ts';
import { diffPolls } from '../../src/core/alerts/poll.ts';
import { BASIC_AUTH_PASSWORD, BASIC_AUTH_USER, startAlertmanager, type AlertmanagerServer } from '../helpers/alertmanager.ts';
import { reservePort, waitFor } from '../helpers/fake-services.ts';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const client = (url: string, extra: Partial<ConstructorParameters<typeof AlertmanagerClient>[0]> = {}) =>
  new AlertmanagerClient({ url, token: null, basicAuth: null, caFile: null, ...extra }, { timeoutMs: 5_000 });

const crashLooping = (pod: string, startedMinutesAgo = 14) => ({
  labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod, severity: 'critical' },
  annotations: { summary: `Pod shop/${pod} is crash looping.`, runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping/' },
  startsAt: minutesAgo(startedMinutesAgo),
  generatorURL: 'http://prometheus.example/graph?g0.expr=x',
});

describe('against a real Alertmanager', () => {
  let am: AlertmanagerServer;
  beforeAll(async () => {
    am = await startAlertmanager();
  });
  afterAll(async () => {
    await am?.stop();
  });

  it('lists active alerts, filters by label and finds one by fingerprint or name', async () => {
    await am.postAlerts([
      crashLooping('api-1'),
      crashLooping('api-2', 10),
      { labels: { alertname: 'KubePersistentVolumeFillingUp', namespace: 'db', persistentvolumeclaim: 'data-0', severity: 'warning' }, startsAt: minutesAgo(3) },
    ]);
    const am1 = client(am.url);
    const alerts = await am1.activeAlerts();
    expect(alerts.map((a) => a.name).sort()).toEqual(['KubePersistentVolumeFillingUp', 'KubePodCrashLooping', 'KubePodCrashLooping']);
    const api1 = alerts.find((a) => a.labels.pod === 'api-1');
    expect(api1).toMatchObject({
      state: 'active',
      annotations: { summary: 'Pod shop/api-1 is crash looping.' },
      generatorURL: 'http://prometheus.example/graph?g0.expr=x',
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const filtered = await am1.activeAlerts({ filter: [{ name: 'alertname', value: 'KubePersistentVolumeFillingUp', isRegex: false, isEqual: true }] });
    expect(filtered.map((a) => a.labels.persistentvolumeclaim)).toEqual(['data-0']);
    expect(await am1.findAlerts(api1?.fingerprint ?? '')).toEqual([api1]);
    expect((await am1.findAlerts('kubepodcrashlooping')).map((a) => a.labels.pod)).toEqual(['api-1', 'api-2']);
  });

  it('creates a silence Alertmanager lists, which hides the alert until it is expired', async () => {
    const am1 = client(am.url);
    const [alert] = await am1.findAlerts('KubePersistentVolumeFillingUp');
    if (!alert) throw new Error('alert not posted');
    const built = buildSilence({ alert, now: new Date(), durationMinutes: 60, createdBy: 'ana', comment: 'war room: disk full' });
    if (!built.ok) throw new Error(built.error);
    const id = await am1.createSilence(built.request);
    const listed = (await am.silences()).find((s) => s.id === id);
    expect(listed).toMatchObject({ status: { state: 'active' }, createdBy: 'ana', comment: 'war room: disk full' });
    expect(listed?.matchers).toEqual(expect.arrayContaining([{ name: 'persistentvolumeclaim', value: 'data-0', isRegex: false, isEqual: true }]));
    // Alertmanager marks the alert silenced asynchronously: wait for it.
    await waitFor(async () => !(await am1.activeAlerts()).some((a) => a.fingerprint === alert.fingerprint), 'the silenced alert to leave the unsilenced list');
    const all = await am1.activeAlerts({ includeSilenced: true });
    expect(all.find((a) => a.fingerprint === alert.fingerprint)).toMatchObject({ state: 'suppressed', silencedBy: [id] });
    expect((await am1.listSilences()).find((s) => s.id === id)).toMatchObject({ state: 'active', createdBy: 'ana' });
    await am1.expireSilence(id);
    expect((await am.silences()).find((s) => s.id === id)?.status.state).toBe('expired');
    await waitFor(async () => (await am1.activeAlerts()).some((a) => a.fingerprint === alert.fingerprint), 'the alert to be unsilenced');
  });

  it('sees an alert re-posted with an endsAt in the past as ended', async () => {
    const am1 = client(am.url);
    const gone = { labels: { alertname: 'KubeJobFailed', namespace: 'shop', job_name: 'backup' }, startsAt: minutesAgo(20) };
    await am.postAlerts([gone]);
    const before = await am1.activeAlerts({ includeSilenced: true });
    const [watched] = await am1.findAlerts('KubeJobFailed');
    if (!watched) throw new Error('alert not posted');
    await am.postAlerts([{ ...gone, endsAt: minutesAgo(1) }]);
    const after = await am1.activeAlerts({ includeSilenced: true });
    expect(after.some((a) => a.fingerprint === watched.fingerprint)).toBe(false);
    const diff = diffPolls(watched, before, after, new Date());
    expect(diff.watched).toBe('stopped');
    // The crash-looping pods share its namespace: they were there before and still are.
    expect(diff.relatedStarted).toEqual([]);
    expect(diff.relatedStopped).toEqual([]);
  });

  it('says Alertmanager refused, with its status and message', async () => {
    const error = await client(am.url)
      .expireSilence('not-a-uuid')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlertmanagerError);
    expect(error).toMatchObject({ kind: 'refused', status: 422 });
    expect((error as Error).message).toBe(`Alertmanager at ${am.url} refused DELETE /api/v2/silence/not-a-uuid: HTTP 422 Unprocessable Entity: silenceID in path must be of type uuid: "not-a-uuid"`);
  });
});

describe('TLS and basic auth, against a real Alertmanager', () => {
  let am: AlertmanagerServer;
  beforeAll(async () => {
    am = await startAlertmanager({ tls: true, basicAuth: true });
  });
  afterAll(async () => {
    await am?.stop();
  });

  // Order matters: trusting the CA is process-wide, so the refusal is checked first.
  it('says the certificate is not trusted and names alertmanager.caFile', async () => {
    const error = await client(am.url, { basicAuth: { username: BASIC_AUTH_USER, password: BASIC_AUTH_PASSWORD } })
      .activeAlerts()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unreachable' });
    expect((error as Error).message).toMatch(/is unreachable: [A-Z_]+ \(its certificate is not trusted: set alertmanager\.caFile/);
  });

  it('reads alerts over TLS with the CA file and the right password, and refuses a wrong one without echoing it', async () => {
    await am.postAlerts([crashLooping('tls-1')]);
    const good = client(am.url, { caFile: am.caFile, basicAuth: { username: BASIC_AUTH_USER, password: BASIC_AUTH_PASSWORD } });
    expect((await good.activeAlerts()).map((a) => a.labels.pod)).toEqual(['tls-1']);
    const wrong = 'wrong-password-0000';
    const error = await client(am.url, { caFile: am.caFile, basicAuth: { username: BASIC_AUTH_USER, password: wrong } })
      .activeAlerts()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'refused', status: 401 });
    expect((error as Error).message).toBe(`Alertmanager at ${am.url} refused GET /api/v2/alerts: HTTP 401 Unauthorized: Unauthorized`);
  });
});

describe('bearer token and unreachable', () => {
  it('sends the bearer token and never repeats it, even when the far end echoes it', async () => {
    const token = 'am-bearer-token-0000-secret';
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 403, message: `token ${token} has no access` }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const error = await client(url, { token }).activeAlerts().catch((e: unknown) => e);
      expect(seen).toEqual([`Bearer ${token}`]);
      expect((error as Error).message).toBe(`Alertmanager at ${url} refused GET /api/v2/alerts: HTTP 403 Forbidden: token … has no access`);
    } finally {
      server.close();
    }
  });

  it('says unreachable when nothing listens, and refuses a URL holding a password', async () => {
    const url = `http://127.0.0.1:${await reservePort()}`;
    const error = await client(url).activeAlerts().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unreachable', message: `Alertmanager at ${url} is unreachable: ECONNREFUSED` });
    expect(() => client('http://ana:secret@127.0.0.1:9093')).toThrow('set alertmanager.username and alertmanager.password instead');
  });
});
