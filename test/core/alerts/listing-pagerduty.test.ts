// The listing's text fits 80 columns by wrapping, never cutting; PagerDuty replies are read into
// incidents, alerts (with a runbook_url from their details) and writes as REST calls.
import { describe, expect, it } from 'vitest';
import { parseAlert } from '../../../src/core/alerts/model.ts';
import { formatAlertsListing, listGroups, wrap } from '../../../src/core/alerts/listing.ts';
import { DEFAULT_SEVERITY_MAP } from '../../../src/core/alerts/incident-fill.ts';
import { pagerDutyErrorText, pagerDutyRequest, parseIncidentAlerts, parseIncidents, parseUsers, userWithEmail } from '../../../src/core/alerts/pagerduty-incident.ts';

const now = new Date('2026-12-02T10:30:00.000Z');
const longPath = '/srv/runbooks/prometheus-operator/content/runbooks/kubernetes/KubePersistentVolumeFillingUp.md';

describe('formatAlertsListing', () => {
  const alert = parseAlert({
    fingerprint: '5f1c0a9e2b7d4c11',
    startsAt: '2026-12-02T10:14:00.000Z',
    labels: { alertname: 'KubePersistentVolumeFillingUp', severity: 'critical', namespace: 'shop', persistentvolumeclaim: 'data-postgres-primary-0-with-a-long-name', prometheus: 'monitoring/k8s' },
    annotations: { summary: 'PersistentVolume is filling up.' },
  });
  const groups = listGroups([alert], DEFAULT_SEVERITY_MAP, () => ({ kind: 'file', file: longPath, via: 'runbook_url', notes: [] }));

  it('lists group, alert, labels and runbook within 80 columns, every word whole', () => {
    const text = formatAlertsListing({ alertmanager: { url: 'http://127.0.0.1:9093', error: null, groups }, pagerduty: null }, now);
    const lines = text.trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[0]).toBe('Alertmanager http://127.0.0.1:9093: 1 alert firing');
    expect(text).toContain('KubePersistentVolumeFillingUp · critical → SEV-1 · 1 firing\n');
    expect(text).toContain('5f1c0a9e2b7d4c11 · since 10:14 UTC (16m ago) · namespace=shop');
    const flat = text.replace(/\n\s*/g, ' ');
    expect(flat).toContain('namespace=shop persistentvolumeclaim=data-postgres-primary-0-with-a-long-name');
    expect(flat).not.toContain('prometheus=');
    expect(text.replace(/\s+/g, '')).toContain(`runbook:${longPath}(fromrunbook_url)`);
    expect(text).not.toContain('…');
  });

  it('says why no runbook opened, and lists PagerDuty incidents after the alerts', () => {
    const none = listGroups([alert], {}, () => ({ kind: 'none', notes: ['runbook_url https://x is under no runbooks.urlMap prefix'] }));
    const text = formatAlertsListing(
      {
        alertmanager: { url: 'http://am', error: null, groups: none },
        pagerduty: {
          email: 'ana@example.com',
          error: null,
          incidents: [{ id: 'PABC123', number: 1234, title: '[Checkout] API errors', status: 'triggered', urgency: 'high', createdAt: '2026-12-02T10:10:00Z', htmlUrl: null, service: 'Checkout API', assignees: ['Ana'], runbookUrl: null, runbook: null }],
        },
      },
      now,
    );
    expect(text).toContain('KubePersistentVolumeFillingUp · critical · 1 firing');
    expect(text).toContain('runbook: none, the operator picks one');
    expect(text).toContain('why: runbook_url https://x is under no runbooks.urlMap prefix');
    expect(text).toContain('PagerDuty: 1 incident assigned to you (ana@example.com)');
    expect(text).toContain('#1234 PABC123 · triggered · high · since 10:10 UTC (20m ago)');
    expect(text).toContain('service: Checkout API');
    expect(formatAlertsListing({ alertmanager: { url: 'http://am', error: null, groups: [] }, pagerduty: null }, now)).toBe(
      'No alerts firing in Alertmanager http://am (active, not silenced, not\ninhibited).\n',
    );
  });

  it('wraps long words onto the next lines instead of cutting them', () => {
    expect(wrap('runbook: abcdefghij', 10, '  ', '    ')).toEqual(['  runbook:', '    abcdef', '    ghij']);
    expect(wrap('see /srv/runbooks/kubernetes/Kube.md', 20, '', '  ')).toEqual(['see', '  /srv/runbooks/', '  kubernetes/Kube.md']);
    expect(wrap('/srv/KubePersistentVolumeFillingUp.md', 30, '', '')).toEqual(['/srv/KubePersistentVolumeFilli', 'ngUp.md']);
  });
});

describe('PagerDuty replies', () => {
  it('reads users and finds the operator by exact email', () => {
    const { users } = parseUsers({ users: [{ id: 'P1', name: 'Ana B', email: 'ana.b@example.com' }, { id: 'P2', name: 'Ana', email: 'Ana@Example.com' }], more: false });
    expect(userWithEmail(users, 'ana@example.com')).toEqual({ id: 'P2', name: 'Ana', email: 'Ana@Example.com' });
    expect(userWithEmail(users, 'bob@example.com')).toBeNull();
  });

  it('reads incidents and refuses an unknown status', () => {
    const { incidents, more } = parseIncidents({
      incidents: [{ id: 'PABC', incident_number: 7, title: 'Disk  full', status: 'acknowledged', urgency: 'high', created_at: '2026-12-02T10:00:00Z', html_url: 'https://x.pagerduty.com/incidents/PABC', service: { summary: 'DB' }, assignments: [{ assignee: { id: 'P2', summary: 'Ana' } }] }],
      more: true,
    });
    expect(more).toBe(true);
    expect(incidents[0]).toEqual({ id: 'PABC', number: 7, title: 'Disk full', status: 'acknowledged', urgency: 'high', createdAt: '2026-12-02T10:00:00Z', htmlUrl: 'https://x.pagerduty.com/incidents/PABC', service: 'DB', assignees: ['Ana'] });
    expect(() => parseIncidents({ incidents: [{ id: 'X', status: 'snoozed' }] })).toThrow('incident X has status snoozed');
    expect(() => parseIncidents({ nope: [] })).toThrow('no incidents list');
  });

  it("finds the runbook_url in an alert's details, PD-CEF details, nested annotations or links", () => {
    const { alerts } = parseIncidentAlerts({
      alerts: [
        { id: 'A1', summary: 's', status: 'triggered', body: { details: { runbook_url: 'https://r/1.md' } } },
        { id: 'A2', body: { cef_details: { details: { annotations: { runbook_url: 'https://r/2.md' } } } } },
        { id: 'A3', body: { contexts: [{ type: 'link', href: 'https://wiki/x', text: 'Runbook' }] } },
        { id: 'A4', body: { details: { runbook_url: 'not a url' } } },
      ],
    });
    expect(alerts.map((a) => a.runbookUrl)).toEqual(['https://r/1.md', 'https://r/2.md', 'https://wiki/x', null]);
  });

  it('turns writes into REST calls and errors into one line', () => {
    expect(pagerDutyRequest({ op: 'acknowledge', incidentId: 'PABC' })).toEqual({ method: 'PUT', path: '/incidents/PABC', body: { incident: { type: 'incident_reference', status: 'acknowledged' } } });
    expect(pagerDutyRequest({ op: 'resolve', incidentId: 'P/1' })).toMatchObject({ path: '/incidents/P%2F1', body: { incident: { status: 'resolved' } } });
    expect(pagerDutyRequest({ op: 'note', incidentId: 'PABC', content: 'rolled back' })).toEqual({ method: 'POST', path: '/incidents/PABC/notes', body: { note: { content: 'rolled back' } } });
    expect(pagerDutyErrorText('{"error":{"message":"Invalid Input Provided","code":2001,"errors":["Requester User Not Found"]}}')).toBe('Invalid Input Provided: Requester User Not Found');
    expect(pagerDutyErrorText('<html>\n Bad Gateway </html>')).toBe('<html> Bad Gateway </html>');
  });
});
