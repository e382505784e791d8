// `warroom` with no arguments: the picker. Open incidents to resume and the runbooks found in
// ./runbooks and the configured folders, each with title and severity.
import path from 'node:path';
import { hasJournal, listRecentIncidents } from '../adapters/incidents.ts';
import { groupThousands } from './list.ts';
import { findRunbookFiles, loadRunbook } from '../adapters/runbook-files.ts';
import { openNewIncident, resumeIncidentJournal } from '../app/open-incident.ts';
import { formatDuration } from '../core/time.ts';
import type { IncidentOpenedEvent } from '../core/incident/events.ts';
import type { LiveTargets, PickerAlert, PickerIncident, PickerRunbook } from '../ui/entry.ts';
import { loadAlertingConfig } from '../adapters/alerting-config.ts';
import { loadAlertSources, type AlertSources } from '../app/alert-sources.ts';
import { openFromAlert, type AlertOpenPlan } from '../app/alert-open.ts';
import { mainLabels } from '../core/alerts/group.ts';
import type { CommandIo } from './io.ts';
import { colorChoice, dashboardContext, openDashboard, requireTerminal, type DashboardContext } from './open-dashboard.ts';

/** Runbooks under each folder; a folder that is missing or empty is simply skipped here. */
async function runbookFiles(folders: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const folder of folders) {
    try {
      found.push(...(await findRunbookFiles([folder])));
    } catch {
      // `warroom validate <folder>` explains what is wrong with a folder; the picker lists what it can.
    }
  }
  return [...new Set(found)];
}

/** What a live incident would touch, named for the picker (no secret: whether one is set). */
async function liveTargets(io: CommandIo, config: DashboardContext['config']): Promise<LiveTargets> {
  // Loaded here, not at start-up: it brings execa, and only the picker's last question needs it.
  const { kubeContext } = await import('../adapters/kube-context.ts');
  const kube = await kubeContext(io.env).catch(() => null);
  const slack = config.slack.token && config.slack.channel ? `${config.slack.channel} (Web API)` : config.slack.webhookUrl ? '(webhook)' : null;
  return { kubeContext: kube?.context ?? null, slack, pagerduty: Boolean(config.pagerduty.routingKey) };
}

/** Firing alerts and PagerDuty incidents, when a source is configured; a broken config is a notice, not a failure. */
async function alertSources(io: CommandIo): Promise<AlertSources & { config: ReturnType<typeof loadAlertingConfig> | null }> {
  try {
    const config = loadAlertingConfig(io.env);
    if (!config.alertmanager && !config.pagerduty) return { config, plans: [], problems: [] };
    return { config, ...(await loadAlertSources(config, io.cwd, io.env)) };
  } catch (error) {
    return { config: null, plans: [], problems: [error instanceof Error ? error.message : String(error)] };
  }
}

function pickerAlert(plan: AlertOpenPlan, index: number, now: Date, cwd: string): PickerAlert {
  const { alert, source } = plan.target;
  const display = (file: string) => {
    const relative = path.relative(cwd, file);
    return relative !== '' && !relative.startsWith('..') ? relative : path.basename(file);
  };
  const choice = plan.choice;
  return {
    index,
    source,
    name: alert.name,
    labels: mainLabels(alert)
      .filter(([k]) => k !== 'severity')
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
    severity: plan.severity,
    age: formatDuration(Math.max(0, now.getTime() - Date.parse(alert.startsAt))),
    runbook: choice.kind === 'file' ? display(choice.file) : choice.kind === 'fetch' ? choice.url : null,
    runbookChoices: choice.kind === 'ambiguous' ? choice.files : [],
  };
}

/** Open incidents the picker offers; older open ones are named, never silently dropped. */
export const PICKER_OPEN_LIMIT = 50;

export function olderOpenNotice(moreOpen: number): string[] {
  // Short: it leads the hint line, and the keys' hints after it must still fit 80 columns.
  return moreOpen === 0 ? [] : [`${groupThousands(moreOpen)} older open: warroom list --all`];
}

export async function pickCommand(io: CommandIo, flags: { dryRun?: boolean } = {}): Promise<number> {
  requireTerminal(io, 'warroom (the picker)');
  const context = dashboardContext(io);
  const now = new Date();
  const live = liveTargets(io, context.config);
  // Only open ones are offered, the newest first: the index's resolved ones are never read.
  const recent = await listRecentIncidents(io.env, { newest: 0, olderOpen: PICKER_OPEN_LIMIT }, now);
  const incidents: PickerIncident[] = recent.incidents
    // Joined from a shared room (no journal here): offered with the shared ones, opened by joining.
    .filter((i) => i.error === null && i.status !== null && i.status !== 'resolved' && hasJournal(path.dirname(i.dir), i.id))
    .map((i) => ({
      id: i.id,
      title: i.title ?? i.id,
      severity: i.severity ?? '?',
      status: i.status ?? '?',
      age: formatDuration(i.durationMs ?? 0),
    }));
  const folders = [path.join(io.cwd, 'runbooks'), ...context.config.runbooks.folders.map((f) => path.resolve(io.cwd, f))];
  const runbooks: PickerRunbook[] = [];
  for (const file of await runbookFiles(folders)) {
    try {
      const { runbook } = await loadRunbook(file);
      runbooks.push({ path: path.relative(io.cwd, file) || file, title: runbook.title, severity: runbook.severity });
    } catch {
      // Unreadable file: `warroom validate` explains; the picker lists what it can open.
    }
  }
  // pg loads only when sharing is configured.
  const joining = context.config.share?.url ? import('./join.ts') : null;
  const shared = joining ? joining.then((m) => m.sharedForPicker(context, new Set(incidents.map((i) => i.id)))) : Promise.resolve([]);
  const sources = await alertSources(io);
  const alerts = sources.plans.map((plan, i) => pickerAlert(plan, i, now, io.cwd));
  const color = colorChoice(io, true);
  const { runPicker } = await import('../ui/entry.ts');
  const choice = await runPicker(
    { alerts, notices: [...sources.problems, ...olderOpenNotice(recent.moreOpen)], incidents, shared: await shared, runbooks, operator: context.actor, live: await live, drill: flags.dryRun === true },
    { color, stdout: io.stdout, stderr: io.stderr },
  );
  if (choice === null) return 0;
  const common = {
    // An alert opened from the picker is a drill only when `warroom --dry-run` asked for one.
    dryRun: flags.dryRun === true,
    readonly: false,
    env: io.env,
    now: () => new Date(),
    actor: context.actor,
    updateCadenceMinutes: context.config.updates.cadenceMinutes,
    escalationFrom: context.config.escalation.countFrom,
    cwd: io.cwd,
  };
  if (choice.kind === 'alert') {
    const plan = sources.plans[choice.index];
    if (!plan || !sources.config) return 1;
    const opened = await openFromAlert({
      ...common,
      plan,
      config: sources.config,
      commander: context.config.commander ?? undefined,
      ...(choice.severity !== null ? { severity: choice.severity } : {}),
      ...(choice.runbookPath !== null ? { runbookPath: choice.runbookPath } : {}),
    });
    return openDashboard({ opened, io, context, color, mode: { dryRun: common.dryRun, readonly: false } });
  }
  if (choice.kind === 'join' && joining) return (await joining).joinShared(choice.id, { color, dryRun: flags.dryRun === true, readonly: false }, io, context);
  if (choice.kind === 'join') return 1;
  if (choice.kind === 'resume') {
    const opened = await resumeIncidentJournal(io.env, choice.id);
    const first = opened.events[0] as IncidentOpenedEvent;
    return openDashboard({ opened, io, context, color, mode: first.mode });
  }
  const opened = await openNewIncident({ ...common, dryRun: choice.dryRun, runbookPath: choice.path, severity: choice.severity, commander: choice.commander });
  return openDashboard({ opened, io, context, color, mode: { dryRun: choice.dryRun, readonly: false } });
}
