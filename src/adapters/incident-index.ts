// The incident index on disk: `incidents/.index/entries.jsonl`, what `list`, `latest`, `resume`
// and the picker read instead of replaying every journal. Each entry says which journal bytes it
// was made from (size, mtime, inode); a folder with no entry, or whose journal changed since, is
// read again (only the appended lines when it merely grew), so a crash between a journal write
// and the index write never hides an incident: the journal wins. Whole-file writes are atomic
// (temp file, rename); a war room's own updates are single appended lines (incident-index-
// observer.ts). The index is only a cache: any failure to write it is ignored. It lives in a
// folder of its own so that rewriting it leaves the incidents folder's mtime alone: that mtime
// is how the index's head (incident-head.ts) knows no incident folder came or went.
import { randomBytes } from 'node:crypto';
import { constants, existsSync, promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { entryFreshness, entryLine, parseIndex, serializeIndex, type IndexEntry, type JournalStamp, type ParsedIndex } from '../core/incident/index-document.ts';
import type { IndexStamp } from '../core/incident/index-head.ts';
import { foldListing, listingFromState, type IncidentListing } from '../core/incident/listing.ts';
import { replay } from '../core/incident/reduce.ts';
import { validateEvent } from '../core/incident/validate-event.ts';
import type { IncidentEvent } from '../core/incident/events.ts';
import { ensurePrivateDir } from './home.ts';
import { isCode } from './journal-lock.ts';
import { parseJournal } from './journal-reader.ts';
import { journalPath, JOURNAL_FILE } from './journal-writer.ts';

/** Hidden, so walks never take it for an incident. */
export const INDEX_DIR = '.index';
export const INDEX_FILE = 'entries.jsonl';
/** Where earlier versions kept the index, in the incidents folder itself: removed when seen. */
export const LEGACY_INDEX_FILE = '.index.jsonl';
export const NO_EVENTS = 'journal has no events';
/** Re-read journals a few at a time: thousands of open files at once would hit the fd limit. */
export const READ_CONCURRENCY = 16;
/** A temporary file this old belongs to a writer that died. */
const LEFTOVER_TEMP_MS = 10 * 60_000;

export function indexDir(incidentsDir: string): string {
  return path.join(incidentsDir, INDEX_DIR);
}

/**
 * The incidents folder, made with the index's folder already in it: made later, that folder
 * would be a change to the incidents folder, which the head would not trust for a while.
 */
export async function ensureIncidentsDir(incidentsDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  await ensurePrivateDir(incidentsDir, env); // its error names the folder the responder knows
  await fs.mkdir(indexDir(incidentsDir), { mode: 0o700 }).catch(() => undefined); // a cache's folder: writeIndex tries again
}

export function indexPath(incidentsDir: string): string {
  return path.join(incidentsDir, INDEX_DIR, INDEX_FILE);
}

/**
 * A shared incident's record is its replica (its journal, where there is one, holds only the
 * opening; a terminal that joined has none): that is the file an entry is made from and stamped by.
 */
export const REPLICA_RECORD = 'replica.jsonl';

/** The record's stamp now (the replica, else the journal); null when the folder holds neither (not an incident). */
export function stampOf(incidentsDir: string, id: string): JournalStamp | null {
  // Synchronous on purpose: thousands of stats through the thread pool cost several times more
  // than doing them in a row here, and this runs before any screen is up.
  const stat = statSync(`${incidentsDir}/${id}/${REPLICA_RECORD}`, { throwIfNoEntry: false }) ?? statSync(`${incidentsDir}/${id}/${JOURNAL_FILE}`, { throwIfNoEntry: false });
  return stat === undefined || !stat.isFile() ? null : { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
}

/** A shared incident: its entry is made from the replica's view of the shared log. */
async function entryFromReplica(incidentsDir: string, id: string, stamp: JournalStamp): Promise<IndexEntry | null> {
  const file = path.join(incidentsDir, id, REPLICA_RECORD);
  if (!existsSync(file)) return null;
  try {
    const [{ ReplicaFile }, { viewEvents }] = await Promise.all([import('./share/replica-file.ts'), import('../core/share/replica.ts')]);
    const events = viewEvents((await ReplicaFile.read(file)).replica);
    // Never fresh if it changed while read: the next walk reads it again.
    const journal = statSync(file, { throwIfNoEntry: false })?.size === stamp.size ? stamp : { ...stamp, mtimeMs: -1 };
    if (events.length === 0) return { id, listing: null, problems: [], error: NO_EVENTS, journal };
    return { id, listing: listingFromState(replay(events)), problems: [], error: null, journal };
  } catch (error) {
    return { id, listing: null, problems: [], error: error instanceof Error ? error.message : String(error), journal: stamp };
  }
}

/**
 * The stored entries, or null when the index is missing or unreadable (then it is rebuilt);
 * `stamp` names exactly the bytes parsed (null when the file grew while read, or has no generation).
 */
export async function loadIndex(incidentsDir: string): Promise<(ParsedIndex & { stamp: IndexStamp | null }) | null> {
  try {
    const handle = await fs.open(indexPath(incidentsDir), 'r');
    try {
      const bytes = await handle.readFile();
      const parsed = parseIndex(bytes.toString('utf8'));
      if (parsed === null) return null;
      // Appends only grow the file: the same size now means the bytes read are all there is.
      const same = (await handle.stat()).size === bytes.length;
      return { ...parsed, stamp: same && parsed.generation !== null ? { generation: parsed.generation, size: bytes.length } : null };
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/** Replaces the whole index atomically; what it wrote, or null. Never throws: the index is a cache. */
export async function writeIndex(incidentsDir: string, entries: readonly IndexEntry[]): Promise<IndexStamp | null> {
  const temp = `${indexPath(incidentsDir)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const generation = randomBytes(8).toString('hex');
  try {
    await fs.mkdir(indexDir(incidentsDir), { mode: 0o700 }).catch((error: unknown) => {
      if (!isCode(error, 'EEXIST')) throw error;
    });
    const text = serializeIndex(entries, generation);
    // No fsync: after a power cut an empty or torn index reads as unreadable and is rebuilt.
    await fs.writeFile(temp, text, { mode: 0o600, flag: 'wx' });
    await fs.rename(temp, indexPath(incidentsDir));
    return { generation, size: Buffer.byteLength(text) };
  } catch {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    return null;
  }
}

/**
 * Appends entries to the index (a later line for an id replaces an earlier one), the way a war
 * room keeps its own incident current. No O_CREAT: without an index there is nothing to keep
 * current (the next walk builds it). Never throws: the index is a cache.
 */
export async function appendEntries(incidentsDir: string, entries: readonly IndexEntry[]): Promise<void> {
  try {
    const handle = await fs.open(indexPath(incidentsDir), constants.O_WRONLY | constants.O_APPEND);
    try {
      // One write: appends of other processes land before or after it, never inside.
      await handle.write(entries.map(entryLine).join(''));
    } finally {
      await handle.close();
    }
  } catch {
    // The next reader finds the journal newer than the entry and reads it: the journal wins.
  }
}

/** An entry made from the whole journal, the way `show` reads it (no lock, nothing changed). */
export async function entryFromJournal(incidentsDir: string, id: string, stamp: JournalStamp): Promise<IndexEntry> {
  const shared = await entryFromReplica(incidentsDir, id, stamp);
  if (shared !== null) return shared;
  const file = journalPath(path.join(incidentsDir, id));
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    return { id, listing: null, problems: [], error: error instanceof Error ? error.message : String(error), journal: stamp };
  }
  // The stamp is the stat from before the read: if the file grew in between, what was read is
  // not what the stamp describes, so the entry must not pass for fresh.
  const journal = bytes.length === stamp.size ? stamp : { size: bytes.length, mtimeMs: -1, ino: stamp.ino };
  try {
    const { events, problems } = parseJournal(bytes, file);
    const messages = problems.map((p) => p.message);
    if (events.length === 0) return { id, listing: null, problems: messages, error: NO_EVENTS, journal };
    return { id, listing: listingFromState(replay(events)), problems: messages, error: null, journal };
  } catch (error) {
    return { id, listing: null, problems: [], error: error instanceof Error ? error.message : String(error), journal };
  }
}

/**
 * The entry brought up to date from only the lines appended after `entry.journal.size`; null
 * when those lines are anything but clean, complete, consecutive events (then the whole journal
 * is read, which words every problem the way the reader does).
 */
export async function entryFromTail(incidentsDir: string, entry: IndexEntry, stamp: JournalStamp): Promise<IndexEntry | null> {
  // A replica is not an append-only event list (records move events): read whole.
  if (entry.listing === null || existsSync(path.join(incidentsDir, entry.id, REPLICA_RECORD))) return null;
  const from = entry.journal.size;
  let bytes: Buffer;
  try {
    const handle = await fs.open(journalPath(path.join(incidentsDir, entry.id)), 'r');
    try {
      bytes = Buffer.allocUnsafe(stamp.size - from);
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, from);
      if (bytesRead !== bytes.length) return null;
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
  if (bytes.length === 0 || bytes[bytes.length - 1] !== 0x0a) return null;
  let listing: IncidentListing = entry.listing;
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(0x0a, start);
    let event: unknown;
    try {
      event = JSON.parse(bytes.toString('utf8', start, end));
    } catch {
      return null;
    }
    if (validateEvent(event) !== null) return null;
    const valid = event as IncidentEvent;
    if (valid.seq !== listing.lastSeq + 1 || valid.type === 'incident.opened') return null;
    listing = foldListing(listing, valid);
    start = end + 1;
  }
  return { ...entry, listing, journal: stamp };
}

/** The entry made current: only the appended lines when that is enough, else the whole journal. */
export async function reread(incidentsDir: string, id: string, stamp: JournalStamp, entry: IndexEntry | undefined, how: 'tail' | 'full'): Promise<IndexEntry> {
  const tail = how === 'tail' && entry !== undefined ? await entryFromTail(incidentsDir, entry, stamp) : null;
  return tail ?? (await entryFromJournal(incidentsDir, id, stamp));
}

/** Newest first, as `list` shows them: by opening time (the id when unreadable), then id. */
export function newestFirst(a: IndexEntry, b: IndexEntry): number {
  const order = (x: string, y: string) => (x < y ? 1 : x > y ? -1 : 0);
  // Ids are `[a-z0-9-]` and times ISO 8601 UTC: code-unit order is time order.
  return order(a.listing?.openedAt ?? a.id, b.listing?.openedAt ?? b.id) || order(a.id, b.id);
}

export async function inBatches<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Every incident folder's entry, the index brought up to date with the journals first: folders
 * without an entry or whose journal changed are read again, entries of removed folders dropped,
 * and the index rewritten when anything changed (or it has too many superseded lines).
 */
export async function indexedIncidents(incidentsDir: string): Promise<IndexEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(incidentsDir);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    throw error;
  }
  const stored = await loadIndex(incidentsDir);
  const entries: IndexEntry[] = [];
  const stale: { id: string; stamp: JournalStamp; entry: IndexEntry | undefined; how: 'tail' | 'full' }[] = [];
  const leftovers: string[] = [];
  let matched = 0; // folders that had an entry: fewer than the index holds means some were removed
  for (const name of names) {
    // Hidden: the index's folder, an earlier version's index, incidents still being created.
    if (name.startsWith('.')) {
      if (name.startsWith(LEGACY_INDEX_FILE)) leftovers.push(name);
      continue;
    }
    const stamp = stampOf(incidentsDir, name);
    if (stamp === null) continue; // a folder without a journal: not an incident
    const entry = stored?.entries.get(name);
    if (entry !== undefined) matched += 1;
    const how = entryFreshness(entry, stamp);
    if (how === 'fresh') entries.push(entry!);
    else stale.push({ id: name, stamp, entry, how });
  }
  await inBatches(stale, READ_CONCURRENCY, async ({ id, stamp, entry, how }) => {
    entries.push(await reread(incidentsDir, id, stamp, entry, how));
  });
  const removed = stored !== null && stored.entries.size > matched;
  const bloated = stored !== null && stored.lines > 2 * stored.entries.size + 100;
  if (stored === null || stale.length > 0 || removed || bloated) await writeIndex(incidentsDir, entries);
  await removeLeftovers(incidentsDir, leftovers);
  return entries;
}

/**
 * Temporary files of index writers that died, once old enough not to be a write in progress;
 * and what an earlier version left in the incidents folder (`legacy`), its index at once.
 */
async function removeLeftovers(incidentsDir: string, legacy: readonly string[]): Promise<void> {
  const temps = (await fs.readdir(indexDir(incidentsDir)).catch(() => [] as string[])).filter((name) => name.endsWith('.tmp'));
  const files = [...legacy.map((name) => path.join(incidentsDir, name)), ...temps.map((name) => path.join(indexDir(incidentsDir), name))];
  for (const file of files) {
    const stat = await fs.stat(file).catch(() => null);
    const old = stat !== null && Date.now() - stat.mtimeMs > LEFTOVER_TEMP_MS;
    if (old || path.basename(file) === LEGACY_INDEX_FILE) await fs.rm(file, { force: true }).catch(() => undefined);
  }
}
