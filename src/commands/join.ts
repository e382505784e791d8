// `warroom join <id|prefix>`: opens a shared incident somebody else published, in this terminal.
// The incident gets a folder here like any other (its replica, command logs, post-mortem draft),
// under the folder's lock, and the war room runs on the shared store from then on.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { warroomPaths } from '../adapters/home.ts';
import { ensureIncidentsDir } from '../adapters/incident-index.ts';
import { acquireLock } from '../adapters/journal-lock.ts';
import { SharedStore } from '../adapters/share/store.ts';
import { openSharedIncident } from '../app/share/open-shared.ts';
import { UsageError } from '../errors.ts';
import type { CommandIo } from './io.ts';
import { colorChoice, dashboardContext, mountWarRoom, preloadDashboard, requireTerminal, type DashboardContext } from './open-dashboard.ts';

export interface JoinFlags {
  color: boolean;
  dryRun: boolean;
  readonly: boolean;
}

/** The one shared incident `idOrPrefix` names (an exact id wins over a prefix). */
export async function resolveSharedIncident(store: SharedStore, idOrPrefix: string): Promise<string> {
  const wanted = idOrPrefix.trim();
  const all = await store.listIncidents({ includeResolved: true });
  if (all.some((i) => i.id === wanted)) return wanted;
  const matches = all.filter((i) => i.id.startsWith(wanted));
  if (matches.length === 1 && matches[0]) return matches[0].id;
  if (matches.length === 0) throw new UsageError(`no shared incident matches ${wanted}; \`warroom\` lists the open ones`);
  throw new UsageError(`${wanted} matches ${matches.length} shared incidents: ${matches.slice(0, 5).map((i) => i.id).join(', ')}`);
}

export async function joinCommand(idOrPrefix: string, flags: JoinFlags, io: CommandIo): Promise<number> {
  requireTerminal(io, 'warroom join');
  colorChoice(io, flags.color);
  void preloadDashboard();
  return joinShared(idOrPrefix, flags, io, dashboardContext(io));
}

/** Opens the shared incident `idOrPrefix` names in this terminal (also the picker's Join). */
export async function joinShared(idOrPrefix: string, flags: JoinFlags, io: CommandIo, context: DashboardContext): Promise<number> {
  const url = context.config.share?.url ?? null;
  if (url === null) throw new UsageError('warroom join needs share.url: `warroom config set share.url postgres://user:password@host:5432/warroom`');
  const caFile = context.config.share?.caFile ?? null;
  const lookup = await SharedStore.connect({ url, caFile });
  let id: string;
  try {
    id = await resolveSharedIncident(lookup, idOrPrefix);
  } finally {
    await lookup.close();
  }
  const { incidentsDir } = warroomPaths(io.env);
  await ensureIncidentsDir(incidentsDir, io.env);
  const dir = path.join(incidentsDir, id);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const lock = await acquireLock(dir, id);
  const share = await openSharedIncident({
    url,
    caFile,
    incidentId: id,
    dir,
    operator: context.actor,
    terminalName: context.config.share?.terminal ?? null,
    release: () => lock.release(),
  });
  const opened = share.store.state;
  const mode = { dryRun: flags.dryRun || opened.mode.dryRun, readonly: flags.readonly || opened.mode.readonly };
  return mountWarRoom({ dir, store: share.store, share, io, context, color: flags.color, mode });
}

/** Open shared incidents not already here, for the picker; none when the store cannot be read. */
export async function sharedForPicker(context: DashboardContext, localIds: ReadonlySet<string>): Promise<{ id: string; title: string; severity: string; status: string; present: string[] }[]> {
  const url = context.config.share?.url ?? null;
  if (url === null) return [];
  try {
    const store = await SharedStore.connect({ url, caFile: context.config.share?.caFile ?? null, connectTimeoutMs: 2000 });
    try {
      return (await store.listIncidents()).filter((i) => !localIds.has(i.id));
    } finally {
      await store.close();
    }
  } catch {
    // The picker still lists what is here; `warroom join` says what is wrong with the store.
    return [];
  }
}
