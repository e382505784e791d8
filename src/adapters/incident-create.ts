// Creating an incident atomically: the folder is built under a hidden temporary name
// (`incidents/.creating-<id>-<pid>-<random>`), its journal's header and opening event written
// and fsynced, the folder fsynced, then renamed into place and the parent fsynced. A crash at any
// point leaves either nothing visible or a complete incident: `list`, `latest` and `resume`
// never see a header-only folder. Leftover temporary folders are hidden from them, and removed
// by the next creation once they are an hour old (a creation in progress takes milliseconds).
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { IncidentEvent, JournalHeader, NewEvent } from '../core/incident/events.ts';
import { JOURNAL_FORMAT_VERSION } from '../core/incident/events.ts';
import { validateEvent } from '../core/incident/validate-event.ts';
import { WarroomError } from '../errors.ts';
import { homeError, warroomPaths } from './home.ts';
import { ensureIncidentsDir } from './incident-index.ts';
import { newIncidentId } from './incidents.ts';
import { acquireLock, isCode, relocatedLock, syncDir } from './journal-lock.ts';
import { Journal, journalPath, writeAll, type JournalObserver } from './journal-writer.ts';
import { observerFor, writeHeader } from './journal.ts';

export const CREATING_PREFIX = '.creating-';
const LEFTOVER_AGE_MS = 60 * 60_000;

export interface CreateIncidentOptions {
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** Becomes the id's tail: `2026-11-26-1030-<slug>`. */
  runbookSlug: string;
  /** The opening event for the chosen id (incident.opened; its incidentId is the id). */
  opened: (id: string) => NewEvent;
  /** Time of the opening event and the header. Default now(). */
  at?: Date;
  /** Test seam: runs once the header is durable, before the opening event is written. */
  afterHeader?: () => Promise<void> | void;
  /** Default: the incident index's (see JournalOptions.observer); null for none. */
  observer?: JournalObserver | null;
}

export interface CreatedIncident {
  id: string;
  dir: string;
  /** Open for appending, holding the incident lock. */
  journal: Journal;
  /** The opening event as the journal holds it (seq 1). */
  opened: IncidentEvent;
}

export async function createIncident(options: CreateIncidentOptions): Promise<CreatedIncident> {
  const { env } = options;
  const { incidentsDir } = warroomPaths(env);
  await ensureIncidentsDir(incidentsDir, env);
  await removeOldLeftovers(incidentsDir);
  const at = options.at ?? options.now();
  const refused = new Set<string>();
  for (;;) {
    const id = newIncidentId(at, options.runbookSlug, (candidate) => refused.has(candidate));
    const dir = path.join(incidentsDir, id);
    if (await exists(dir)) {
      refused.add(id);
      continue;
    }
    const created = await buildAndRename(incidentsDir, id, dir, at, options);
    if (created !== null) return created;
    refused.add(id); // another warroom took this id between our check and our rename
  }
}

async function buildAndRename(incidentsDir: string, id: string, dir: string, at: Date, options: CreateIncidentOptions): Promise<CreatedIncident | null> {
  const temp = path.join(incidentsDir, `${CREATING_PREFIX}${id}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await fs.mkdir(temp, { mode: 0o700 });
  } catch (error) {
    throw await homeError(error, temp, options.env);
  }
  let handle: FileHandle | null = null;
  try {
    const lock = await acquireLock(temp, id, at);
    const header: JournalHeader = { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: id, createdAt: at.toISOString() };
    let size = await writeHeader(journalPath(temp), header);
    await options.afterHeader?.();

    const opened = JSON.parse(JSON.stringify({ ...options.opened(id), seq: 1, at: at.toISOString() })) as IncidentEvent;
    const problem = validateEvent(opened);
    if (problem !== null) throw new WarroomError(`refusing to journal an invalid opening event: ${problem}`);
    if (opened.type !== 'incident.opened' || opened.incidentId !== id) throw new WarroomError('the first event of an incident must be its incident.opened');
    const line = Buffer.from(`${JSON.stringify(opened)}\n`);
    handle = await fs.open(journalPath(temp), 'a');
    await writeAll(handle, line);
    await handle.sync();
    size += line.length;
    await syncDir(temp);

    try {
      await fs.rename(temp, dir);
    } catch (error) {
      // rename(2) replaces only an empty folder: a complete incident at `dir` is never touched.
      if (isCode(error, 'ENOTEMPTY') || isCode(error, 'EEXIST')) {
        await handle.close();
        handle = null;
        await fs.rm(temp, { recursive: true, force: true });
        return null;
      }
      throw error;
    }
    await syncDir(incidentsDir);
    // The open file and the lock moved with the folder: same inode, new path.
    const observer = observerFor(dir, [], options);
    const journal = new Journal(dir, header, handle, relocatedLock(lock, dir), 1, size, options.now, observer);
    handle = null;
    // The opening event went in before the journal existed: the index hears of it now.
    observer?.appended([opened], size);
    return { id, dir, journal, opened };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return false;
    throw error;
  }
}

/** Temporary folders of creations that crashed, once old enough that none can be in progress. */
async function removeOldLeftovers(incidentsDir: string): Promise<void> {
  // Real time, not the injected clock: this compares with file times.
  const now = Date.now();
  const names = await fs.readdir(incidentsDir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(CREATING_PREFIX)) continue;
    const folder = path.join(incidentsDir, name);
    const stat = await fs.stat(folder).catch(() => null);
    if (stat !== null && now - stat.mtimeMs > LEFTOVER_AGE_MS) await fs.rm(folder, { recursive: true, force: true }).catch(() => undefined);
  }
}
