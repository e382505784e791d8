// The alert and silence models from Alertmanager API v2 JSON: a reply captured from the real
// Alertmanager 0.25 is read as is; malformed replies give one error naming the alert and field.
import { describe, expect, it } from 'vitest';
import { AlertFormatError, alertSnapshot, formatMatcher, parseAlert, parseAlerts, parseSilences } from '../../../src/core/alerts/model.ts';
import { buildSilence, matchersText, silenceMatchers } from '../../../src/core/alerts/silence.ts';

/** As `GET /api/v2/alerts` of Alertmanager 0.25 returned it. */
const REPLY = [
  {
    annotations: { runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping', summary: 'Pod is crash looping.' },
    endsAt: '2026-12-02T07:24:11.614Z',
    fingerprint: 'dbc2b99ea1920a0d',
    receivers: [{ name: 'nobody' }],
    startsAt: '2026-12-02T07:19:11.614Z',
    status: { inhibitedBy: [], silencedBy: [], state: 'active' },
    updatedAt: '2026-12-02T07:19:11.614Z',
    generatorURL: 'http://prom/graph',
    labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'api-1', severity: 'critical' },
  },
];

describe('parseAlerts', () => {
  it('reads a real reply', () => {
    const [alert] = parseAlerts(REPLY);
    expect(alert).toEqual({
      fingerprint: 'dbc2b99ea1920a0d',
      name: 'KubePodCrashLooping',
      labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'api-1', severity: 'critical' },
      annotations: REPLY[0]?.annotations,
      startsAt: '2026-12-02T07:19:11.614Z',
      endsAt: '2026-12-02T07:24:11.614Z',
      updatedAt: '2026-12-02T07:19:11.614Z',
      generatorURL: 'http://prom/graph',
      state: 'active',
      silencedBy: [],
      inhibitedBy: [],
    });
  });

  it('keeps for the journal what identifies and explains the alert, not what changes per poll', () => {
    const [alert] = parseAlerts(REPLY);
    if (!alert) throw new Error('fixture');
    expect(alertSnapshot(alert)).toEqual({
      fingerprint: 'dbc2b99ea1920a0d',
      name: 'KubePodCrashLooping',
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: '2026-12-02T07:19:11.614Z',
      generatorURL: 'http://prom/graph',
    });
  });

  it('keeps milliseconds of Go nanosecond times and reads offsets as UTC', () => {
    const alert = parseAlert({ ...REPLY[0], startsAt: '2026-12-02T08:19:11.614123456+01:00', endsAt: '0001-01-01T00:00:00Z', generatorURL: '' });
    expect(alert.startsAt).toBe('2026-12-02T07:19:11.614Z');
    expect(alert.endsAt).toBeNull();
    expect(alert.generatorURL).toBeNull();
  });

  it.each([
    [{}, 'Alertmanager reply: is not a list of alerts'],
    [[42], 'alert 1: is not an object'],
    [[{ ...REPLY[0], labels: { namespace: 'shop' } }], 'alert 1: has no alertname label'],
    [[{ ...REPLY[0], labels: { alertname: 'X', count: 3 } }], 'alert 1: labels.count is not a string'],
    [[{ ...REPLY[0], fingerprint: undefined }], 'alert 1 KubePodCrashLooping: has no fingerprint'],
    [[{ ...REPLY[0], startsAt: 'yesterday' }], 'alert 1 KubePodCrashLooping: startsAt is not an ISO time'],
    [[{ ...REPLY[0], status: { state: 'exploded' } }], 'status.state exploded is unknown'],
    [[{ ...REPLY[0], annotations: 'x' }], 'annotations is not an object'],
  ])('refuses malformed input %#', (input, message) => {
    const run = () => parseAlerts(input);
    expect(run).toThrow(AlertFormatError);
    expect(run).toThrow(message);
  });
});

describe('silences', () => {
  const [alert] = parseAlerts(REPLY);
  if (!alert) throw new Error('fixture');

  it('matches every label of the alert exactly, alertname included', () => {
    expect(silenceMatchers(alert)).toEqual([
      { name: 'alertname', value: 'KubePodCrashLooping', isRegex: false, isEqual: true },
      { name: 'namespace', value: 'shop', isRegex: false, isEqual: true },
      { name: 'pod', value: 'api-1', isRegex: false, isEqual: true },
      { name: 'severity', value: 'critical', isRegex: false, isEqual: true },
    ]);
    expect(matchersText(silenceMatchers(alert, ['alertname', 'namespace']))).toBe('alertname="KubePodCrashLooping", namespace="shop"');
    expect(formatMatcher({ name: 'pod', value: 'a"b', isRegex: true, isEqual: false })).toBe('pod!~"a\\"b"');
  });

  it('builds the request from now and a duration, and refuses what would mute too much', () => {
    const now = new Date('2026-12-02T07:30:00.000Z');
    const built = buildSilence({ alert, now, durationMinutes: 90, createdBy: ' ana ', comment: ' war room 2026-12-02 ' });
    expect(built).toEqual({
      ok: true,
      request: { matchers: silenceMatchers(alert), startsAt: '2026-12-02T07:30:00.000Z', endsAt: '2026-12-02T09:00:00.000Z', createdBy: 'ana', comment: 'war room 2026-12-02' },
    });
    expect(buildSilence({ alert, now, durationMinutes: 0, createdBy: 'ana', comment: 'x' })).toMatchObject({ ok: false });
    expect(buildSilence({ alert, now, durationMinutes: 60 * 24 * 8, createdBy: 'ana', comment: 'x' })).toMatchObject({ ok: false, error: expect.stringContaining('7 days') });
    expect(buildSilence({ alert, now, durationMinutes: 60, createdBy: 'ana', comment: 'x', labelNames: ['namespace'] })).toMatchObject({ ok: false, error: expect.stringContaining('alertname') });
    expect(buildSilence({ alert, now, durationMinutes: 60, createdBy: 'ana', comment: '  ' })).toMatchObject({ ok: false, error: expect.stringContaining('comment') });
  });

  it('reads silences as Alertmanager lists them', () => {
    const [silence] = parseSilences([
      {
        id: '8d12f484-60a3-4ea8-a1df-c26e911a8800',
        status: { state: 'active' },
        updatedAt: '2026-12-02T07:19:15.883Z',
        comment: 'war room',
        createdBy: 'ana',
        endsAt: '2026-12-02T09:00:00.000Z',
        matchers: [{ isEqual: true, isRegex: false, name: 'alertname', value: 'KubePodCrashLooping' }],
        startsAt: '2026-12-02T07:19:15.883Z',
      },
    ]);
    expect(silence).toMatchObject({ id: '8d12f484-60a3-4ea8-a1df-c26e911a8800', state: 'active', createdBy: 'ana', matchers: [{ name: 'alertname', isEqual: true }] });
    expect(() => parseSilences([{ id: 'x', matchers: [], status: { state: 'maybe' } }])).toThrow('silence x: status.state maybe is unknown');
  });
});
