// `warroom alerts [--json]`: what is firing now and which runbook each alert opens. Active,
// unsilenced alerts from Alertmanager grouped by alert name, then the PagerDuty incidents
// assigned to the operator. Works without a terminal; plain text fits 80 columns; --json holds
// everything. When a source cannot be read, the other one is still listed, the failure is one
// line on stderr and the exit code is 1.
import path from 'node:path';
import { AlertmanagerClient } from '../adapters/alertmanager.ts';
import { loadAlertingConfig, type AlertingConfig } from '../adapters/alerting-config.ts';
import { runbookForAlert, runbookLookup, type RunbookLookup } from '../adapters/alert-runbooks.ts';
import { PagerDutyRestClient } from '../adapters/pagerduty-rest.ts';
import { formatAlertsListing, listGroups, type AlertsListing, type ListedPagerDutyIncident } from '../core/alerts/listing.ts';
import { WarroomError } from '../errors.ts';
import type { CommandIo } from './io.ts';

/** At most this many incidents get their alerts read (one request each) for a runbook_url. */
const MAX_INCIDENTS_WITH_ALERTS = 20;

async function alertmanagerPart(config: AlertingConfig, lookup: RunbookLookup): Promise<AlertsListing['alertmanager']> {
  if (!config.alertmanager) return null;
  let client: AlertmanagerClient;
  try {
    client = new AlertmanagerClient(config.alertmanager);
  } catch (error) {
    if (error instanceof WarroomError) return { url: config.alertmanager.url, error: error.message, groups: [] };
    throw error;
  }
  try {
    const alerts = await client.activeAlerts();
    const groups = listGroups(alerts, config.severityMap, (a) => runbookForAlert(a.name, a.annotations.runbook_url ?? null, lookup));
    return { url: client.where, error: null, groups };
  } catch (error) {
    if (error instanceof WarroomError) return { url: client.where, error: error.message, groups: [] };
    throw error;
  }
}

async function pagerDutyPart(config: AlertingConfig, lookup: RunbookLookup): Promise<AlertsListing['pagerduty']> {
  if (!config.pagerduty) return null;
  const client = new PagerDutyRestClient(config.pagerduty);
  const email = config.pagerduty.email;
  try {
    const incidents = await client.assignedIncidents();
    const listed: ListedPagerDutyIncident[] = [];
    for (const [i, incident] of incidents.entries()) {
      let runbookUrl: string | null = null;
      if (i < MAX_INCIDENTS_WITH_ALERTS) {
        const alerts = await client.incidentAlerts(incident.id);
        runbookUrl = alerts.find((a) => a.runbookUrl !== null)?.runbookUrl ?? null;
      }
      listed.push({ ...incident, runbookUrl, runbook: runbookUrl === null ? null : runbookForAlert(null, runbookUrl, lookup) });
    }
    return { email, error: null, incidents: listed };
  } catch (error) {
    if (error instanceof WarroomError) return { email, error: error.message, incidents: [] };
    throw error;
  }
}

export async function alertsCommand(flags: { json: boolean }, io: CommandIo, now: Date = new Date()): Promise<number> {
  const config = loadAlertingConfig(io.env);
  if (!config.alertmanager && !config.pagerduty) {
    throw new WarroomError('no alert source configured: set alertmanager.url (and pagerduty.apiToken with pagerduty.email for PagerDuty incidents)');
  }
  const lookup = await runbookLookup(config.runbooks, io.cwd, io.env);
  const [alertmanager, pagerduty] = await Promise.all([alertmanagerPart(config, lookup), pagerDutyPart(config, lookup)]);
  const listing: AlertsListing = { alertmanager, pagerduty };
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
  } else {
    const display = (file: string) => {
      const relative = path.relative(io.cwd, file);
      return relative !== '' && !relative.startsWith('..') ? relative : file;
    };
    // A source that failed is left out here; its one-line error goes to stderr below.
    const shown: AlertsListing = { alertmanager: alertmanager?.error ? null : alertmanager, pagerduty: pagerduty?.error ? null : pagerduty };
    if (shown.alertmanager || shown.pagerduty) io.stdout.write(formatAlertsListing(shown, now, 80, display));
  }
  const errors = [alertmanager?.error, pagerduty?.error].filter((e): e is string => typeof e === 'string');
  for (const error of errors) io.stderr.write(`warroom: ${error}\n`);
  return errors.length > 0 ? 1 : 0;
}
