// The live poll against the real Alertmanager: a related alert starting, the war room's alert
// silenced (still firing, not "resolved"), then re-posted with an endsAt in the past (stopped);
// an unreachable Alertmanager backs the poll off and is reported once per failure streak.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerClient } from '../../src/adapters/alertmanager.ts';
import { AlertWatch } from '../../src/adapters/alert-watch.ts';
import { buildSilence } from '../../src/core/alerts/silence.ts';
import type { Alert } from '../../src/core/alerts/model.ts';
import { startAlertmanager, type AlertmanagerServer } from '../helpers/alertmanager.ts';
import { waitFor } from '../helpers/fake-services.ts';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
let am: AlertmanagerServer;
const client = (url: string) => new AlertmanagerClient({ url, token: null, basicAuth: null, caFile: null }, { timeoutMs: 5_000 });

beforeAll(async () => {
  am = await startAlertmanager();
});
afterAll(async () => {
  await am?.stop();
});

describe('AlertWatch', () => {
  it('reports related alerts, ignores its own silence, and sees the alert stop firing', async () => {
    const watchedPost = { labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'api-1', severity: 'critical' }, startsAt: minutesAgo(10) };
    await am.postAlerts([watchedPost, { labels: { alertname: 'NodeDown', instance: 'worker-1' }, startsAt: minutesAgo(30) }]);
    const am1 = client(am.url);
    const known = await am1.activeAlerts({ includeSilenced: true });
    const watched = known.find((a) => a.name === 'KubePodCrashLooping');
    if (!watched) throw new Error('not posted');
    const seen: string[] = [];
    const watch = new AlertWatch(am1, watched, known, {
      stopped: (a, at) => void seen.push(`stopped ${a.name} ${at.toISOString() >= watched.startsAt}`),
      firedAgain: (a) => void seen.push(`fired again ${a.name}`),
      relatedStarted: (alerts) => void seen.push(`related started ${alerts.map((a: Alert) => a.name).join(',')}`),
      relatedStopped: (alerts) => void seen.push(`related stopped ${alerts.map((a: Alert) => a.name).join(',')}`),
      unreachable: (message) => void seen.push(`unreachable ${message}`),
    }, { delayMs: () => 20 });
    watch.start();
    try {
      await watch.pollNow();
      expect(seen).toEqual([]);
      await am.postAlerts([{ labels: { alertname: 'KubeDeploymentReplicasMismatch', namespace: 'shop', deployment: 'api' }, startsAt: minutesAgo(1) }]);
      await waitFor(() => seen.includes('related started KubeDeploymentReplicasMismatch'), 'the related alert');

      const silence = buildSilence({ alert: watched, now: new Date(), durationMinutes: 30, createdBy: 'ana', comment: 'war room' });
      if (!silence.ok) throw new Error(silence.error);
      await am1.createSilence(silence.request);
      await waitFor(async () => !(await am1.activeAlerts()).some((a) => a.fingerprint === watched.fingerprint), 'the silence to apply');
      await watch.pollNow();
      await watch.pollNow();
      expect(watch.state.firing).toBe(true);

      await am.postAlerts([{ ...watchedPost, endsAt: minutesAgo(0.1) }]);
      await waitFor(() => seen.some((s) => s.startsWith('stopped')), 'the alert to stop');
      expect(watch.state.firing).toBe(false);
      expect(seen).toEqual(['related started KubeDeploymentReplicasMismatch', 'stopped KubePodCrashLooping true']);
    } finally {
      await watch.stop();
    }
  });

  it('backs off while Alertmanager is unreachable, reports it once, then says it is back', async () => {
    const watched = (await client(am.url).activeAlerts())[0];
    if (!watched) throw new Error('no alert');
    // Down (503) until told otherwise, then it answers as Alertmanager does.
    let down = true;
    const server = http.createServer((_req, res) => {
      if (down) return void res.writeHead(503).end('down for maintenance');
      const raw = { fingerprint: watched.fingerprint, labels: watched.labels, annotations: {}, startsAt: watched.startsAt, status: { state: 'active', silencedBy: [], inhibitedBy: [] } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([raw]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const delays: number[] = [];
    const events: string[] = [];
    const watch = new AlertWatch(client(url), watched, [watched], {
      unreachable: (message, n) => void events.push(`${n}: ${message}`),
      reachable: () => void events.push('reachable'),
      stopped: () => void events.push('stopped'),
    }, {
      delayMs: (failures) => {
        delays.push(failures);
        return 10;
      },
    });
    watch.start();
    try {
      await waitFor(() => watch.state.consecutiveFailures >= 3, 'three failed polls');
      down = false;
      await waitFor(() => events.includes('reachable'), 'Alertmanager back');
    } finally {
      await watch.stop();
      server.close();
    }
    expect(delays.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(delays.at(-1)).toBe(0);
    expect(events).toEqual([`1: Alertmanager at ${url} refused GET /api/v2/alerts: HTTP 503 Service Unavailable: down for maintenance`, 'reachable']);
    expect(watch.state).toMatchObject({ firing: true, consecutiveFailures: 0, lastError: null });
  });

  it('on resume after the alert stopped, reports it firing again rather than stopping twice', async () => {
    const am1 = client(am.url);
    const post = { labels: { alertname: 'KubeJobFailed', namespace: 'batch', job_name: 'nightly' }, startsAt: minutesAgo(30) };
    await am.postAlerts([post]);
    const [watched] = await am1.findAlerts('KubeJobFailed');
    if (!watched) throw new Error('not posted');
    const seen: string[] = [];
    const watch = new AlertWatch(am1, watched, [], { stopped: () => void seen.push('stopped'), firedAgain: () => void seen.push('fired again') }, { watchedFiring: false });
    expect(watch.state.firing).toBe(false);
    await watch.pollNow();
    expect(seen).toEqual(['fired again']);
    expect(watch.state.firing).toBe(true);
  });
});
