// `warroom run <runbook>`: opens a new incident from the runbook and the war room on it.
import { openNewIncident, type IncidentChoices } from '../app/open-incident.ts';
import type { CommandIo } from './io.ts';
import { colorChoice, dashboardContext, openDashboard, preloadDashboard, requireTerminal } from './open-dashboard.ts';

/** `warroom run`'s flags: the choices about the incident, and how to show it. */
export interface RunFlags extends IncidentChoices {
  color: boolean;
}

export async function runCommand(runbook: string, flags: RunFlags, io: CommandIo): Promise<number> {
  // Refuse before creating anything: an incident nobody can see is worse than none.
  requireTerminal(io, 'warroom run');
  colorChoice(io, flags.color);
  void preloadDashboard();
  const context = dashboardContext(io);
  const { color, ...choices } = flags;
  const opened = await openNewIncident({
    ...choices,
    commander: flags.commander ?? context.config.commander ?? undefined,
    runbookPath: runbook,
    env: io.env,
    now: () => new Date(),
    actor: context.actor,
    updateCadenceMinutes: context.config.updates.cadenceMinutes,
    escalationFrom: context.config.escalation.countFrom,
    cwd: io.cwd,
  });
  return openDashboard({ opened, io, context, color, mode: { dryRun: flags.dryRun, readonly: flags.readonly }, publish: true });
}
