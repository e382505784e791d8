// The pure parts of opening from an alert and of the status page in the composer: the alert
// events validate and reduce, PagerDuty writes are owed once each, the Components line parses
// against the page and names what it cannot match, and each delivered status-page update owes
// one link in the Slack thread.
import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../../src/core/incident/validate-event.ts';
import { replay } from '../../../src/core/incident/reduce.ts';
import type { IncidentEvent, NewEvent } from '../../../src/core/incident/events.ts';
import { pagerDutyWritesOwed } from '../../../src/core/comms/pagerduty-rest-plan.ts';
import { statusPageLinksOwed } from '../../../src/core/comms/status-page-link.ts';
import { parseComponentsText, initialComponentsText } from '../../../src/core/statuspage/composer-components.ts';
import { openedEvent, dashboardRunbook } from '../../helpers/dashboard-fixtures.ts';

const page = [
  { id: 'cmp-api', name: 'API', status: 'operational' as const, group: 'Core' },
  { id: 'cmp-login', name: 'Login', status: 'operational' as const, group: 'Core' },
];
const at = (n: number) => new Date(Date.UTC(2026, 11, 2, 10, n)).toISOString();

function events(extra: NewEvent[], dryRun = false): IncidentEvent[] {
  const opened = { ...openedEvent(dashboardRunbook(), { mode: { dryRun, readonly: false } }), seq: 1, at: at(0) } as IncidentEvent;
  return [opened, ...extra.map((e, i) => ({ ...e, seq: i + 2, at: at(i + 1) }) as IncidentEvent)];
}

const linked = (source: 'alertmanager' | 'pagerduty') => ({
  type: 'alert.linked' as const, actor: 'alice', source, fingerprint: source === 'pagerduty' ? 'PABC123' : 'fcec5b28c70ac6a3', name: 'HighLatency',
  labels: { alertname: 'HighLatency' }, annotations: {}, startsAt: at(0), generatorURL: null, filled: [{ name: 'namespace', label: 'namespace', value: 'shop' }], pagerdutyUrl: null,
});

describe('alert events', () => {
  it('validate, and reduce into state.alert: stopped, silenced, expired', () => {
    const all = events([
      linked('alertmanager'),
      { type: 'alert.silenced', actor: 'alice', silenceId: 's1', matchers: ['alertname="HighLatency"'], endsAt: at(60), comment: 'x' },
      { type: 'alert.changed', actor: 'system', fingerprint: 'fcec5b28c70ac6a3', firing: false },
      { type: 'alert.silence-expired', actor: 'alice', silenceId: 's1' },
    ]);
    for (const e of all.slice(1)) expect(validateEvent(e)).toBeNull();
    expect(validateEvent({ ...all[1], filled: [{ name: 'x' }] })).toMatch(/filled must be/);
    const state = replay(all);
    expect(state.alert).toMatchObject({ firing: false, stoppedAt: at(3), silence: { id: 's1', expired: true } });
  });
});

describe('pagerDutyWritesOwed', () => {
  it('owes the acknowledgement once, a note per update, and the resolve after resolving', () => {
    const state = replay(events([linked('pagerduty')]));
    expect(pagerDutyWritesOwed(state).map((r) => r.kind)).toEqual(['pd.acknowledge']);
    const later = replay(
      events([
        linked('pagerduty'),
        { type: 'delivery.requested', actor: 'system', deliveryId: 'd1', destination: 'pagerduty-rest', kind: 'pd.acknowledge', payload: { op: 'acknowledge', incidentId: 'PABC123' }, parentDeliveryId: null },
        { type: 'update.posted', actor: 'alice', kind: 'internal', text: 'impact: some users', fields: {}, nextUpdateMinutes: 15, deliveryIds: [] },
        { type: 'incident.resolved', actor: 'alice', from: 'investigating', summary: null },
      ]),
    );
    expect(pagerDutyWritesOwed(later).map((r) => [r.kind, r.payload])).toEqual([
      ['pd.note', { op: 'note', incidentId: 'PABC123', content: 'Internal update from the war room: impact: some users' }],
      ['pd.resolve', { op: 'resolve', incidentId: 'PABC123' }],
    ]);
    expect(pagerDutyWritesOwed(replay(events([linked('alertmanager')])))).toEqual([]);
  });
});

describe('the Components line', () => {
  it('matches names to the page, takes statuses, and names what it cannot match', () => {
    expect(parseComponentsText('API: major, login', page, 'degraded_performance')).toEqual({
      ok: true,
      chosen: [
        { id: 'cmp-api', name: 'API', status: 'major_outage' },
        { id: 'cmp-login', name: 'Login', status: 'degraded_performance' },
      ],
    });
    expect(parseComponentsText('Billing: partial_outage, API: broken', page, 'degraded_performance')).toEqual({
      ok: false,
      problems: ['the page has no component "Billing"', '"broken" is not a component status (degraded_performance, partial_outage, major_outage)'],
    });
    expect(parseComponentsText('', null, 'degraded_performance')).toEqual({ ok: true, chosen: [] });
    expect(initialComponentsText({ frontMatter: { components: ['API', 'Login'] } }, [], page, 'major')).toBe('API: partial_outage, Login: partial_outage');
  });
});

describe('statusPageLinksOwed', () => {
  it('owes one thread link per delivered status-page update, and none in a drill', () => {
    const payload = { op: 'create', provider: 'atlassian', pageId: 'pg', intentKey: 'k', name: 'n', status: 'investigating', body: 'b', components: [], impact: null, notify: true };
    const lane = [
      { type: 'delivery.requested', actor: 'system', deliveryId: 's1', destination: 'statuspage', kind: 'status.create', payload, parentDeliveryId: null } as never,
      { type: 'delivery.delivered', actor: 'system', deliveryId: 's1', attempt: 1, response: { pageIncidentId: 'inc1', url: 'https://stspg.io/inc1' } } as const,
    ];
    expect(statusPageLinksOwed(replay(events(lane))).map((m) => m.plain)).toEqual(['status page updated: https://stspg.io/inc1']);
    expect(statusPageLinksOwed(replay(events(lane, true)))).toEqual([]);
  });
});
