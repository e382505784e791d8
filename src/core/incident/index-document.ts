// The incident index (`incidents/.index/entries.jsonl`) as data: what one entry holds, how the file is
// read back defensively, and when an entry can be trusted. The index is derived from the
// journals and never the record: an entry is used only while the journal is exactly as it was
// when the entry was made (same size, mtime and inode); otherwise the journal wins.
// The file is one line per entry after a header; a later line for the same id replaces an
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

/**
 * One entry as a compact row: [id, size, mtimeMs, ino, problems, error, then the listing's
 * title, severity, status, openedAt, resolvedAt, commander, dryRun, lastSeq, or nulls].
 * Rows parse about three times faster than objects with keys, and 10,000 of them are read on
 * every `list`.
 */
type Row = [string, number, number, number, string[], string | null, ...unknown[]];

export function toRow(e: IndexEntry): Row {
  const l = e.listing;
  const head: Row = [e.id, e.journal.size, e.journal.mtimeMs, e.journal.ino, e.problems, e.error];
  return l === null ? head : [...head, l.title, l.severity, l.status, l.openedAt, l.resolvedAt, l.commander, l.dryRun, l.lastSeq];
}

/** The line a war room appends for its incident: `,[row]`, so the whole file stays one JSON array but for its `]`. */
export function entryLine(entry: IndexEntry): string {
  return `,${JSON.stringify(toRow(entry))}\n`;
}

/**
 * A whole index file: `[header`, then one `,[row]` line per entry; the closing `]` is never
 * written. `generation` is new with every rewrite: what tells a reader that a file it knew by
 * size was replaced, even by one with a recycled inode number (index-head.ts).
 */
export function serializeIndex(entries: readonly IndexEntry[], generation: string): string {
  return `${indexHeaderLine(generation)}${entries.map(entryLine).join('')}`;
}

export function indexHeaderLine(generation: string): string {
  return `[${JSON.stringify({ kind: INDEX_KIND, version: INDEX_VERSION, generation })}\n`;
}

/** The generation named by an index file's first line (null when it has none or is not an index). */
export function generationOf(firstLine: string): string | null {
  try {
    const header: unknown = JSON.parse(firstLine.slice(1));
    return isRecord(header) && header.kind === INDEX_KIND && header.version === INDEX_VERSION && isString(header.generation) ? header.generation : null;
  } catch {
    return null;
  }
}

export interface ParsedIndex {
  entries: Map<string, IndexEntry>;
  /** null for a file written before generations were. */
  generation: string | null;
  /** Entry lines in the file, superseded and skipped ones included: when to compact. */
  lines: number;
}

/** The entries of an index file, by id (the last line wins); null when this version did not write it. */
export function parseIndex(text: string): ParsedIndex | null {
  let items: unknown[];
  try {
    // The common case: every line complete, so the file is one array once closed.
    const all: unknown = JSON.parse(`${text}]`);
    items = Array.isArray(all) ? all : [];
  } catch {
    items = lineByLine(text);
  }
  const header = items[0];
  if (!isRecord(header) || header.kind !== INDEX_KIND || header.version !== INDEX_VERSION) return null;
  const entries = new Map<string, IndexEntry>();
  for (let i = 1; i < items.length; i++) {
    // A row that does not look right is dropped: that incident's journal is simply read again.
    const entry = entryOfRow(items[i]);
    if (entry !== null) entries.set(entry.id, entry);
  }
  return { entries, generation: isString(header.generation) ? header.generation : null, lines: items.length - 1 };
}

/** After a torn append (a line without its end, glued to the next one), each line on its own. */
function lineByLine(text: string): unknown[] {
  // Each line starts with `[` (the header) or `,` (an entry): drop it, parse the rest.
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line.slice(1)) as unknown;
      } catch {
        return null;
      }
    });
}

const isStatus = (v: unknown): v is IncidentStatus => v === 'investigating' || v === 'identified' || v === 'monitoring' || v === 'resolved';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The entry a row holds; null when it does not look right. */
export function entryOfRow(v: unknown): IndexEntry | null {
  if (!Array.isArray(v) || (v.length !== 6 && v.length !== 14)) return null;
  const row = v as unknown[];
  const id = row[0];
  const size = row[1];
  const mtimeMs = row[2];
  const ino = row[3];
  const problems = row[4];
  const error = row[5];
  if (!isString(id) || id === '' || id.startsWith('.') || id.includes('/')) return null;
  if (!isNumber(size) || !isNumber(mtimeMs) || !isNumber(ino)) return null;
  if (!Array.isArray(problems) || !(error === null || isString(error))) return null;
  for (const problem of problems) if (!isString(problem)) return null;
  const entry: IndexEntry = { id, listing: null, problems: problems as string[], error, journal: { size, mtimeMs, ino } };
  if (row.length === 6) return entry;
  const [title, severity, status, openedAt, resolvedAt, commander, dryRun, lastSeq] = [row[6], row[7], row[8], row[9], row[10], row[11], row[12], row[13]];
  if (!isString(title) || !isString(severity) || !isStatus(status) || !isString(openedAt)) return null;
  if (!(resolvedAt === null || isString(resolvedAt)) || !isString(commander) || typeof dryRun !== 'boolean' || !Number.isSafeInteger(lastSeq)) return null;
  entry.listing = { title, severity, status, openedAt, resolvedAt, commander, dryRun, lastSeq: lastSeq as number };
  return entry;
}
