// What the picker offers first: the alerts firing now (Alertmanager, unsilenced) and the
// PagerDuty incidents assigned to the operator, each with the plan for opening it (the
// runbook it maps to, its severity). A source that cannot be read is one problem line; the
// picker still lists everything else.
import { AlertmanagerClient } from '../adapters/alertmanager.ts';
import type { AlertingConfig } from '../adapters/alerting-config.ts';
import { runbookLookup } from '../adapters/alert-runbooks.ts';
import { PagerDutyRestClient } from '../adapters/pagerduty-rest.ts';
import type { Alert } from '../core/alerts/model.ts';
import type { PagerDutyIncident } from '../core/alerts/pagerduty-incident.ts';
import { severityRank } from '../core/alerts/group.ts';
import { WarroomError } from '../errors.ts';
import { planAlertOpen, type AlertOpenPlan } from './alert-open.ts';

/** Fewer requests at start: only this many PagerDuty incidents get their alerts read for a runbook_url. */
const MAX_PD_INCIDENTS = 10;

/** A PagerDuty incident as an alert: its id, title, service and creation time; runbook_url from its alerts. */
export function pagerDutyAsAlert(incident: PagerDutyIncident, runbookUrl: string | null): Alert {
  return {
    fingerprint: incident.id,
    name: incident.title,
    labels: incident.service ? { service: incident.service } : {},
    annotations: runbookUrl ? { runbook_url: runbookUrl } : {},
    startsAt: incident.createdAt,
    endsAt: null,
    updatedAt: null,
    generatorURL: null,
    state: 'active',
    silencedBy: [],
    inhibitedBy: [],
  };
}

export interface AlertSources {
  plans: AlertOpenPlan[];
  /** One line per source that could not be read. */
  problems: string[];
}

const message = (error: unknown) => (error instanceof WarroomError ? error.message : String(error));

export async function loadAlertSources(config: AlertingConfig, cwd: string, env: NodeJS.ProcessEnv): Promise<AlertSources> {
  const plans: AlertOpenPlan[] = [];
  const problems: string[] = [];
  const am = config.alertmanager;
  const pd = config.pagerduty;
  const [alerts, incidents] = await Promise.all([
    am
      ? new AlertmanagerClient(am, { timeoutMs: 5_000 }).activeAlerts().catch((error: unknown) => {
          problems.push(message(error));
          return [] as Alert[];
        })
      : Promise.resolve([] as Alert[]),
    pd && pd.email
      ? (async () => {
          const client = new PagerDutyRestClient(pd);
          const found = await client.assignedIncidents();
          const out: Alert[] = [];
          const urls: (string | null)[] = [];
          for (const [i, incident] of found.entries()) {
            const runbookUrl = i < MAX_PD_INCIDENTS ? ((await client.incidentAlerts(incident.id)).find((a) => a.runbookUrl !== null)?.runbookUrl ?? null) : null;
            out.push(pagerDutyAsAlert(incident, runbookUrl));
            urls.push(incident.htmlUrl);
          }
          return out.map((alert, i) => ({ alert, url: urls[i] ?? null }));
        })().catch((error: unknown) => {
          problems.push(message(error));
          return [] as { alert: Alert; url: string | null }[];
        })
      : Promise.resolve([] as { alert: Alert; url: string | null }[]),
  ]);
  const lookup = await runbookLookup(config.runbooks, cwd, env);
  const bySeverity = [...alerts].sort((a, b) => severityRank(a.labels.severity) - severityRank(b.labels.severity) || a.startsAt.localeCompare(b.startsAt));
  for (const alert of bySeverity) plans.push(await planAlertOpen(config, { source: 'alertmanager', alert, pagerdutyUrl: null }, cwd, env, lookup));
  for (const { alert, url } of incidents) plans.push(await planAlertOpen(config, { source: 'pagerduty', alert, pagerdutyUrl: url }, cwd, env, lookup));
  return { plans, problems };
}
