// Two polls of Alertmanager → the war room's alert stopped (or fired again), related alerts
// started or stopped; alerts grouped for listing, worst severity first; the poll's backoff.
import { describe, expect, it } from 'vitest';
import { parseAlert, type Alert } from '../../../src/core/alerts/model.ts';
import { diffPolls, isFiring, nextPollDelayMs, relatedAlerts } from '../../../src/core/alerts/poll.ts';
import { findAlerts, groupAlerts, mainLabels, severityRank } from '../../../src/core/alerts/group.ts';

function alert(fingerprint: string, labels: Record<string, string>, startsAt = '2026-12-02T10:00:00.000Z', endsAt?: string): Alert {
  return parseAlert({ fingerprint, labels, startsAt, endsAt });
}

const watched = alert('w1', { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'api-1', severity: 'critical' });
const sameNs = alert('r1', { alertname: 'KubeDeploymentReplicasMismatch', namespace: 'shop', severity: 'warning' });
const sameService = alert('r2', { alertname: 'HighErrorRate', service: 'checkout', namespace: 'payments' });
const other = alert('o1', { alertname: 'NodeFilesystemAlmostFull', instance: 'worker-3' });
const now = new Date('2026-12-02T10:30:00.000Z');

describe('diffPolls', () => {
  it('sees the alert stop firing when it leaves the list, and fire again when it returns', () => {
    expect(diffPolls(watched, [watched], [watched], now).watched).toBe('still-firing');
    expect(diffPolls(watched, [watched], [], now).watched).toBe('stopped');
    expect(diffPolls(watched, [], [], now).watched).toBe('still-stopped');
    expect(diffPolls(watched, [], [watched], now).watched).toBe('fired-again');
  });

  it('treats an alert whose endsAt has passed as stopped even while it is still listed', () => {
    const ended = alert('w1', watched.labels, watched.startsAt, '2026-12-02T10:29:00.000Z');
    expect(isFiring(ended, now)).toBe(false);
    expect(diffPolls(watched, [watched], [ended], now).watched).toBe('stopped');
  });

  it('reports related alerts (same namespace or service) that start and stop, never unrelated ones', () => {
    const service = alert('w2', { alertname: 'Latency', service: 'checkout' });
    expect(relatedAlerts(watched, [watched, sameNs, sameService, other])).toEqual([sameNs]);
    expect(relatedAlerts(service, [sameService, other])).toEqual([sameService]);
    const started = diffPolls(watched, [watched], [watched, sameNs, other], now);
    expect(started.relatedStarted).toEqual([sameNs]);
    expect(started.relatedStopped).toEqual([]);
    const stopped = diffPolls(watched, [watched, sameNs], [watched], now);
    expect(stopped).toEqual({ watched: 'still-firing', relatedStarted: [], relatedStopped: [sameNs] });
  });

  it('polls every 15 s and backs off to 2 minutes while Alertmanager is unreachable', () => {
    expect([0, 1, 2, 3, 4, 10].map(nextPollDelayMs)).toEqual([15_000, 30_000, 60_000, 120_000, 120_000, 120_000]);
  });
});

describe('groupAlerts', () => {
  it('groups by name, worst severity first, then the longest firing; oldest alert first within a group', () => {
    const a = alert('a', { alertname: 'TargetDown', severity: 'warning' }, '2026-12-02T09:00:00.000Z');
    const b = alert('b', { alertname: 'KubePodCrashLooping', severity: 'warning', pod: 'x' }, '2026-12-02T10:05:00.000Z');
    const c = alert('c', { alertname: 'KubePodCrashLooping', severity: 'critical', pod: 'y' }, '2026-12-02T10:01:00.000Z');
    const d = alert('d', { alertname: 'Watchdog' }, '2026-12-01T00:00:00.000Z');
    const groups = groupAlerts([a, b, c, d]);
    expect(groups.map((g) => [g.name, g.severity, g.since, g.alerts.map((x) => x.fingerprint)])).toEqual([
      ['KubePodCrashLooping', 'critical', '2026-12-02T10:01:00.000Z', ['c', 'b']],
      ['TargetDown', 'warning', '2026-12-02T09:00:00.000Z', ['a']],
      ['Watchdog', null, '2026-12-01T00:00:00.000Z', ['d']],
    ]);
    expect(severityRank('Critical')).toBeLessThan(severityRank('page'));
    expect(severityRank('page')).toBeLessThan(severityRank(null));
  });

  it('shows the labels a responder types, in reading order', () => {
    const x = alert('x', { alertname: 'A', severity: 'critical', prometheus: 'mon/k8s', zone: 'eu-1', pod: 'api-1', namespace: 'shop', container: 'api' });
    expect(mainLabels(x)).toEqual([['namespace', 'shop'], ['pod', 'api-1'], ['container', 'api'], ['zone', 'eu-1']]);
  });

  it('finds by fingerprint, else by alert name in any case', () => {
    expect(findAlerts([watched, sameNs], 'w1')).toEqual([watched]);
    expect(findAlerts([watched, sameNs], 'kubepodcrashlooping')).toEqual([watched]);
    expect(findAlerts([watched], 'Nope')).toEqual([]);
  });
});
