// `warroom` with no arguments: the picker. Open incidents to resume and the runbooks found in
// ./runbooks and the configured folders, each with title and severity.
import path from 'node:path';
import { listIncidents } from '../adapters/incidents.ts';
import { findRunbookFiles, loadRunbook } from '../adapters/runbook-files.ts';
import { openNewIncident, resumeIncidentJournal } from '../app/open-incident.ts';
import { formatDuration } from '../core/time.ts';
import type { IncidentOpenedEvent } from '../core/incident/events.ts';
import type { LiveTargets, PickerIncident, PickerRunbook } from '../ui/entry.ts';
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

export async function pickCommand(io: CommandIo, flags: { dryRun?: boolean } = {}): Promise<number> {
  requireTerminal(io, 'warroom (the picker)');
  const context = dashboardContext(io);
  const now = new Date();
  const live = liveTargets(io, context.config);
  const incidents: PickerIncident[] = (await listIncidents(io.env, now))
    .filter((i) => i.error === null && i.status !== null && i.status !== 'resolved')
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
  const color = colorChoice(io, true);
  const { runPicker } = await import('../ui/entry.ts');
  const choice = await runPicker({ incidents, runbooks, operator: context.actor, live: await live, drill: flags.dryRun === true }, { color, stdout: io.stdout, stderr: io.stderr });
  if (choice === null) return 0;
  if (choice.kind === 'resume') {
    const opened = await resumeIncidentJournal(io.env, choice.id);
    const first = opened.events[0] as IncidentOpenedEvent;
    return openDashboard({ opened, io, context, color, mode: first.mode });
  }
  const opened = await openNewIncident({
    runbookPath: choice.path,
    severity: choice.severity,
    commander: choice.commander,
    dryRun: choice.dryRun,
    readonly: false,
    env: io.env,
    now: () => new Date(),
    actor: context.actor,
    updateCadenceMinutes: context.config.updates.cadenceMinutes,
    cwd: io.cwd,
  });
  return openDashboard({ opened, io, context, color, mode: { dryRun: choice.dryRun, readonly: false } });
}
