// The incident journal: `<incident>/journal.jsonl`, a header line then one JSON line per event.
// An event is done only once its line is fsynced; everything else in warroom is derived from
// these lines, so this file is the one thing that must survive kill -9 and power cuts.
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { IncidentEvent, JournalHeader, NewEvent } from '../core/incident/events.ts';
import { validateEvent } from '../core/incident/validate-event.ts';
import { errorMessage, WarroomError } from '../errors.ts';
import { acquireLock, isCode, syncDir, type HeldLock } from './journal-lock.ts';
import { parseJournal, type JournalProblem } from './journal-reader.ts';

export type { JournalProblem, JournalProblemKind } from './journal-reader.ts';
export { IncidentLockedError, type LockOwner } from './journal-lock.ts';

export const JOURNAL_FILE = 'journal.jsonl';

export function journalPath(dir: string): string {
  return path.join(dir, JOURNAL_FILE);
}

/** Where a command's output goes (never into the journal): `<dir>/commands/<requestSeq>.log`. */
export function commandLogPath(dir: string, requestSeq: number): string {
  return path.join(dir, 'commands', `${requestSeq}.log`);
}

export interface JournalOptions {
  /** Clock for `at`; tests inject a fake one. Default: real time. */
  now?: () => Date;
}

export interface OpenedJournal {
  /** null when the journal is damaged or was opened read-only: nothing may be appended. */
  journal: Journal | null;
  events: IncidentEvent[];
  header: JournalHeader;
  problems: JournalProblem[];
  readonly: boolean;
}

interface Pending {
  line: string;
  event: IncidentEvent;
  resolve: (event: IncidentEvent) => void;
  reject: (error: unknown) => void;
}

/** The single writer of one incident's journal; holds the incident lock until close(). */
export class Journal {
  readonly dir: string;
  readonly header: JournalHeader;
  readonly #handle: FileHandle;
  readonly #lock: HeldLock;
  readonly #now: () => Date;
  #lastSeq: number;
  #pending: Pending[] = [];
  #flushing: Promise<void> | null = null;
  #failure: unknown = null;
  #closed = false;

  constructor(dir: string, header: JournalHeader, handle: FileHandle, lock: HeldLock, lastSeq: number, now: () => Date) {
    this.dir = dir;
    this.header = header;
    this.#handle = handle;
    this.#lock = lock;
    this.#lastSeq = lastSeq;
    this.#now = now;
  }

  get path(): string {
    return journalPath(this.dir);
  }

  /** seq of the last event handed to append() (durable or on its way). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /**
   * Stamps `seq` (last + 1) and `at`, writes one line and resolves once it is fsynced.
   * seq is assigned here, synchronously, and lines are written in that order, so file order is
   * seq order. Appends made while a write is in flight share the next fsync (group commit).
   */
  append(event: NewEvent, at?: Date): Promise<IncidentEvent> {
    if (this.#closed) return Promise.reject(new WarroomError(`journal ${this.path} is closed`));
    if (this.#failure !== null) return Promise.reject(writeFailed(this.path, this.#failure));
    let stamped: IncidentEvent;
    try {
      stamped = { ...event, seq: this.#lastSeq + 1, at: (at ?? this.#now()).toISOString() } as IncidentEvent;
    } catch (error) {
      return Promise.reject(new WarroomError(`cannot journal ${event.type}: invalid time`, { cause: error }));
    }
    // The reader checks every line with the same function: an event it would reject must never
    // be written, or the next resume would find the incident damaged and open it read-only.
    // Callers get back the event as the file holds it, so live state and replay fold the same data.
    const line = JSON.stringify(stamped);
    const written = JSON.parse(line) as unknown;
    const problem = validateEvent(written);
    if (problem !== null) return Promise.reject(new WarroomError(`refusing to journal an invalid ${event.type} event: ${problem}`));
    this.#lastSeq = stamped.seq;
    return new Promise<IncidentEvent>((resolve, reject) => {
      this.#pending.push({ line: `${line}\n`, event: written as IncidentEvent, resolve, reject });
      this.#flushing ??= this.#flushLoop();
    });
  }

  /** Resolves when every append made so far is durable (or has failed). */
  async flush(): Promise<void> {
    while (this.#flushing !== null) await this.#flushing;
  }

  /** Waits for pending appends, closes the file and releases the incident lock. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.flush();
    try {
      await this.#handle.close();
    } finally {
      await this.#lock.release();
    }
  }

  async #flushLoop(): Promise<void> {
    try {
      // Let appends made in the same tick join this batch.
      await Promise.resolve();
      while (this.#pending.length > 0) {
        const batch = this.#pending;
        this.#pending = [];
        try {
          if (this.#failure !== null) throw this.#failure;
          await writeAll(this.#handle, Buffer.from(batch.map((p) => p.line).join('')));
          await this.#handle.sync();
        } catch (error) {
          // The file's tail is now unknown: refuse every later append rather than risk a gap.
          this.#failure ??= error;
          for (const p of batch) p.reject(writeFailed(this.path, error));
          continue;
        }
        for (const p of batch) p.resolve(p.event);
      }
    } finally {
      this.#flushing = null;
    }
  }
}

function writeFailed(file: string, cause: unknown): WarroomError {
  return new WarroomError(`could not write the journal ${file}: ${errorMessage(cause)}`, { cause });
}

async function writeAll(handle: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    offset += bytesWritten;
  }
}

/**
 * Creates `<dir>/journal.jsonl` with its header and takes the incident lock. The folder may
 * exist (claimed by the caller) but must not hold a journal yet.
 */
export async function createJournal(dir: string, header: JournalHeader, options: JournalOptions = {}): Promise<Journal> {
  const now = options.now ?? (() => new Date());
  await fs.mkdir(dir, { recursive: true });
  const lock = await acquireLock(dir, header.incidentId, now());
  try {
    const file = journalPath(dir);
    let handle: FileHandle;
    try {
      handle = await fs.open(file, 'wx');
    } catch (error) {
      if (isCode(error, 'EEXIST')) throw new WarroomError(`${file} already exists; refusing to overwrite an incident`);
      throw error;
    }
    try {
      await writeAll(handle, Buffer.from(`${JSON.stringify(header)}\n`));
      await handle.sync();
      await handle.close();
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    await syncDir(dir);
    await syncDir(path.dirname(dir));
    return new Journal(dir, header, await fs.open(file, 'a'), lock, 0, now);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/**
 * Reads an incident's journal. A writer open (default) takes the lock, cuts off a torn last line
 * and returns a Journal to append to; a damaged journal (a bad line before the end) comes back
 * with `journal: null, readonly: true` and its problems. `readonly: true` takes no lock and
 * changes nothing on disk (a torn tail may then be another writer's append in flight).
 */
export async function openJournal(
  dir: string,
  options: JournalOptions & { readonly?: boolean } = {},
): Promise<OpenedJournal> {
  const file = journalPath(dir);
  const now = options.now ?? (() => new Date());
  if (options.readonly) {
    const parsed = parseJournal(await readJournalBytes(file), file);
    return { journal: null, events: parsed.events, header: parsed.header, problems: parsed.problems, readonly: true };
  }

  // The lock first: nobody else may append while we read and repair.
  const lock = await acquireLock(dir, path.basename(dir), now());
  try {
    const bytes = await readJournalBytes(file);
    const parsed = parseJournal(bytes, file, true);
    if (parsed.corrupt) {
      await lock.release();
      return { journal: null, events: parsed.events, header: parsed.header, problems: parsed.problems, readonly: true };
    }
    const handle = await fs.open(file, 'r+');
    try {
      if (parsed.intactBytes < bytes.length) {
        await handle.truncate(parsed.intactBytes);
        await handle.sync();
      }
    } finally {
      await handle.close();
    }
    const lastSeq = parsed.events.at(-1)?.seq ?? 0;
    const journal = new Journal(dir, parsed.header, await fs.open(file, 'a'), lock, lastSeq, now);
    return { journal, events: parsed.events, header: parsed.header, problems: parsed.problems, readonly: false };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function readJournalBytes(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if (isCode(error, 'ENOENT')) throw new WarroomError(`no journal at ${file}`);
    throw error;
  }
}
