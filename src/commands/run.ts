// `warroom run <runbook>`: opens a new incident from the runbook and the war room on it.
import type { RunFlags } from '../cli.ts';
import { openNewIncident } from '../app/open-incident.ts';
import type { CommandIo } from './io.ts';
import { colorChoice, dashboardContext, openDashboard, preloadDashboard, requireTerminal } from './open-dashboard.ts';

export async function runCommand(runbook: string, flags: RunFlags, io: CommandIo): Promise<number> {
  // Refuse before creating anything: an incident nobody can see is worse than none.
  requireTerminal(io, 'warroom run');
  colorChoice(io, flags.color);
  void preloadDashboard();
  const context = dashboardContext(io);
  const opened = await openNewIncident({
    runbookPath: runbook,
    service: flags.service,
    severity: flags.severity,
    commander: flags.commander ?? context.config.commander ?? undefined,
    detectedAt: flags.detectedAt,
    impactStartedAt: flags.impactStartedAt,
    title: flags.title,
    dryRun: flags.dryRun,
    readonly: flags.readonly,
    env: io.env,
    now: () => new Date(),
    actor: context.actor,
    updateCadenceMinutes: context.config.updates.cadenceMinutes,
    escalationFrom: context.config.escalation.countFrom,
    cwd: io.cwd,
  });
  return openDashboard({
    dir: opened.dir,
    journal: opened.journal,
    events: opened.events,
    io,
    context,
    color: flags.color,
    mode: { dryRun: flags.dryRun, readonly: flags.readonly },
  });
}
