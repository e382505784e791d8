// Opening the war room from an alert: the runbook its runbook_url maps to (or a file named after
// it, or the one the operator gives), title, severity, service and detection time from the
// alert, and its labels in the runbook's parameters. The alert itself is journaled right after
// incident.opened (alert.linked), then one parameter.set per value it filled: the journal
// says which values came from the alert, and the operator can still change each one.
// A label with a secret's name or shape (`db_url=postgres://app:pw@db`), and any value it fills,
// is journaled as the secret mark and held in this war room's memory, as one the operator types
// (src/core/alerts/secret-labels.ts); the annotations and the source link are redacted.
import path from 'node:path';
import { AlertmanagerClient } from '../adapters/alertmanager.ts';
import type { AlertingConfig } from '../adapters/alerting-config.ts';
import { runbookForAlert, runbookLookup, type RunbookLookup } from '../adapters/alert-runbooks.ts';
import { fetchRunbook } from '../adapters/runbook-fetch.ts';
import { incidentFromAlert, runbookSlots } from '../core/alerts/incident-fill.ts';
import { mainLabels } from '../core/alerts/group.ts';
import type { Alert } from '../core/alerts/model.ts';
import { describeChoice, type RunbookChoice } from '../core/alerts/runbook-choice.ts';
import type { IncidentOpenedEvent, NewEvent } from '../core/incident/events.ts';
import type { AlertSource } from '../core/incident/alert-events.ts';
import { UsageError, WarroomError } from '../errors.ts';
import { openNewIncident, type OpenedIncident, type OpenNewIncidentOptions } from './open-incident.ts';
import type { Journal } from '../adapters/journal.ts';
import { isSecretParameter, SECRET_VALUE } from '../core/command/secret-parameter.ts';
import { maskSecretLabels } from '../core/alerts/secret-labels.ts';
import { redactDeep, redactSecrets } from '../core/redact.ts';
import { SecretValues } from './secret-values.ts';

/** The alert as the war room opens from it (an Alertmanager alert, or a PagerDuty incident shaped like one). */
export interface AlertToOpen {
  source: AlertSource;
  alert: Alert;
  pagerdutyUrl: string | null;
}

/** Which runbook, and what the alert says about the incident, before anything is created. */
export interface AlertOpenPlan {
  target: AlertToOpen;
  choice: RunbookChoice;
  /** The alert's severity through alerts.severityMap, or null (then the runbook's). */
  severity: string | null;
}

/** One line per alert for "which one?": fingerprint, since when, the main labels. */
function alertLines(alerts: readonly Alert[]): string {
  return alerts.map((a) => `  ${a.fingerprint}  since ${a.startsAt}  ${mainLabels(a).map(([k, v]) => `${k}=${v}`).join(' ')}`).join('\n');
}

/** The one firing alert `ref` (a fingerprint, or an alert name firing once) names. */
export async function findAlertToOpen(config: AlertingConfig, ref: string): Promise<Alert> {
  if (!config.alertmanager) throw new UsageError('--alert needs alertmanager.url: warroom config set alertmanager.url http://alertmanager:9093');
  const client = new AlertmanagerClient(config.alertmanager);
  const found = await client.findAlerts(ref);
  const [only] = found;
  if (only === undefined) throw new UsageError(`no firing alert in ${client.where} has the fingerprint or alert name ${ref} (warroom alerts lists them)`);
  if (found.length > 1) throw new UsageError(`${found.length} ${ref} alerts fire; pass the fingerprint of one:\n${alertLines(found)}`);
  return only;
}

export async function planAlertOpen(
  config: AlertingConfig,
  target: AlertToOpen,
  cwd: string,
  env: NodeJS.ProcessEnv,
  known?: RunbookLookup,
): Promise<AlertOpenPlan> {
  const lookup = known ?? (await runbookLookup(config.runbooks, cwd, env));
  const alertName = target.source === 'alertmanager' ? target.alert.name : null;
  const choice = runbookForAlert(alertName, target.alert.annotations.runbook_url ?? null, lookup);
  const severity = incidentFromAlert(target.alert, { severityMap: config.severityMap, slots: [] }).severity?.value ?? null;
  return { target, choice, severity };
}

/** Why no runbook opened by itself, and how to give one. */
export function noRunbookText(plan: AlertOpenPlan): string {
  return `no runbook for ${plan.target.alert.name}: ${describeChoice(plan.choice)}; give one: warroom run --alert ${plan.target.alert.fingerprint} <runbook.md>`;
}

export interface OpenFromAlertOptions extends Omit<OpenNewIncidentOptions, 'runbookPath'> {
  plan: AlertOpenPlan;
  config: AlertingConfig;
  /** The runbook the operator chose; required when the plan found none (or several). */
  runbookPath?: string;
}

/** Opens the incident from the alert; the operator's own choices (flags, the picker) win over the alert's. */
export async function openFromAlert(opts: OpenFromAlertOptions): Promise<OpenedIncident & { journal: Journal; secrets: SecretValues }> {
  const { plan, config } = opts;
  const { alert } = plan.target;
  const fields = incidentFromAlert(alert, { severityMap: config.severityMap, slots: [] });
  let runbookPath = opts.runbookPath;
  let fetchUrl: string | null = null;
  if (runbookPath === undefined) {
    if (plan.choice.kind === 'file') runbookPath = plan.choice.file;
    else if (plan.choice.kind === 'fetch') fetchUrl = plan.choice.url;
    else throw new UsageError(noRunbookText(plan));
  }
  const opened = await openNewIncident({
    ...opts,
    runbookPath: runbookPath ?? alert.name,
    // A fetched runbook is kept in the incident folder: the war room works from a copy that stays.
    ...(fetchUrl !== null
      ? { runbookInto: async (dir: string) => (await fetchRunbook(fetchUrl, { prefixes: config.runbooks.fetchPrefixes, maxBytes: config.runbooks.fetchMaxBytes, intoFolder: path.join(dir, 'runbook') })).file }
      : {}),
    title: opts.title ?? redactSecrets(fields.title),
    severity: opts.severity ?? plan.severity ?? undefined,
    service: opts.service ?? (fields.service && !isSecretParameter(fields.service.label, fields.service.value) ? fields.service.value : undefined),
    detectedAt: opts.detectedAt ?? fields.detectedAt,
    // The alert is the incident's first fact: no impact start guessed before it from the runbook's window.
    impactFromWindow: opts.impactStartedAt !== undefined,
  });
  const secrets = new SecretValues();
  try {
    const first = opened.events[0] as IncidentOpenedEvent;
    const parameters = incidentFromAlert(alert, { severityMap: config.severityMap, slots: runbookSlots(first.runbook) }).parameters;
    const labels = maskSecretLabels(alert.labels);
    const secret = (p: (typeof parameters)[number]) => labels[p.label] === SECRET_VALUE || isSecretParameter(p.name, p.value);
    const linked: NewEvent = {
      type: 'alert.linked',
      actor: opts.actor,
      source: plan.target.source,
      fingerprint: alert.fingerprint,
      name: alert.name,
      labels,
      annotations: redactDeep({ ...alert.annotations }),
      startsAt: alert.startsAt,
      generatorURL: alert.generatorURL === null ? null : redactSecrets(alert.generatorURL),
      filled: parameters.map((p) => ({ name: p.name, label: p.label, value: secret(p) ? SECRET_VALUE : p.value })),
      pagerdutyUrl: plan.target.pagerdutyUrl,
    };
    opened.events.push(await opened.journal.append(linked));
    for (const p of parameters) opened.events.push(await opened.journal.append(secrets.parameterSet(opts.actor, p.name, p.value, secret(p))));
  } catch (error) {
    await opened.journal.close().catch(() => undefined);
    throw error instanceof WarroomError ? error : new WarroomError(`the incident opened but the alert could not be recorded: ${String(error)}`);
  }
  return { ...opened, secrets };
}
