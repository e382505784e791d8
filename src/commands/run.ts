// `warroom run <runbook>`: opens a new incident from the runbook and the war room on it.
// `warroom run --alert <fingerprint|alertname>`: the same from a firing alert, which picks the
// runbook and fills the incident (src/app/alert-open.ts).
import { openNewIncident, type IncidentChoices } from '../app/open-incident.ts';
import { UsageError } from '../errors.ts';
import type { CommandIo } from './io.ts';
import { colorChoice, dashboardContext, openDashboard, preloadDashboard, requireTerminal } from './open-dashboard.ts';

/** `warroom run`'s flags: the choices about the incident, and how to show it. */
export interface RunFlags extends IncidentChoices {
  color: boolean;
  alert?: string;
}

export async function runCommand(runbook: string | undefined, flags: RunFlags, io: CommandIo): Promise<number> {
  if (runbook === undefined && flags.alert === undefined) throw new UsageError("missing required argument 'runbook' (or --alert <fingerprint|alertname>)");
  // Refuse before creating anything: an incident nobody can see is worse than none.
  requireTerminal(io, 'warroom run');
  colorChoice(io, flags.color);
  void preloadDashboard();
  const context = dashboardContext(io);
  const { color, alert: alertRef, ...choices } = flags;
  const common = {
    ...choices,
    commander: flags.commander ?? context.config.commander ?? undefined,
    env: io.env,
    now: () => new Date(),
    actor: context.actor,
    updateCadenceMinutes: context.config.updates.cadenceMinutes,
    escalationFrom: context.config.escalation.countFrom,
    cwd: io.cwd,
  };
  let opened;
  if (alertRef !== undefined) {
    // Loaded only for --alert: Alertmanager's HTTP client (ky) is not what a plain run's first frame waits for.
    const [{ loadAlertingConfig }, { findAlertToOpen, openFromAlert, planAlertOpen }] = await Promise.all([
      import('../adapters/alerting-config.ts'),
      import('../app/alert-open.ts'),
    ]);
    const config = loadAlertingConfig(io.env);
    const alert = await findAlertToOpen(config, alertRef);
    const plan = await planAlertOpen(config, { source: 'alertmanager', alert, pagerdutyUrl: null }, io.cwd, io.env);
    opened = await openFromAlert({ ...common, plan, config, ...(runbook !== undefined ? { runbookPath: runbook } : {}) });
  } else {
    opened = await openNewIncident({ ...common, runbookPath: runbook! });
  }
  return openDashboard({ opened, io, context, color, mode: { dryRun: flags.dryRun, readonly: flags.readonly }, publish: true });
}
