// The single writer of one incident's journal: stamps seq and time, writes one JSON line per
// event and resolves only once it is fsynced (group commit for appends made together).
// A failed write (a full disk, an I/O error) acknowledged nothing: the file is cut back to the
// last durable line and the next append tries again, so recording resumes by itself once space
// is free; `health` and onHealthChange let the screen say when it stopped and when it works again.
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { IncidentEvent, JournalHeader, NewEvent } from '../core/incident/events.ts';
import { validateEvent } from '../core/incident/validate-event.ts';
import { WarroomError } from '../errors.ts';
import type { HeldLock } from './journal-lock.ts';

export const JOURNAL_FILE = 'journal.jsonl';

export function journalPath(dir: string): string {
  return path.join(dir, JOURNAL_FILE);
}

/** Whether the journal is recording. `failing` until a write succeeds again. */
export type JournalHealth =
  | { ok: true }
  | { ok: false; since: Date; error: string; code: string | null };

/**
 * Told about appends once they are durable, after their callers were answered (so it can never
 * delay an acknowledgement), and once more when the journal closes. The incident index uses it.
 */
export interface JournalObserver {
  appended(events: readonly IncidentEvent[], sizeBytes: number): void;
  /** Awaited by close(), with the lock still held; must not throw. */
  closing(sizeBytes: number): Promise<void>;
}

interface Pending {
  line: string;
  event: IncidentEvent;
  resolve: (event: IncidentEvent) => void;
  reject: (error: unknown) => void;
}

export class Journal {
  readonly dir: string;
  readonly header: JournalHeader;
  readonly #handle: FileHandle;
  readonly #lock: HeldLock;
  readonly #now: () => Date;
  readonly #observer: JournalObserver | null;
  #lastSeq: number;
  #durableSeq: number;
  /** File size up to the last durable line: what the file is cut back to after a failed write. */
  #goodBytes: number;
  /** Bytes past #goodBytes may be on disk from a failed write: cut them before writing again. */
  #dirty = false;
  #pending: Pending[] = [];
  #flushing: Promise<void> | null = null;
  #health: JournalHealth = { ok: true };
  readonly #listeners = new Set<(health: JournalHealth) => void>();
  #closed = false;

  constructor(
    dir: string,
    header: JournalHeader,
    handle: FileHandle,
    lock: HeldLock,
    lastSeq: number,
    sizeBytes: number,
    now: () => Date,
    observer: JournalObserver | null = null,
  ) {
    this.dir = dir;
    this.header = header;
    this.#handle = handle;
    this.#lock = lock;
    this.#lastSeq = lastSeq;
    this.#durableSeq = lastSeq;
    this.#goodBytes = sizeBytes;
    this.#now = now;
    this.#observer = observer;
  }

  get path(): string {
    return journalPath(this.dir);
  }

  /** seq of the last event handed to append() (durable or on its way). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  get health(): JournalHealth {
    return this.#health;
  }

  /** Called on every change of health: a failed write, then the first write that works again. */
  onHealthChange(listener: (health: JournalHealth) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Stamps `seq` (last + 1) and `at`, writes one line and resolves once it is fsynced.
   * seq is assigned here, synchronously, and lines are written in that order, so file order is
   * seq order. Appends made while a write is in flight share the next fsync (group commit).
   */
  append(event: NewEvent, at?: Date): Promise<IncidentEvent> {
    if (this.#closed) return Promise.reject(new WarroomError(`journal ${this.path} is closed`));
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
      if (this.#dirty) await this.#cutBack().catch(() => undefined);
      await this.#handle.close();
      await this.#observer?.closing(this.#goodBytes).catch(() => undefined);
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
        const buffer = Buffer.from(batch.map((p) => p.line).join(''));
        try {
          if (this.#dirty) await this.#cutBack();
          this.#dirty = true;
          await writeAll(this.#handle, buffer);
          await this.#handle.sync();
        } catch (error) {
          // Cut the half-written line off now, so the file never holds what nobody acknowledged
          // (if even that fails, the next write tries again first).
          await this.#cutBack().catch(() => undefined);
          this.#failed(batch, error);
          continue;
        }
        this.#dirty = false;
        this.#goodBytes += buffer.length;
        this.#durableSeq = (batch.at(-1) as Pending).event.seq;
        for (const p of batch) p.resolve(p.event);
        if (!this.#health.ok) this.#setHealth({ ok: true });
        this.#notify(batch);
      }
    } finally {
      this.#flushing = null;
    }
  }

  /**
   * Nothing of the failed batch was acknowledged, and the appends queued behind it would leave a
   * gap in seq: all of them are refused, and the next append reuses the first refused seq.
   */
  #failed(batch: Pending[], error: unknown): void {
    const refused = [...batch, ...this.#pending];
    this.#pending = [];
    this.#lastSeq = this.#durableSeq;
    const failure = writeFailed(this.path, error);
    for (const p of refused) p.reject(failure);
    const code = typeof (error as { code?: unknown }).code === 'string' ? ((error as { code: string }).code) : null;
    if (this.#health.ok) this.#setHealth({ ok: false, since: this.#now(), error: failure.message, code });
  }

  /** Removes whatever a failed write left after the last durable line. */
  async #cutBack(): Promise<void> {
    await this.#handle.truncate(this.#goodBytes);
    await this.#handle.sync();
    this.#dirty = false;
  }

  #notify(batch: Pending[]): void {
    try {
      this.#observer?.appended(batch.map((p) => p.event), this.#goodBytes);
    } catch {
      // The observer keeps a cache; the journal goes on regardless.
    }
  }

  #setHealth(health: JournalHealth): void {
    this.#health = health;
    for (const listener of this.#listeners) {
      try {
        listener(health);
      } catch {
        // A broken listener must not stop the journal.
      }
    }
  }
}

function writeFailed(file: string, cause: unknown): WarroomError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  // The reason and what happens next come first: a status line that is cut keeps them.
  return new WarroomError(`could not write the journal (${detail}): nothing of it was recorded, the next action tries again; journal ${file}`, { cause });
}

export async function writeAll(handle: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    offset += bytesWritten;
  }
}
