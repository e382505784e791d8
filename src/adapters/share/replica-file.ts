// A terminal's local replica of a shared incident: `replica.jsonl`, a header line then one record
// per line (core/share/types.ts ReplicaRecord). A local append resolves once its line is fsynced,
// exactly like the journal, so the screen acknowledges only what survives a crash; what the
// replicator learns from the shared store is recorded the same way. Replaying the file gives the
// replica back. The caller holds the incident lock (journal-lock.ts); this file does not.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { IncidentEvent, NewEvent } from '../../core/incident/events.ts';
import { validateEvent } from '../../core/incident/validate-event.ts';
import { addLocal, applyRecords, emptyReplica } from '../../core/share/replica.ts';
import type { Replica, ReplicaRecord } from '../../core/share/types.ts';
import { WarroomError } from '../../errors.ts';

export const REPLICA_FORMAT_VERSION = 1;

export interface ReplicaHeader {
  kind: 'warroom-replica';
  formatVersion: number;
  incidentId: string;
  terminal: string;
  createdAt: string;
}

export interface ReplicaFileOptions {
  incidentId: string;
  terminal: string;
  now?: () => Date;
  newId?: () => string;
}

/** One line saying what is wrong with a record, or null (the file is ours, but disks fail). */
export function checkRecord(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const r = value as Record<string, unknown>;
  const event = r.event as Record<string, unknown> | undefined;
  switch (r.r) {
    case 'pending':
      return typeof r.id === 'string' && Number.isSafeInteger(r.issuedSeq) && typeof r.refs === 'object' ? validateEvent({ ...event, seq: r.issuedSeq }) : 'bad pending record';
    case 'shared':
      return typeof r.id === 'string' && typeof r.origin === 'string' && event?.seq === r.seq ? validateEvent(event) : 'bad shared record';
    case 'rejected':
      return Number.isSafeInteger(r.seq) && typeof r.problem === 'string' ? null : 'bad rejected record';
    case 'dropped':
      return typeof r.id === 'string' && typeof r.reason === 'string' ? null : 'bad dropped record';
    default:
      return `unknown record kind ${JSON.stringify(r.r)}`;
  }
}

type Listener = () => void;

export class ReplicaFile {
  readonly path: string;
  readonly header: ReplicaHeader;
  readonly #handle: FileHandle;
  readonly #now: () => Date;
  readonly #newId: () => string;
  /** What is durable: what the screen and the replicator see. */
  #durable: Replica;
  /** Durable plus what is queued for the disk: new appends are built on this. */
  #working: Replica;
  #queue: Promise<void> = Promise.resolve();
  #failure: unknown = null;
  readonly #listeners = new Set<Listener>();

  private constructor(file: string, header: ReplicaHeader, handle: FileHandle, replica: Replica, options: ReplicaFileOptions) {
    this.path = file;
    this.header = header;
    this.#handle = handle;
    this.#durable = replica;
    this.#working = replica;
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? randomUUID;
  }

  /** Opens the replica (creating it when missing); a torn last line is cut off. */
  static async open(file: string, options: ReplicaFileOptions): Promise<ReplicaFile> {
    let text: string | null = null;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === null) {
      const header: ReplicaHeader = { kind: 'warroom-replica', formatVersion: REPLICA_FORMAT_VERSION, incidentId: options.incidentId, terminal: options.terminal, createdAt: (options.now?.() ?? new Date()).toISOString() };
      const handle = await fs.open(file, 'wx');
      await handle.write(`${JSON.stringify(header)}\n`);
      await handle.sync();
      return new ReplicaFile(file, header, handle, emptyReplica(options.incidentId, options.terminal), options);
    }
    const { header, records, intactBytes } = parseReplica(text, file);
    if (header.incidentId !== options.incidentId) throw new WarroomError(`${file}: replica of incident ${header.incidentId}, not ${options.incidentId}`);
    const handle = await fs.open(file, 'r+');
    if (intactBytes < Buffer.byteLength(text)) {
      await handle.truncate(intactBytes);
      await handle.sync();
    }
    await handle.close();
    const replica = applyRecords(emptyReplica(header.incidentId, header.terminal), records);
    return new ReplicaFile(file, header, await fs.open(file, 'a'), replica, options);
  }

  /** Reads a replica without writing (`show`, `list` while a war room has it open); a torn tail is ignored. */
  static async read(file: string): Promise<{ header: ReplicaHeader; replica: Replica }> {
    const { header, records } = parseReplica(await fs.readFile(file, 'utf8'), file);
    return { header, replica: applyRecords(emptyReplica(header.incidentId, header.terminal), records) };
  }

  get replica(): Replica {
    return this.#durable;
  }

  readonly subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** A local event: resolves with the event as shown (its seq in the view) once fsynced. */
  append(event: NewEvent): Promise<IncidentEvent> {
    return this.appendWithId(event).then((added) => added.event);
  }

  /** append(), also giving the event's id (Replicator.settled takes it). */
  appendWithId(event: NewEvent): Promise<{ id: string; event: IncidentEvent }> {
    const id = this.#newId();
    const added = addLocal(this.#working, event, { id, at: this.#now().toISOString() });
    const problem = validateEvent(JSON.parse(JSON.stringify(added.event)));
    if (problem !== null) return Promise.reject(new WarroomError(`refusing to record an invalid ${event.type} event: ${problem}`));
    this.#working = added.replica;
    return this.#write([added.record]).then(() => ({ id, event: added.event }));
  }

  /** What the shared store said (merged rows, answers, drops); resolves once fsynced. */
  record(records: readonly ReplicaRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    this.#working = applyRecords(this.#working, records);
    return this.#write(records);
  }

  #write(records: readonly ReplicaRecord[]): Promise<void> {
    const run = async () => {
      if (this.#failure !== null) throw this.#writeFailed(this.#failure);
      try {
        await this.#handle.write(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
        await this.#handle.sync();
      } catch (error) {
        // The file's tail is unknown now: refuse everything after, like the journal.
        this.#failure = error;
        throw this.#writeFailed(error);
      }
      // The seqs this process handed out (`issued`) exist only in the working replica (they are
      // not records): the durable one, which the app reads, must carry them, or a request moved by
      // another terminal's event could no longer be found by the seq its dialog holds.
      this.#durable = { ...applyRecords(this.#durable, records), issued: this.#working.issued };
      for (const listener of [...this.#listeners]) listener();
    };
    const result = this.#queue.then(run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #writeFailed(error: unknown): WarroomError {
    return new WarroomError(`could not write the replica ${this.path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }

  async close(): Promise<void> {
    await this.#queue;
    await this.#handle.close();
  }
}

function parseReplica(text: string, file: string): { header: ReplicaHeader; records: ReplicaRecord[]; intactBytes: number } {
  const lines = text.split('\n');
  const headerLine = lines.shift() ?? '';
  let header: ReplicaHeader;
  try {
    header = JSON.parse(headerLine) as ReplicaHeader;
  } catch {
    throw new WarroomError(`${file}:1: not a warroom replica (the header line is not JSON)`);
  }
  if (header.kind !== 'warroom-replica') throw new WarroomError(`${file}:1: not a warroom replica`);
  if (header.formatVersion > REPLICA_FORMAT_VERSION) throw new WarroomError(`${file}: replica format ${header.formatVersion} is newer than this warroom understands; upgrade warroom`);
  const records: ReplicaRecord[] = [];
  let intactBytes = Buffer.byteLength(headerLine) + 1;
  // The part after the last newline never got its newline: a torn append, never acknowledged.
  const complete = lines.slice(0, -1);
  for (const [index, line] of complete.entries()) {
    let value: unknown;
    let problem: string | null;
    try {
      value = JSON.parse(line);
      problem = checkRecord(value);
    } catch {
      problem = 'not JSON';
    }
    if (problem !== null) {
      if (index === complete.length - 1) break; // a torn last line whose newline landed
      throw new WarroomError(`${file}:${index + 2}: damaged replica record (${problem}); move the file away to rebuild it from the shared store`);
    }
    records.push(value as ReplicaRecord);
    intactBytes += Buffer.byteLength(line) + 1;
  }
  return { header, records, intactBytes };
}
