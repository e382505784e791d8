// Incident folders under the warroom home: `<incidentsDir>/<incident-id>/journal.jsonl`.
// Ids are readable and sort by opening time: `2026-11-26-1030-api-high-latency`.
// A new incident is built under a hidden temporary name and renamed into place only once its
// header and opening event are durable (createIncident in incident-create.ts), so every folder
// listed here has at least its opening event; hidden and header-only folders are not incidents.
// Listings come from the incident index (incident-index.ts), checked against every journal's
// size and mtime, so 10,000 incidents list without replaying 10,000 journals.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { IncidentStatus } from '../core/incident/events.ts';
import type { IndexEntry } from '../core/incident/index-document.ts';
import { UsageError } from '../errors.ts';
import { homeError, warroomPaths } from './home.ts';
import { ensureIncidentsDir, entryFromJournal, indexedIncidents, newestFirst, NO_EVENTS, stampOf } from './incident-index.ts';
import { newestIncident, recentIncidents } from './incident-walk.ts';
import { isCode } from './journal-lock.ts';

export interface IncidentSummary {
  id: string;
  dir: string;
  /** null when the journal could not be read at all (see `error`). */
  title: string | null;
  severity: string | null;
  status: IncidentStatus | null;
  openedAt: string | null;
  resolvedAt: string | null;
  /** Open → resolved, or open → now while unresolved. */
  durationMs: number | null;
  commander: string | null;
  /** seq of the journal's last event. */
  lastSeq: number | null;
  /** Opened as a drill (`--dry-run`): nothing it ran or sent was real. */
  dryRun: boolean | null;
  /** One line per journal problem (torn tail, corrupted line...). */
  problems: string[];
  /** Why the journal could not be read, e.g. a newer format; null when it was. */
  error: string | null;
}

/** Lower-case words joined by `-`, at most 48 characters: `api-high-latency`. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, 48).replace(/-+$/, '') || 'incident';
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `YYYY-MM-DD-HHMM-<slug>` in UTC; `-2`, `-3`... when `taken(id)` says the id exists.
 * The folder itself is claimed atomically by claimIncidentDir().
 */
export function newIncidentId(now: Date, runbookSlug: string, taken: (id: string) => boolean = () => false): string {
  const stamp = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}-${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}`;
  const base = `${stamp}-${slugify(runbookSlug)}`;
  let id = base;
  for (let n = 2; taken(id); n += 1) id = `${base}-${n}`;
  return id;
}

/** Creates a new, empty incident folder; mkdir without `recursive` makes the claim atomic. */
export async function claimIncidentDir(env: NodeJS.ProcessEnv, now: Date, runbookSlug: string): Promise<{ id: string; dir: string }> {
  const { incidentsDir } = warroomPaths(env);
  await ensureIncidentsDir(incidentsDir, env);
  const refused = new Set<string>();
  for (;;) {
    const id = newIncidentId(now, runbookSlug, (candidate) => refused.has(candidate));
    const dir = path.join(incidentsDir, id);
    try {
      await fs.mkdir(dir, { mode: 0o700 });
      return { id, dir };
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw await homeError(error, dir, env);
      refused.add(id);
    }
  }
}

/** Names in the incidents folder that may be incidents (hidden ones are being created), unsorted. */
async function folderNames(env: NodeJS.ProcessEnv): Promise<string[]> {
  const { incidentsDir } = warroomPaths(env);
  try {
    return (await fs.readdir(incidentsDir)).filter((name) => !name.startsWith('.'));
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    throw error;
  }
}

/** Those of `names` that hold a journal (a folder without one: the opener crashed before it). */
function withJournal(env: NodeJS.ProcessEnv, names: readonly string[]): string[] {
  const { incidentsDir } = warroomPaths(env);
  return names.filter((name) => stampOf(incidentsDir, name) !== null);
}

function summaryOf(entry: IndexEntry, dir: string, now: Date): IncidentSummary {
  const l = entry.listing;
  const resolvedAt = l !== null && l.status === 'resolved' ? l.resolvedAt : null;
  const end = l !== null && l.status === 'resolved' && l.resolvedAt !== null ? Date.parse(l.resolvedAt) : now.getTime();
  return {
    id: entry.id,
    dir,
    title: l?.title ?? null,
    severity: l?.severity ?? null,
    status: l?.status ?? null,
    openedAt: l?.openedAt ?? null,
    resolvedAt,
    durationMs: l === null ? null : Math.max(0, end - Date.parse(l.openedAt)),
    commander: l?.commander ?? null,
    lastSeq: l?.lastSeq ?? null,
    dryRun: l?.dryRun ?? null,
    problems: entry.problems,
    error: entry.error,
  };
}

/** Reads one incident's journal without taking its lock. Never throws for a damaged journal. */
export async function summarizeIncident(dir: string, now: Date = new Date()): Promise<IncidentSummary> {
  const incidentsDir = path.dirname(dir);
  const id = path.basename(dir);
  const stamp = stampOf(incidentsDir, id) ?? { size: 0, mtimeMs: -1, ino: 0 };
  return summaryOf(await entryFromJournal(incidentsDir, id, stamp), dir, now);
}

/** Whether the folder has its own journal (a shared incident joined here has only a replica). */
export function hasJournal(incidentsDir: string, id: string): boolean {
  return existsSync(path.join(incidentsDir, id, 'journal.jsonl'));
}

/** A journal with a header and no event was never opened: nothing to show or resume. */
const listable = (e: IndexEntry) => !(e.error === NO_EVENTS && e.problems.length === 0);

/** Every incident, newest first (by opening time, then id). */
export async function listIncidents(env: NodeJS.ProcessEnv, now: Date = new Date()): Promise<IncidentSummary[]> {
  const { incidentsDir } = warroomPaths(env);
  const entries = await indexedIncidents(incidentsDir);
  // A header-only journal is what a crash of an older warroom between its two first writes
  // left; createIncident cannot leave one.
  return entries
    .filter(listable)
    .sort(newestFirst)
    .map((e) => summaryOf(e, `${incidentsDir}${path.sep}${e.id}`, now));
}

/**
 * The newest `newest` incidents and up to `olderOpen` older open ones, newest first, and how
 * many are not listed (`moreOpen` of them open, as the index last saw them): what `warroom list`
 * (30 and 30) and the picker (none and 50) show, at a cost that follows what they show.
 */
export async function listRecentIncidents(
  env: NodeJS.ProcessEnv,
  limits: { newest: number; olderOpen: number },
  now: Date = new Date(),
): Promise<{ incidents: IncidentSummary[]; more: number; moreOpen: number }> {
  const { incidentsDir } = warroomPaths(env);
  const { entries, more, moreOpen } = await recentIncidents(incidentsDir, { ...limits, listable });
  return { incidents: entries.map((e) => summaryOf(e, `${incidentsDir}${path.sep}${e.id}`, now)), more, moreOpen };
}

/** The newest incident that is not resolved, or null. */
export async function latestOpenIncident(env: NodeJS.ProcessEnv, now: Date = new Date()): Promise<IncidentSummary | null> {
  const { incidentsDir } = warroomPaths(env);
  // One joined from a shared room has no journal here: it is opened with `warroom join`, not resumed.
  const open = await newestIncident(incidentsDir, (e) => e.error === null && e.listing !== null && e.listing.status !== 'resolved' && hasJournal(incidentsDir, e.id), true);
  return open === null ? null : summaryOf(open, path.join(incidentsDir, open.id), now);
}

/**
 * The folder of an incident given its id, a unique prefix of one, or `latest` (the newest
 * incident, resolved or not). Unknown ids are a UsageError listing close matches.
 */
export async function resolveIncident(env: NodeJS.ProcessEnv, idOrLatest: string): Promise<string> {
  const { incidentsDir } = warroomPaths(env);
  if (idOrLatest === 'latest') {
    const newest = await newestIncident(incidentsDir, listable);
    if (newest === null) throw new UsageError(`no incidents yet in ${incidentsDir}; start one with: warroom run <runbook.md>`);
    return path.join(incidentsDir, newest.id);
  }
  // A whole id is one stat, without listing 10,000 folders.
  const plainName = idOrLatest !== '' && !idOrLatest.startsWith('.') && !idOrLatest.includes('/') && !idOrLatest.includes(path.sep);
  if (plainName && withJournal(env, [idOrLatest]).length === 1) return path.join(incidentsDir, idOrLatest);
  const names = await folderNames(env);
  const prefixed = withJournal(env, names.filter((id) => id.startsWith(idOrLatest)));
  if (prefixed.length === 1 && prefixed[0] !== undefined) return path.join(incidentsDir, prefixed[0]);
  if (prefixed.length > 1) {
    throw new UsageError(`incident id "${idOrLatest}" is ambiguous: ${prefixed.sort().reverse().slice(0, 5).join(', ')}`);
  }
  const ids = withJournal(env, names);
  const close = closeMatches(idOrLatest, ids);
  const hint = close.length > 0 ? `; did you mean ${close.join(', ')}?` : ids.length === 0 ? `; there are no incidents in ${incidentsDir}` : '; see: warroom list';
  throw new UsageError(`no incident "${idOrLatest}"${hint}`);
}

/** Ids containing the query, or within a small edit distance of it; at most 3. */
function closeMatches(query: string, ids: string[]): string[] {
  const q = query.toLowerCase();
  const scored = ids
    .map((id) => ({ id, distance: id.includes(q) ? 0 : editDistance(q, id.toLowerCase()) }))
    .filter(({ distance }) => distance <= Math.max(2, Math.floor(q.length / 8)));
  return scored
    .sort((a, b) => a.distance - b.distance || b.id.localeCompare(a.id))
    .slice(0, 3)
    .map(({ id }) => id);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
