// What `run`, `resume` and the picker share once they hold an incident's journal: refuse
// without a terminal, load the config, build the war room (src/app/war-room.ts) and mount the
// dashboard. Ink, React and the views are imported only here and in the picker, lazily, through
// src/ui/entry.ts, so plain commands never load them.
import type { RunMode } from '../core/command/confirm-policy.ts';
import type { WarroomConfig } from '../adapters/config.ts';
import { loadConfig } from '../adapters/config.ts';
import { placeFile } from '../adapters/place-file.ts';
import { markPhase } from '../adapters/startup-trace.ts';
import { ReadOnlyStore } from '../adapters/read-only-store.ts';
import { DEFAULT_GRACE_SECONDS, installShutdown } from '../adapters/shutdown.ts';
import { reportJournalHealth, type HealthSource } from '../app/journal-health.ts';
import { operatorName, type OpenedIncident } from '../app/open-incident.ts';
import { journalStore, openWarRoom, type WarRoom } from '../app/war-room.ts';
import type { EventStore } from '../core/incident/event-store.ts';
import type { SharedIncident } from '../app/share/open-shared.ts';
import { UsageError } from '../errors.ts';
import type { CommandIo } from './io.ts';
import type * as DashboardEntry from '../ui/entry.ts';

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

type DashboardModule = typeof DashboardEntry;
let dashboardModule: Promise<DashboardModule> | null = null;

/**
 * Starts loading Ink, React and the views (about a quarter of the start-up) so that it overlaps
 * with the journal's fsyncs while the incident opens, instead of following them.
 */
export function preloadDashboard(): Promise<DashboardModule> {
  dashboardModule ??= import('../ui/entry.ts').then((entry) => {
    markPhase('ui-loaded');
    return entry;
  });
  return dashboardModule;
}

export interface DashboardContext {
  config: WarroomConfig;
  actor: string;
}

export function dashboardContext(io: CommandIo): DashboardContext {
  markPhase('command-loaded');
  const config = loadConfig(io.env);
  markPhase('config-loaded');
  return { config, actor: operatorName(io.env, config.operator) };
}

export interface OpenDashboardOptions {
  opened: OpenedIncident;
  io: CommandIo;
  context: DashboardContext;
  color: boolean;
  mode: RunMode;
  /** `warroom run`: with share.url set, publish the new incident to the shared store. */
  publish?: boolean;
}

export async function openDashboard({ opened, io, context, color, mode, publish = false }: OpenDashboardOptions): Promise<number> {
  const { journal } = opened;
  if (journal === null) {
    // A damaged journal opens read-only: what its intact lines say, nothing recorded, no services.
    // What a refused action says is short, so the status line keeps the way out.
    const refusal = `read-only (damaged journal, see the header): \`warroom repair ${opened.id}\` makes it writable`;
    const readOnlyReason = opened.readonlyReason ?? `read-only: the journal is damaged; run \`warroom repair ${opened.id}\``;
    const store = new ReadOnlyStore(opened.events, refusal);
    return mountWarRoom({ dir: opened.dir, store, share: null, io, context, color, mode, opened, readOnlyReason });
  }
  markPhase('journal-open');
  let share: SharedIncident | null = null;
  try {
    // The shared store (and pg with it) loads only when sharing is configured: without share.url
    // the first frame never waits for a database driver.
    if (context.config.share?.url) {
      const { shareFor } = await import('../app/share/for-incident.ts');
      share = await shareFor({ config: context.config, actor: context.actor, opened, publish });
    }
  } catch (error) {
    await journal.close().catch(() => undefined);
    throw error;
  }
  return mountWarRoom({ dir: opened.dir, store: share?.store ?? journalStore(journal, opened.events), share, io, context, color, mode, opened, ...(share ? {} : { health: journal }) });
}

export interface MountOptions {
  dir: string;
  store: EventStore;
  share: SharedIncident | null;
  io: CommandIo;
  context: DashboardContext;
  color: boolean;
  mode: RunMode;
  /** What opening found (a torn tail cut), to report on the status line. */
  opened?: OpenedIncident;
  /** The journal is damaged: the war room is read-only and says why. */
  readOnlyReason?: string;
  /** The local journal: a failed write and the first one that works again go on the status line. */
  health?: HealthSource;
}

/** Builds the war room on `store` and runs the dashboard until the operator leaves. */
export async function mountWarRoom({ dir, store, share, io, context, color, mode, opened, readOnlyReason, health }: MountOptions): Promise<number> {
  let room: WarRoom;
  try {
    room = await openWarRoom({ incidentDir: dir, store, actor: context.actor, ...(share ? { share } : {}), ...(readOnlyReason ? { readOnlyReason } : {}) });
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  markPhase('war-room');
  const report = () => reportDamage(room, opened);
  report();
  if (health) reportJournalHealth(room.session, health);
  const { runDashboard } = await preloadDashboard();
  // The services load after the first frame (see runDashboard); a read-only room has none.
  const loadServices = readOnlyReason
    ? undefined
    : async () => {
        const services = (await import('../app/war-room-services.ts')).wireServices(room, {
          config: context.config,
          env: io.env,
          cwd: io.cwd,
          mode,
          ...(opened?.secrets ? { secrets: opened.secrets } : {}),
        });
        // The comms service's first notice (Slack not configured...) must not hide the damage.
        if (opened?.repaired) setTimeout(report, 250).unref();
        return services;
      };
  return runDashboard({
    room,
    stdout: io.stdout,
    stderr: io.stderr,
    color: colorChoice(io, color),
    ...(loadServices ? { loadServices } : {}),
    people: context.config.commander ? [context.config.commander] : [],
    place: placeFile(dir, context.actor),
    onPhase: markPhase,
    installShutdown: ({ stdin, onShutdown, onInterrupt }) =>
      installShutdown({
        stdin,
        onShutdown,
        onInterrupt,
        // The command's grace, then room for the journal's and the outbox's last writes.
        timeoutMs: (context.config.commands.graceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000 + 10_000,
      }),
    exit: (code) => process.exit(code),
  });
}

/** On the status line at once: a torn last line was cut (the timeline has it), or why read-only. */
function reportDamage(room: WarRoom, opened: OpenedIncident | undefined): void {
  if (room.session.readOnlyReason !== null) {
    // The header names the line; this says what to do (the id is too long for the header row).
    room.session.notify('error', `read-only: \`warroom repair ${opened?.id ?? ''}\` makes it writable (bad lines are kept aside)`, 60_000);
    return;
  }
  const repaired = opened?.repaired;
  if (repaired?.type === 'journal.repaired' && repaired.how === 'torn-tail') {
    const where = repaired.lines.map((l) => `journal.jsonl:${l.line}`).join(', ');
    room.session.notify('warn', `cut a torn last line (${where}); kept in ${repaired.damagedFile}, t shows it`, 30_000);
  }
}
