// `warroom alerts` as data and as plain text. The text fits a given width (80 columns) by
// wrapping, never by cutting: a runbook path or a label value a responder copies must be whole.
import { formatDuration } from '../time.ts';
import { groupAlerts, mainLabels } from './group.ts';
import { alertSeverity, alertService, alertTitle, type FromAlert } from './incident-fill.ts';
import type { Alert } from './model.ts';
import type { PagerDutyIncident } from './pagerduty-incident.ts';
import type { RunbookChoice } from './runbook-choice.ts';

export interface ListedAlert extends Alert {
  runbook: RunbookChoice;
  /** What opening this alert would fill in (parameters depend on the runbook, so not here). */
  incident: { title: string; severity: FromAlert | null; service: FromAlert | null; detectedAt: string };
}

export interface ListedGroup {
  name: string;
  severity: string | null;
  /** The group's severity through alerts.severityMap. */
  incidentSeverity: string | null;
  since: string;
  alerts: ListedAlert[];
}

export interface ListedPagerDutyIncident extends PagerDutyIncident {
  /** From the incident's alerts' details. */
  runbookUrl: string | null;
  runbook: RunbookChoice | null;
}

export interface AlertsListing {
  alertmanager: { url: string; error: string | null; groups: ListedGroup[] } | null;
  pagerduty: { email: string | null; error: string | null; incidents: ListedPagerDutyIncident[] } | null;
}

export function listGroups(
  alerts: readonly Alert[],
  severityMap: Readonly<Record<string, string>>,
  runbookOf: (alert: Alert) => RunbookChoice,
): ListedGroup[] {
  return groupAlerts(alerts).map((group) => {
    const first = group.alerts.find((a) => a.labels.severity === group.severity) ?? group.alerts[0];
    return {
      name: group.name,
      severity: group.severity,
      incidentSeverity: first ? (alertSeverity(first, severityMap)?.value ?? null) : null,
      since: group.since,
      alerts: group.alerts.map((alert) => ({
        ...alert,
        runbook: runbookOf(alert),
        incident: {
          title: alertTitle(alert),
          severity: alertSeverity(alert, severityMap),
          service: alertService(alert),
          detectedAt: alert.startsAt,
        },
      })),
    };
  });
}

/** Where to split a word longer than a line: after the last `/` that fits, else `-` or `_`, else at the edge. */
function breakAt(word: string, room: number): number {
  const head = word.slice(0, room);
  for (const at of [head.lastIndexOf('/'), Math.max(head.lastIndexOf('-'), head.lastIndexOf('_'))]) {
    if (at > room / 3) return at + 1;
  }
  return room;
}

/** Word-wrap to `width`; words longer than a line are split (at a `/` where possible), never cut. */
export function wrap(text: string, width: number, indent: string, hanging = indent): string[] {
  const lines: string[] = [];
  let line = indent;
  let empty = true;
  const push = () => {
    lines.push(line.trimEnd());
    line = hanging;
    empty = true;
  };
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest !== '') {
      const room = width - line.length - (empty ? 0 : 1);
      if (rest.length <= room) {
        line += (empty ? '' : ' ') + rest;
        empty = false;
        rest = '';
      } else if (!empty) {
        push();
      } else {
        const take = breakAt(rest, Math.max(1, room));
        line += rest.slice(0, take);
        rest = rest.slice(take);
        push();
      }
    }
  }
  if (!empty || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

const utcMinute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** `10:14 UTC (16m ago)` today, with the date on other days. */
function since(iso: string, now: Date): string {
  const ms = now.getTime() - Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const when = iso.slice(0, 10) === now.toISOString().slice(0, 10) ? `${iso.slice(11, 16)} UTC` : utcMinute(iso);
  return `${when} (${formatDuration(ms)} ago)`;
}

export function runbookText(choice: RunbookChoice | null, display: (file: string) => string): string[] {
  if (choice === null) return ['runbook: none (no runbook_url in its alerts)'];
  switch (choice.kind) {
    case 'file':
      return [`runbook: ${display(choice.file)} (${choice.via === 'runbook_url' ? 'from runbook_url' : 'named after the alert'})`, ...choice.notes.map((n) => `note: ${n}`)];
    case 'fetch':
      return [`runbook: fetched from ${choice.url} when opened`, ...choice.notes.map((n) => `note: ${n}`)];
    case 'ambiguous':
      return [`runbook: one of ${choice.files.map(display).join(', ')} (the operator picks)`, ...choice.notes.map((n) => `note: ${n}`)];
    case 'none':
      return [`runbook: none, the operator picks one`, ...choice.notes.map((n) => `why: ${n}`)];
  }
}

function alertLines(alert: ListedAlert, now: Date, width: number, display: (file: string) => string): string[] {
  const labels = mainLabels(alert).map(([k, v]) => `${k}=${v}`);
  const out = wrap(`${alert.fingerprint} · since ${since(alert.startsAt, now)} · ${labels.join(' ')}`, width, '  ', '      ');
  const summary = alert.annotations.summary;
  if (summary) out.push(...wrap(summary, width, '    '));
  for (const line of runbookText(alert.runbook, display)) out.push(...wrap(line, width, '    ', '      '));
  return out;
}

function pagerDutyLines(listing: NonNullable<AlertsListing['pagerduty']>, now: Date, width: number, display: (file: string) => string): string[] {
  const who = listing.email ? ` (${listing.email})` : '';
  if (listing.error) return wrap(`PagerDuty: not read (${listing.error})`, width, '', '  ');
  const n = listing.incidents.length;
  if (n === 0) return [`PagerDuty: no triggered or acknowledged incidents assigned to you${who}`];
  const out = [`PagerDuty: ${n} incident${n === 1 ? '' : 's'} assigned to you${who}`];
  for (const incident of listing.incidents) {
    const head = [incident.number === null ? incident.id : `#${incident.number} ${incident.id}`, incident.status, incident.urgency ?? '', `since ${since(incident.createdAt, now)}`];
    out.push('', ...wrap(head.filter(Boolean).join(' · '), width, '  ', '      '));
    out.push(...wrap(incident.title, width, '    '));
    if (incident.service) out.push(...wrap(`service: ${incident.service}`, width, '    ', '      '));
    for (const line of runbookText(incident.runbook, display)) out.push(...wrap(line, width, '    ', '      '));
  }
  return out;
}

export function formatAlertsListing(listing: AlertsListing, now: Date, width = 80, display: (file: string) => string = (f) => f): string {
  const out: string[] = [];
  const am = listing.alertmanager;
  if (am && am.error === null) {
    const count = am.groups.reduce((sum, g) => sum + g.alerts.length, 0);
    if (count === 0) out.push(...wrap(`No alerts firing in Alertmanager ${am.url} (active, not silenced, not inhibited).`, width, ''));
    else out.push(...wrap(`Alertmanager ${am.url}: ${count} alert${count === 1 ? '' : 's'} firing`, width, ''));
    for (const group of am.groups) {
      const sev = group.severity ? `${group.severity}${group.incidentSeverity ? ` → ${group.incidentSeverity}` : ''}` : 'no severity';
      const firing = `${group.alerts.length} firing`;
      out.push('', ...wrap(`${group.name} · ${sev} · ${firing}`, width, '', '  '));
      for (const alert of group.alerts) out.push(...alertLines(alert, now, width, display));
    }
  }
  if (listing.pagerduty) {
    if (out.length > 0) out.push('');
    out.push(...pagerDutyLines(listing.pagerduty, now, width, display));
  }
  return `${out.join('\n')}\n`;
}
