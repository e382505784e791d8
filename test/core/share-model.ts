// An in-memory stand-in for the shared store with the same append rules as the PostgreSQL one
// (append only right after the last seq, an event id once, a happens-once key once), and a
// terminal driven through the pure protocol the way the replicator drives it. Used by the
// protocol's unit and property tests; the real store is tested in test/adapters/share-*.
import { addLocal, applyRecords, emptyReplica, viewState } from '../../src/core/share/replica.ts';
import { mergeRows } from '../../src/core/share/merge.ts';
import { answerRecords, dropRecords, nextPush, repairStep } from '../../src/core/share/push.ts';
import { checkRow } from '../../src/core/share/rows.ts';
import type { AppendAnswer, PushStep, Replica, ReplicaRecord, SharedEntry } from '../../src/core/share/types.ts';
import type { IncidentEvent, NewEvent } from '../../src/core/incident/events.ts';
import type { IncidentState } from '../../src/core/incident/state.ts';

interface StoredRow {
  seq: number;
  id: string;
  origin: string;
  body: string;
  onceKey: string | null;
  type: string;
  actor: string;
}

export class ModelStore {
  rows: StoredRow[] = [];
  readonly incidentId: string;
  constructor(incidentId: string) {
    this.incidentId = incidentId;
  }

  get lastSeq(): number {
    return this.rows.length;
  }

  append(step: Extract<PushStep, { kind: 'publish' | 'append' }>): AppendAnswer {
    const expected = step.kind === 'publish' ? 0 : step.expectedSeq;
    if (step.kind === 'append' && step.expectedId !== null && step.expectedSeq >= 1 && step.expectedSeq <= this.lastSeq) {
      if (this.rows[step.expectedSeq - 1]?.id !== step.expectedId) return { kind: 'forked', seq: step.expectedSeq };
    }
    const existing = this.rows.find((r) => r.id === step.pending.id);
    if (existing) return { kind: 'duplicate', seq: existing.seq };
    // A taken key is final whatever the seq: answered before the conflict, saving a read.
    const onceKey = step.kind === 'publish' ? 'incident.opened' : step.onceKey;
    const taken = onceKey === null ? undefined : this.rows.find((r) => r.onceKey === onceKey);
    if (taken && onceKey !== null) return { kind: 'once-taken', key: onceKey, seq: taken.seq };
    if (this.lastSeq !== expected) return { kind: 'conflict', lastSeq: this.lastSeq };
    const body = JSON.stringify(step.event);
    this.rows.push({ seq: expected + 1, id: step.pending.id, origin: step.pending.origin, body, onceKey, type: step.event.type, actor: step.event.actor });
    return { kind: 'appended', seq: expected + 1, event: JSON.parse(body) as IncidentEvent };
  }

  read(afterSeq: number, limit: number): SharedEntry[] {
    return this.rows
      .filter((r) => r.seq > afterSeq)
      .slice(0, limit)
      .map((r) =>
        checkRow(this.incidentId, {
          seq: r.seq,
          eventId: r.id,
          origin: r.origin,
          actor: r.actor,
          type: r.type,
          bodyBytes: r.body.length,
          body: r.body,
        }),
      );
  }

  events(): IncidentEvent[] {
    return this.rows.map((r) => JSON.parse(r.body) as IncidentEvent);
  }
}

/** Deterministic uuids for a seeded run. */
export function uuidFactory(prefix: number): () => string {
  let n = 0;
  return () => {
    n += 1;
    const hex = (prefix * 1_000_000 + n).toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${hex}`;
  };
}

export type SyncOutcome = 'read' | 'pushed' | 'dropped' | 'conflict' | 'lost-answer' | 'idle';

export class ModelTerminal {
  replica: Replica;
  /** Every record written, in order: replaying them must give the same replica. */
  readonly records: ReplicaRecord[] = [];
  readonly problems: string[] = [];
  online = true;
  readonly name: string;
  private readonly newId: () => string;

  constructor(incidentId: string, name: string, index: number) {
    this.name = name;
    this.replica = emptyReplica(incidentId, name);
    this.newId = uuidFactory(index + 1);
  }

  get state(): IncidentState | undefined {
    return viewState(this.replica);
  }

  /** A local append (acknowledged at once: the local fsync is what acknowledges). */
  append(event: NewEvent, at: string): { id: string; event: IncidentEvent } {
    const id = this.newId();
    const added = addLocal(this.replica, event, { id, at });
    this.replica = added.replica;
    this.records.push(added.record);
    return { id, event: added.event };
  }

  private record(records: ReplicaRecord[]): void {
    this.records.push(...records);
    this.replica = applyRecords(this.replica, records);
  }

  /** One step of the replicator's loop. `loseAnswer`: the store commits but the reply is lost. */
  sync(store: ModelStore, options: { pageSize?: number; loseAnswer?: boolean } = {}): SyncOutcome {
    if (!this.online) return 'idle';
    const after = this.replica.shared.length;
    const rows = store.read(after, options.pageSize ?? 3);
    if (rows.length > 0) {
      const merged = mergeRows(this.replica, after, rows);
      this.problems.push(...merged.problems);
      this.record(merged.records);
      return 'read';
    }
    if (store.lastSeq < after) {
      const repair = repairStep(this.replica, store.lastSeq);
      if (repair) store.append(repair);
      return 'pushed';
    }
    const step = nextPush(this.replica);
    if (step === null || step.kind === 'catch-up') return 'idle';
    if (step.kind === 'drop') {
      this.record(dropRecords(step));
      return 'dropped';
    }
    const answer = store.append(step);
    if (options.loseAnswer) return 'lost-answer';
    const result = answerRecords(this.replica, step, answer);
    this.problems.push(...result.problems);
    this.record(result.records);
    if (answer.kind === 'conflict' || answer.kind === 'duplicate') return 'conflict';
    return answer.kind === 'appended' ? 'pushed' : 'dropped';
  }

  /** Syncs until nothing changes (bounded, so a livelock fails the test instead of hanging). */
  settle(store: ModelStore, limit = 10_000): void {
    for (let i = 0; i < limit; i++) {
      if (this.sync(store) === 'idle') return;
    }
    throw new Error(`${this.name} did not settle in ${limit} steps`);
  }
}
