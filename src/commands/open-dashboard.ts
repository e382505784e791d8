// What `run`, `resume` and the picker share once they hold an incident's journal: refuse
// without a terminal, load the config, wire the optional services and mount the dashboard.
// Ink, React and the views are imported only here, lazily, so plain commands never load them.
import type { IncidentEvent } from '../core/incident/events.ts';
import type { Journal } from '../adapters/journal.ts';
import type { WarroomConfig } from '../adapters/config.ts';
import { loadConfig } from '../adapters/config.ts';
import { operatorName } from '../app/open-incident.ts';
import { UsageError, WarroomError } from '../errors.ts';
import type { CommandIo } from './io.ts';
import type * as RunDashboardModule from '../ui/run-dashboard.tsx';

export function requireTerminal(io: CommandIo, what: string): void {
  if (!io.isTty) {
    throw new UsageError(
      `${what} needs an interactive terminal; without one, read an incident with \`warroom show <id>\` (add --json for JSON)`,
    );
  }
}

/**
 * NO_COLOR (non-empty) or --no-color turn colours off. Our views then pass no colour to Ink;
 * FORCE_COLOR=0, set before Ink loads, also silences colour hard-coded in dependencies.
 */
export function colorChoice(io: CommandIo, flagColor: boolean): boolean {
  const on = flagColor && !(io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '');
  if (!on) process.env.FORCE_COLOR = '0';
  return on;
}

type DashboardModule = typeof RunDashboardModule;
let dashboardModule: Promise<DashboardModule> | null = null;

/**
 * Starts loading Ink, React and the views (about a quarter of the start-up) so that it overlaps
 * with the journal's fsyncs while the incident opens, instead of following them.
 */
export function preloadDashboard(): Promise<DashboardModule> {
  dashboardModule ??= import('../ui/run-dashboard.tsx');
  return dashboardModule;
}

export interface DashboardContext {
  config: WarroomConfig;
  actor: string;
}

export function dashboardContext(io: CommandIo): DashboardContext {
  const config = loadConfig(io.env);
  return { config, actor: operatorName(io.env, config.operator) };
}

export interface OpenDashboardOptions {
  dir: string;
  journal: Journal | null;
  events: IncidentEvent[];
  io: CommandIo;
  context: DashboardContext;
  color: boolean;
  mode: { dryRun: boolean; readonly: boolean };
}

export async function openDashboard(options: OpenDashboardOptions): Promise<number> {
  const { journal, io, context } = options;
  if (journal === null) {
    throw new WarroomError(
      `${options.dir}/journal.jsonl is damaged and can only be read; see it with \`warroom show ${options.dir.split('/').at(-1)}\``,
    );
  }
  const { runDashboard } = await preloadDashboard();
  // The services load after the first frame (see runDashboard).
  const loadWire = async () =>
    (await import('../ui/wiring.tsx')).wireServices({
      incidentDir: options.dir,
      config: context.config,
      env: io.env,
      cwd: io.cwd,
      mode: options.mode,
    });
  const colorOn = colorChoice(io, options.color);
  return runDashboard({
    incidentDir: options.dir,
    journal,
    events: options.events,
    actor: context.actor,
    io,
    color: colorOn,
    loadWire,
    people: context.config.commander ? [context.config.commander] : [],
  });
}
