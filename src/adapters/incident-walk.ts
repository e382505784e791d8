// Walking the incidents from the newest down: `latest`, `resume`, `list` and the picker check
// only the journals of the incidents they use against their index entries. With a trusted head
// of the index (incident-head.ts) a walk reads neither the incidents folder nor the whole index,
// so it costs about the same with 10,000 incidents as with 10; without one, or when the walk
// wants more than the head holds, it reads both, and writes what it had to read back to the
// index, and a new head, for the next one.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { entryFreshness, type IndexEntry } from '../core/incident/index-document.ts';
import { buildHead, isOpenEntry, type IndexHead } from '../core/incident/index-head.ts';
import { folderStamp, readHead, writeHead } from './incident-head.ts';
import { appendEntries, entryFromJournal, inBatches, indexDir, LEGACY_INDEX_FILE, loadIndex, newestFirst, READ_CONCURRENCY, reread, stampOf, writeIndex } from './incident-index.ts';
import { isCode } from './journal-lock.ts';

/** What a walk shows its entries to; a walk that has to start over asks for a fresh one. */
interface Visitor {
  /** Whether to check this entry against its journal and show it to `take`; false passes it over. */
  want(entry: IndexEntry): boolean;
  /** true stops the walk. */
  take(entry: IndexEntry): boolean;
  /** Whether an entry not shown yet could still be wanted: of any status, or (`open`) an open one. */
  wouldWant(open: boolean): boolean;
  /** Entries the head counts but does not hold, passed over unshown: `open` of them open. */
  unseen(total: number, open: number): void;
}

/**
 * The newest incident `accept` takes, checking journals only from the newest down until one is
 * taken. `onlyOpen`: `accept` never takes a resolved one, so the head's open ones are enough.
 */
export async function newestIncident(incidentsDir: string, accept: (entry: IndexEntry) => boolean, onlyOpen = false): Promise<IndexEntry | null> {
  let found: IndexEntry | null = null;
  await walkNewest(incidentsDir, () => {
    found = null;
    return {
      want: () => true,
      take: (entry) => {
        if (!accept(entry)) return false;
        found = entry;
        return true;
      },
      wouldWant: (open) => open || !onlyOpen,
      unseen: () => undefined,
    };
  });
  return found;
}

/**
 * The newest `newest` incidents `listable` takes, plus up to `olderOpen` older open ones, newest
 * first; how many more there are, and how many of those are open. Only the entries shown are
 * checked against their journals, so `warroom list` and the picker cost what they show.
 */
export async function recentIncidents(
  incidentsDir: string,
  options: { newest: number; olderOpen: number; listable: (entry: IndexEntry) => boolean },
): Promise<{ entries: IndexEntry[]; more: number; moreOpen: number }> {
  let result = { entries: [] as IndexEntry[], more: 0, moreOpen: 0 };
  await walkNewest(incidentsDir, () => {
    const state = { entries: [] as IndexEntry[], more: 0, moreOpen: 0 };
    result = state;
    let recent = 0;
    let keptOlder = 0;
    const wanted = (entry: IndexEntry) => recent < options.newest || (keptOlder < options.olderOpen && isOpenEntry(entry));
    const passOver = (entry: IndexEntry) => {
      state.more += 1;
      if (isOpenEntry(entry)) state.moreOpen += 1;
    };
    return {
      want: (entry) => {
        if (wanted(entry)) return true;
        passOver(entry);
        return false;
      },
      take: (entry) => {
        if (!options.listable(entry)) return false;
        if (!wanted(entry)) passOver(entry);
        else {
          if (recent < options.newest) recent += 1;
          else keptOlder += 1;
          state.entries.push(entry);
        }
        return false;
      },
      wouldWant: (open) => recent < options.newest || (open && keptOlder < options.olderOpen),
      unseen: (total, open) => {
        state.more += total;
        state.moreOpen += open;
      },
    };
  });
  return result;
}

interface Queued {
  entry: IndexEntry;
  checked: boolean;
  /** In the head's complete front (a whole walk has no head: every entry is). */
  front: boolean;
}

/** Through the head when it is trusted and holds all the walk wants; else the whole index. */
async function walkNewest(incidentsDir: string, visitor: () => Visitor): Promise<void> {
  const head = await readHead(incidentsDir);
  if (head !== null) {
    const learned = new Map<string, IndexEntry>();
    const queue = head.entries.map((entry, i) => ({ entry, checked: false, front: i < head.complete }));
    const served = await walkQueue(incidentsDir, queue, visitor(), learned, head);
    // Appended, not rewritten: the next reader folds the lines into the head.
    if (learned.size > 0) await appendEntries(incidentsDir, [...learned.values()]);
    if (served) return;
  }
  await walkWhole(incidentsDir, visitor());
}

/** Every folder and the whole index; folders the index does not know are read first (any may be the newest). */
async function walkWhole(incidentsDir: string, visit: Visitor): Promise<void> {
  // A home from before the index had its folder: made now, not after the stamp below.
  await fs.mkdir(indexDir(incidentsDir), { mode: 0o700 }).catch(() => undefined);
  // Before the listing: a folder added after it changes this stamp, so no head hides it.
  const folders = folderStamp(incidentsDir, Date.now());
  let names: string[];
  try {
    names = await fs.readdir(incidentsDir);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    throw error;
  }
  if (names.includes(LEGACY_INDEX_FILE)) await fs.rm(path.join(incidentsDir, LEGACY_INDEX_FILE), { force: true }).catch(() => undefined);
  names = names.filter((name) => !name.startsWith('.'));
  const stored = await loadIndex(incidentsDir);
  const known = stored?.entries ?? new Map<string, IndexEntry>();
  const queue: Queued[] = [];
  const pending: string[] = [];
  // What was read is kept in the index, so the next walk (list, latest, resume) does not read it again.
  const learned = new Map<string, IndexEntry>();
  await inBatches(names.filter((name) => !known.has(name)), READ_CONCURRENCY, async (id) => {
    const stamp = stampOf(incidentsDir, id);
    if (stamp === null) return void pending.push(id);
    const entry = await entryFromJournal(incidentsDir, id, stamp);
    learned.set(id, entry);
    queue.push({ entry, checked: true, front: true });
  });
  for (const name of names) {
    const entry = known.get(name);
    if (entry !== undefined) queue.push({ entry, checked: false, front: true });
  }
  try {
    await walkQueue(incidentsDir, queue, visit, learned, null);
  } finally {
    const present = names.flatMap((name) => learned.get(name) ?? known.get(name) ?? []);
    const bloated = stored !== null && stored.lines > 2 * stored.entries.size + 100;
    const stamp = stored === null || learned.size > 0 || bloated ? await writeIndex(incidentsDir, present) : stored.stamp;
    if (stamp !== null && folders?.settled === true) await writeHead(incidentsDir, buildHead(present.sort(newestFirst), folders.stamp, stamp, pending));
  }
}

/**
 * Entries from the newest down. Those `want` passes over are never checked; the others are
 * checked against their journal (read again when it changed) before `take` sees them, and the
 * walk stops when `take` says so. Through a head, false when the walk needs what the head does
 * not hold (then it starts over on the whole index).
 */
async function walkQueue(incidentsDir: string, queue: Queued[], visit: Visitor, learned: Map<string, IndexEntry>, head: IndexHead | null): Promise<boolean> {
  if (head === null) queue.sort((a, b) => newestFirst(a.entry, b.entry));
  const omittedResolved = head === null ? 0 : head.omitted.total - head.omitted.open;
  let crossed = false;
  // An index into the sorted queue, not shift(): 10,000 shifts would cost more than the walk.
  for (let at = 0; at < queue.length; at += 1) {
    const next = queue[at]!;
    if (!next.front && !crossed) {
      // Past the complete front the head holds only open entries: the resolved ones there are unseen.
      crossed = true;
      if (omittedResolved > 0 && visit.wouldWant(false)) return false;
    }
    if (!next.checked) {
      if (!visit.want(next.entry)) continue;
      const stamp = stampOf(incidentsDir, next.entry.id);
      if (stamp === null) continue; // its journal is gone: not an incident any more
      const how = entryFreshness(next.entry, stamp);
      if (how !== 'fresh') {
        // Read again; a journal replaced by hand may even open at another time: back in line.
        const entry = await reread(incidentsDir, next.entry.id, stamp, next.entry, how);
        learned.set(entry.id, entry);
        // Through a head, only the whole index can place one that moved.
        if (head !== null && orderKey(entry) !== orderKey(next.entry)) return false;
        const later = queue.findIndex((q, i) => i > at && newestFirst(entry, q.entry) <= 0);
        queue.splice(later < 0 ? queue.length : later, 0, { entry, checked: true, front: next.front });
        continue;
      }
    }
    if (visit.take(next.entry)) return true;
  }
  if (head === null) return true;
  if (!crossed && omittedResolved > 0 && visit.wouldWant(false)) return false;
  if (head.omitted.open > 0 && visit.wouldWant(true)) return false;
  visit.unseen(head.omitted.total, head.omitted.open);
  return true;
}

const orderKey = (entry: IndexEntry) => entry.listing?.openedAt ?? entry.id;
