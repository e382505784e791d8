// The head of the incident index (`incidents/.index/head.json`) as data: the newest entries in
// `list` order, and the open ones among the older, with the counts of everything else. `list`,
// `latest`, `resume` and the picker only ever look at the front of the order, so with the head
// they read a few dozen rows instead of parsing an entry per incident ever opened.
// A head describes exactly one state of the index file (its generation and size) and of the
// incidents folder (its mtime, ctime and inode, which change whenever a folder is added,
// removed or renamed in it); a reader uses it only while both are as recorded, or after
// folding in the lines appended to the index since (all of them for incidents the head holds).
// Anything else and the reader walks the whole index, which remains the reference.
import { entryOfRow, toRow, type IndexEntry } from './index-document.ts';

export const HEAD_KIND = 'warroom-incident-head';
export const HEAD_VERSION = 1;
/** How many of the newest entries a head holds whatever their status: `list` shows 30. */
export const HEAD_NEWEST = 100;
/** How many open ones older than those it holds too: `list` shows 30, the picker 50. */
export const HEAD_OPEN = 100;

/** What an entry counts as for the head, `list` and the picker: anything not known to be resolved. */
export function isOpenEntry(entry: IndexEntry): boolean {
  return entry.error !== null || entry.listing === null || entry.listing.status !== 'resolved';
}

/** The incidents folder as stat(2) saw it. */
export interface FolderStamp {
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** The index file's bytes a head was made from: its first `size` bytes, in that generation. */
export interface IndexStamp {
  generation: string;
  size: number;
}

export interface IndexHead {
  folders: FolderStamp;
  index: IndexStamp;
  /** Newest first; the first `complete` are every entry at the front of the order, the rest only open ones. */
  entries: IndexEntry[];
  complete: number;
  /** Entries not held: `open` of them open (older than the last held open one), the others resolved. */
  omitted: { total: number; open: number };
  /** Folders that had no journal yet (claimed, not written): the head is stale once one has. */
  pending: string[];
}

/** The head of `sorted` (every entry of the index whose folder exists, newest first). */
export function buildHead(sorted: readonly IndexEntry[], folders: FolderStamp, index: IndexStamp, pending: readonly string[]): IndexHead {
  const entries = sorted.slice(0, HEAD_NEWEST);
  let open = 0;
  let openOmitted = 0;
  for (let i = entries.length; i < sorted.length; i++) {
    const entry = sorted[i]!;
    if (!isOpenEntry(entry)) continue;
    if (open < HEAD_OPEN) {
      entries.push(entry);
      open += 1;
    } else openOmitted += 1;
  }
  return {
    folders,
    index,
    entries,
    complete: Math.min(HEAD_NEWEST, sorted.length),
    omitted: { total: sorted.length - entries.length, open: openOmitted },
    pending: [...pending],
  };
}

/**
 * The head once the entries of lines appended to the index are folded in (the last for an id
 * wins, as in the index); null when one is for an incident the head does not hold, or moves one
 * in the order or out of its class: only the whole index can place those.
 */
export function withAppended(head: IndexHead, appended: readonly IndexEntry[], index: IndexStamp): IndexHead | null {
  const at = new Map(head.entries.map((entry, i) => [entry.id, i]));
  const entries = [...head.entries];
  for (const entry of appended) {
    const i = at.get(entry.id);
    if (i === undefined) return null;
    const was = entries[i]!;
    if ((was.listing?.openedAt ?? null) !== (entry.listing?.openedAt ?? null)) return null;
    // Beyond the complete front only open entries are held: one resolved there is not placed.
    if (i >= head.complete && !isOpenEntry(entry)) return null;
    entries[i] = entry;
  }
  return { ...head, entries, index };
}

export function serializeHead(head: IndexHead): string {
  const { entries, ...rest } = head;
  return `${JSON.stringify({ kind: HEAD_KIND, version: HEAD_VERSION, ...rest, rows: entries.map(toRow) })}\n`;
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The head a file holds; null for anything this version did not write whole. */
export function parseHead(text: string): IndexHead | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(doc) || doc.kind !== HEAD_KIND || doc.version !== HEAD_VERSION) return null;
  const { folders, index, complete, omitted, pending, rows } = doc;
  if (!isRecord(folders) || !isFiniteNumber(folders.mtimeMs) || !isFiniteNumber(folders.ctimeMs) || !isFiniteNumber(folders.ino)) return null;
  if (!isRecord(index) || typeof index.generation !== 'string' || !isCount(index.size)) return null;
  if (!isRecord(omitted) || !isCount(omitted.total) || !isCount(omitted.open) || omitted.open > omitted.total) return null;
  if (!Array.isArray(pending) || !pending.every((p) => typeof p === 'string')) return null;
  if (!Array.isArray(rows) || !isCount(complete) || complete > rows.length) return null;
  const entries: IndexEntry[] = [];
  for (const row of rows) {
    const entry = entryOfRow(row);
    if (entry === null) return null;
    entries.push(entry);
  }
  return {
    folders: { mtimeMs: folders.mtimeMs, ctimeMs: folders.ctimeMs, ino: folders.ino },
    index: { generation: index.generation, size: index.size },
    entries,
    complete,
    omitted: { total: omitted.total, open: omitted.open },
    pending: pending as string[],
  };
}
