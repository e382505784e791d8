// Walking the incidents from the newest down, over the index: `latest`, `resume` and `list`
// check only the journals of the incidents they use against their index entries, so they cost
// about the same with 10,000 incidents as with 10. What a walk had to read is written back to the
// index for the next one.
import { promises as fs } from 'node:fs';
import { entryFreshness, type IndexEntry } from '../core/incident/index-document.ts';
import { entryFromJournal, inBatches, loadIndex, newestFirst, READ_CONCURRENCY, reread, stampOf, writeIndex } from './incident-index.ts';
import { isCode } from './journal-lock.ts';

/**
 * The newest incident `accept` takes, checking journals only from the newest down until one is
 * taken: an incident's opening time never changes, so the entries give the order without a
 * stat, and `latest` or `resume` cost the same with 10,000 incidents as with 10. Folders the
 * index does not know are read first (any of them may be the newest).
 */
export async function newestIncident(incidentsDir: string, accept: (entry: IndexEntry) => boolean): Promise<IndexEntry | null> {
  let found: IndexEntry | null = null;
  await walkNewest(incidentsDir, {
    want: () => true,
    take: (entry) => {
      if (!accept(entry)) return false;
      found = entry;
      return true;
    },
  });
  return found;
}

/**
 * The newest `limit` incidents `listable` takes, plus up to `limit` older ones `keep` takes (the
 * open ones), newest first; how many more the index knows, and how many of those `keep` would
 * take. Only the entries shown are checked against their journals, and at most twice `limit` are
 * shown, so `warroom list` costs about the same with 10,000 incidents as with 10.
 */
export async function recentIncidents(
  incidentsDir: string,
  options: { limit: number; keep: (entry: IndexEntry) => boolean; listable: (entry: IndexEntry) => boolean },
): Promise<{ entries: IndexEntry[]; more: number; moreKept: number }> {
  const entries: IndexEntry[] = [];
  let recent = 0;
  let keptOlder = 0;
  let more = 0;
  let moreKept = 0;
  const wanted = (entry: IndexEntry) => recent < options.limit || (keptOlder < options.limit && options.keep(entry));
  const passOver = (entry: IndexEntry) => {
    more += 1;
    if (options.keep(entry)) moreKept += 1;
  };
  await walkNewest(incidentsDir, {
    want: (entry) => {
      if (wanted(entry)) return true;
      passOver(entry);
      return false;
    },
    take: (entry) => {
      if (!options.listable(entry)) return false;
      if (!wanted(entry)) passOver(entry);
      else {
        if (recent < options.limit) recent += 1;
        else keptOlder += 1;
        entries.push(entry);
      }
      return false;
    },
  });
  return { entries, more, moreKept };
}

/**
 * Entries from the newest down. Those `want` passes over are never checked; the others are
 * checked against their journal (read again when it changed) before `take` sees them, and the
 * walk stops when `take` says so. Folders the index does not know are read first (any of them
 * may be the newest).
 */
async function walkNewest(
  incidentsDir: string,
  visit: { want: (entry: IndexEntry) => boolean; take: (entry: IndexEntry) => boolean },
): Promise<void> {
  let names: string[];
  try {
    names = (await fs.readdir(incidentsDir)).filter((name) => !name.startsWith('.'));
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    throw error;
  }
  const stored = (await loadIndex(incidentsDir))?.entries ?? new Map<string, IndexEntry>();
  const queue: { entry: IndexEntry; checked: boolean }[] = [];
  const unknown = names.filter((name) => !stored.has(name));
  // What was read is kept in the index, so the next walk (list, latest, resume) does not read it again.
  const learned = new Map<string, IndexEntry>();
  await inBatches(unknown, READ_CONCURRENCY, async (id) => {
    const stamp = stampOf(incidentsDir, id);
    if (stamp === null) return;
    const entry = await entryFromJournal(incidentsDir, id, stamp);
    learned.set(id, entry);
    queue.push({ entry, checked: true });
  });
  try {
    await walkQueue(incidentsDir, queue, stored, names, visit, learned);
  } finally {
    if (learned.size > 0) {
      const present = names.flatMap((name) => learned.get(name) ?? stored.get(name) ?? []);
      await writeIndex(incidentsDir, present);
    }
  }
}

async function walkQueue(
  incidentsDir: string,
  queue: { entry: IndexEntry; checked: boolean }[],
  stored: ReadonlyMap<string, IndexEntry>,
  names: readonly string[],
  visit: { want: (entry: IndexEntry) => boolean; take: (entry: IndexEntry) => boolean },
  learned: Map<string, IndexEntry>,
): Promise<void> {
  for (const name of names) {
    const entry = stored.get(name);
    if (entry !== undefined) queue.push({ entry, checked: false });
  }
  queue.sort((a, b) => newestFirst(a.entry, b.entry));
  // An index into the sorted queue, not shift(): 10,000 shifts would cost more than the walk.
  for (let at = 0; at < queue.length; at += 1) {
    const next = queue[at]!;
    if (!next.checked) {
      if (!visit.want(next.entry)) continue;
      const stamp = stampOf(incidentsDir, next.entry.id);
      if (stamp === null) continue; // its journal is gone: not an incident any more
      const how = entryFreshness(next.entry, stamp);
      if (how !== 'fresh') {
        // Read again; a journal replaced by hand may even open at another time: back in line.
        const entry = await reread(incidentsDir, next.entry.id, stamp, next.entry, how);
        learned.set(entry.id, entry);
        const later = queue.findIndex((q, i) => i > at && newestFirst(entry, q.entry) <= 0);
        queue.splice(later < 0 ? queue.length : later, 0, { entry, checked: true });
        continue;
      }
    }
    if (visit.take(next.entry)) return;
  }
}
