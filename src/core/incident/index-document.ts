// The incident index (`incidents/.index.jsonl`) as data: what one entry holds, how the file is
// read back defensively, and when an entry can be trusted. The index is derived from the
// journals and never the record: an entry is used only while the journal is exactly as it was
// when the entry was made (same size, mtime and inode); otherwise the journal wins.
// The file is JSON lines: a header, then entries; a later line for the same id replaces an
// earlier one, so a war room updates its incident by appending one line (no read, no rewrite
// on the screen's thread). A line that does not parse (a torn append) is skipped. The file I/O
// is src/adapters/incident-index.ts.
import type { IncidentStatus } from './events.ts';
import type { IncidentListing } from './listing.ts';

export const INDEX_KIND = 'warroom-incident-index';
export const INDEX_VERSION = 1;

/** The journal file an entry was made from, as stat(2) saw it. */
export interface JournalStamp {
  size: number;
  /** -1 when unknown (the file grew while the entry was made): the entry is never fresh. */
  mtimeMs: number;
  ino: number;
}

export interface IndexEntry {
  /** The incident folder's name, which is its id. */
  id: string;
  /** null when the journal could not be read (`error`) or holds no event yet. */
  listing: IncidentListing | null;
  /** One line per journal problem, as the reader words them. */
  problems: string[];
  error: string | null;
  journal: JournalStamp;
}

/**
 * What to do with an entry given the journal's stat now: use it; read only the bytes appended
 * since (a clean entry whose file only grew); or read the whole journal again.
 */
export function entryFreshness(entry: IndexEntry | undefined, now: JournalStamp): 'fresh' | 'tail' | 'full' {
  if (entry === undefined) return 'full';
  const was = entry.journal;
  if (was.ino !== now.ino) return 'full';
  if (was.size === now.size && was.mtimeMs === now.mtimeMs && was.mtimeMs !== -1) return 'fresh';
  const clean = entry.listing !== null && entry.error === null && entry.problems.length === 0;
  return clean && now.size > was.size ? 'tail' : 'full';
}

export function entryLine(entry: IndexEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/** A whole index file: the header line, then one line per entry. */
export function serializeIndex(entries: readonly IndexEntry[]): string {
  return `${JSON.stringify({ kind: INDEX_KIND, version: INDEX_VERSION })}\n${entries.map(entryLine).join('')}`;
}

export interface ParsedIndex {
  entries: Map<string, IndexEntry>;
  /** Entry lines in the file, superseded and skipped ones included: when to compact. */
  lines: number;
}

/** The entries of an index file, by id (the last line wins); null when this version did not write it. */
export function parseIndex(text: string): ParsedIndex | null {
  const lines = text.split('\n');
  let header: unknown;
  try {
    header = JSON.parse(lines[0] ?? '');
  } catch {
    return null;
  }
  if (!isRecord(header) || header.kind !== INDEX_KIND || header.version !== INDEX_VERSION) return null;
  const entries = new Map<string, IndexEntry>();
  let count = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    count += 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue; // a torn append: that incident's journal is read again
    }
    // An entry that does not look right is dropped the same way.
    if (isEntry(value)) entries.set(value.id, value);
  }
  return { entries, lines: count };
}

const STATUSES: readonly IncidentStatus[] = ['investigating', 'identified', 'monitoring', 'resolved'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isListing(v: unknown): v is IncidentListing {
  return (
    isRecord(v) &&
    isString(v.title) &&
    isString(v.severity) &&
    STATUSES.includes(v.status as IncidentStatus) &&
    isString(v.openedAt) &&
    (v.resolvedAt === null || isString(v.resolvedAt)) &&
    isString(v.commander) &&
    typeof v.dryRun === 'boolean' &&
    Number.isSafeInteger(v.lastSeq)
  );
}

function isEntry(v: unknown): v is IndexEntry {
  if (!isRecord(v) || !isString(v.id) || v.id === '' || v.id.startsWith('.') || v.id.includes('/')) return false;
  if (!(v.listing === null || isListing(v.listing))) return false;
  if (!Array.isArray(v.problems) || !v.problems.every(isString)) return false;
  if (!(v.error === null || isString(v.error))) return false;
  const j = v.journal;
  return isRecord(j) && isNumber(j.size) && isNumber(j.mtimeMs) && isNumber(j.ino);
}
