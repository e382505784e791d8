// `warroom resume [id]`: reopens the war room on an incident (the newest open one by default).
// The state is the journal replayed; the clock keeps counting from the journal's times.
import { resumeIncidentJournal } from '../app/open-incident.ts';
import type { RunMode } from '../core/command/confirm-policy.ts';
import type { IncidentOpenedEvent } from '../core/incident/events.ts';
import type { CommandIo } from './io.ts';
import { colorChoice, dashboardContext, openDashboard, preloadDashboard, requireTerminal } from './open-dashboard.ts';

export interface ResumeFlags extends RunMode {
  color: boolean;
}

export async function resumeCommand(id: string | undefined, flags: ResumeFlags, io: CommandIo): Promise<number> {
  requireTerminal(io, 'warroom resume');
  colorChoice(io, flags.color);
  void preloadDashboard();
  const context = dashboardContext(io);
  const opened = await resumeIncidentJournal(io.env, id);
  const first = opened.events[0] as IncidentOpenedEvent;
  // A dry-run or read-only incident stays so; the flags can only make a session safer.
  const mode = { dryRun: flags.dryRun || first.mode.dryRun, readonly: flags.readonly || first.mode.readonly };
  return openDashboard({ opened, io, context, color: flags.color, mode });
}
