// The incident journal: `<incident>/journal.jsonl`, a header line then one JSON line per event.
// An event is done only once its line is fsynced; everything else in warroom is derived from
// these lines, so this file is the one thing that must survive kill -9 and power cuts.
// The writer is journal-writer.ts; this file creates and opens journals, and repairs what a
// crash can leave: a torn last line is moved to journal.damaged.jsonl, cut off, and recorded.
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { IncidentEvent, JournalHeader, JournalRepairedEvent } from '../core/incident/events.ts';
import { WarroomError } from '../errors.ts';
import { indexObserver } from './incident-index-observer.ts';
import { appendDamagedLines, DAMAGED_FILE } from './journal-damage.ts';
import { acquireLock, isCode, syncDir, type HeldLock, type LockTakeover } from './journal-lock.ts';
import { parseJournal, type JournalProblem, type ParsedJournal } from './journal-reader.ts';
import { Journal, journalPath, writeAll, type JournalObserver } from './journal-writer.ts';

export type { JournalProblem, JournalProblemKind } from './journal-reader.ts';
export { IncidentLockedError, type LockOwner, type LockTakeover } from './journal-lock.ts';
export { Journal, JOURNAL_FILE, journalPath, type JournalHealth, type JournalObserver } from './journal-writer.ts';
export { DAMAGED_FILE } from './journal-damage.ts';

/** Where a command's output goes (never into the journal): `<dir>/commands/<requestSeq>.log`. */
export function commandLogPath(dir: string, requestSeq: number): string {
  return path.join(dir, 'commands', `${requestSeq}.log`);
}

export interface JournalOptions {
  /** Clock for `at`; tests inject a fake one. Default: real time. */
  now?: () => Date;
  /** Who the journal.repaired event of a torn-tail cut is from. Default `system`. */
  actor?: string;
  /**
   * Told about every durable append: by default the incident index's (incident-index-observer.ts),
   * so `list` stays current; null for none. Tests use it to stop between journal and index.
   */
  observer?: JournalObserver | null;
}

/** The observer a writer gets: the caller's, or the incident index's. */
export function observerFor(dir: string, events: readonly IncidentEvent[], options: JournalOptions): JournalObserver | null {
  return options.observer === undefined ? indexObserver(dir, events) : options.observer;
}

export interface OpenedJournal {
  /** null when the journal is damaged or was opened read-only: nothing may be appended. */
  journal: Journal | null;
  events: IncidentEvent[];
  header: JournalHeader;
  /** Every problem found, with `file:line`, including a torn tail that was cut. */
  problems: JournalProblem[];
  readonly: boolean;
  /**
   * Why a writer open came back read-only (damage before the last line), in one line naming the
   * first bad `file:line` and how to repair it; null when writable or opened read-only on purpose.
   */
  readonlyReason: string | null;
  /** The journal.repaired event appended for a torn tail this open cut off (also in `events`). */
  repaired: JournalRepairedEvent | null;
  /** The stale lock this open took over, and which check found its owner dead. */
  lockTakeover: LockTakeover | null;
}

/**
 * Creates `<dir>/journal.jsonl` with its header and takes the incident lock. The folder may
 * exist (claimed by the caller) but must not hold a journal yet. See createIncident() in
 * incidents.ts for the atomic way to make a new incident.
 */
export async function createJournal(dir: string, header: JournalHeader, options: JournalOptions = {}): Promise<Journal> {
  const now = options.now ?? (() => new Date());
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const lock = await acquireLock(dir, header.incidentId, now());
  try {
    const size = await writeHeader(journalPath(dir), header);
    await syncDir(dir);
    await syncDir(path.dirname(dir));
    return new Journal(dir, header, await fs.open(journalPath(dir), 'a'), lock, 0, size, now, observerFor(dir, [], options));
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** Writes a new journal file holding only its header (fsynced); returns its size. */
export async function writeHeader(file: string, header: JournalHeader): Promise<number> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, 'wx', 0o600);
  } catch (error) {
    if (isCode(error, 'EEXIST')) throw new WarroomError(`${file} already exists; refusing to overwrite an incident`);
    throw error;
  }
  const bytes = Buffer.from(`${JSON.stringify(header)}\n`);
  try {
    await writeAll(handle, bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return bytes.length;
}

/** A Journal over an existing file whose intact size and last seq the caller knows. */
export async function journalAt(
  dir: string,
  header: JournalHeader,
  lock: HeldLock,
  lastSeq: number,
  size: number,
  now: () => Date,
  observer: JournalObserver | null = null,
): Promise<Journal> {
  return new Journal(dir, header, await fs.open(journalPath(dir), 'a'), lock, lastSeq, size, now, observer);
}

/**
 * Reads an incident's journal. A writer open (default) takes the lock, moves a torn last line to
 * journal.damaged.jsonl, cuts it off, records that in a journal.repaired event, and returns a
 * Journal to append to. A damaged journal (a bad line before the end) comes back with
 * `journal: null, readonly: true`, its problems and `readonlyReason`: `warroom repair` fixes it.
 * `readonly: true` takes no lock and changes nothing on disk (a torn tail may then be another
 * writer's append in flight).
 */
export async function openJournal(dir: string, options: JournalOptions & { readonly?: boolean } = {}): Promise<OpenedJournal> {
  const file = journalPath(dir);
  const now = options.now ?? (() => new Date());
  const base = { readonlyReason: null, repaired: null, lockTakeover: null };
  if (options.readonly) {
    const parsed = parseJournal(await readJournalBytes(file), file);
    return { ...base, journal: null, events: parsed.events, header: parsed.header, problems: parsed.problems, readonly: true };
  }

  // The lock first: nobody else may append while we read and repair.
  const lock = await acquireLock(dir, path.basename(dir), now());
  const lockTakeover = lock.takeover;
  try {
    const bytes = await readJournalBytes(file);
    const parsed = parseJournal(bytes, file, true);
    if (parsed.corrupt) {
      await lock.release();
      const readonlyReason = damageReason(parsed, path.basename(dir));
      return { ...base, lockTakeover, readonlyReason, journal: null, events: parsed.events, header: parsed.header, problems: parsed.problems, readonly: true };
    }
    const torn = parsed.intactBytes < bytes.length ? parsed.problems.find((p) => p.kind === 'torn-tail') : undefined;
    if (torn) await cutTornTail(dir, bytes, parsed.intactBytes, torn, now());
    const lastSeq = parsed.events.at(-1)?.seq ?? 0;
    const journal = await journalAt(dir, parsed.header, lock, lastSeq, parsed.intactBytes, now, observerFor(dir, parsed.events, options));
    const events = parsed.events;
    let repaired: JournalRepairedEvent | null = null;
    if (torn && events.length > 0) {
      repaired = (await journal.append({
        type: 'journal.repaired',
        actor: options.actor ?? 'system',
        how: 'torn-tail',
        lines: [{ line: torn.line, problem: torn.message }],
        damagedFile: DAMAGED_FILE,
        seqGaps: [],
      })) as JournalRepairedEvent;
      events.push(repaired);
    }
    return { ...base, lockTakeover, repaired, journal, events, header: parsed.header, problems: parsed.problems, readonly: false };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** Keeps the torn bytes in journal.damaged.jsonl first, then cuts them off the journal. */
async function cutTornTail(dir: string, bytes: Buffer, intactBytes: number, torn: JournalProblem, at: Date): Promise<void> {
  const tail = bytes.subarray(intactBytes);
  const withoutNewline = tail.at(-1) === 0x0a ? tail.subarray(0, -1) : tail;
  await appendDamagedLines(dir, 'torn-tail', at, [{ line: torn.line, problem: torn.message, bytes: withoutNewline }]);
  const handle = await fs.open(journalPath(dir), 'r+');
  try {
    await handle.truncate(intactBytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function damageReason(parsed: ParsedJournal, id: string): string {
  const bad = parsed.problems.filter((p) => p.kind !== 'torn-tail');
  const first = bad[0]?.message ?? 'the journal is damaged';
  const more = bad.length > 1 ? ` (and ${bad.length - 1} more)` : '';
  return `read-only: ${first}${more}; \`warroom repair ${id}\` moves damaged lines to ${DAMAGED_FILE} and makes it writable again`;
}

export async function readJournalBytes(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if (isCode(error, 'ENOENT')) throw new WarroomError(`no journal at ${file}`);
    throw error;
  }
}
