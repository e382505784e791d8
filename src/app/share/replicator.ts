// Drives the replication protocol (src/core/share) between a terminal's local replica and the
// shared store, in the background: catch up (read after the last shared seq, page by page), then
// push pending events one by one until none is left; again on every wake-up (LISTEN), on every
// kick (a local append) and on a timer (a wake-up can be missed). While the store is unreachable
// it backs off and reports `offline · N to sync`; the terminal keeps working on its replica.
//
// It never throws into its caller: store errors become the offline status, bad rows become
// problems (one line each, naming the row).
import { mergeRows } from '../../core/share/merge.ts';
import { answerRecords, behindProblem, dropRecords, nextPush, repairStep } from '../../core/share/push.ts';
import type { AppendAnswer, DropReason, PushStep, Replica, ReplicaRecord, SharedEntry } from '../../core/share/types.ts';

/** The local replica as the replicator needs it (ReplicaFile implements it). */
export interface LocalReplica {
  /** What is durable locally. */
  readonly replica: Replica;
  /** Records durably (fsync) what the shared store said; `replica` includes them after. */
  record(records: readonly ReplicaRecord[]): Promise<void>;
}

/** The shared store as the replicator needs it (SharedStore implements it). */
export interface SharedLog {
  append(incidentId: string, step: Extract<PushStep, { kind: 'publish' | 'append' }>): Promise<AppendAnswer>;
  readAfter(incidentId: string, afterSeq: number, limit?: number): Promise<{ entries: SharedEntry[]; more: boolean }>;
}

export type ReplicationStatus =
  | { kind: 'connecting' }
  | { kind: 'online' }
  | { kind: 'offline'; since: number; error: string }
  /** The store refused this incident for good (e.g. its id is taken); nothing more is pushed. */
  | { kind: 'failed'; error: string }
  | { kind: 'stopped' };

export type Settlement = { kind: 'shared'; seq: number } | { kind: 'dropped'; reason: DropReason; detail: string | null };

export interface ReplicatorOptions {
  incidentId: string;
  local: LocalReplica;
  log: SharedLog;
  /** Safety-net poll while online, ms. Default 5000. */
  pollMs?: number;
  /** Retry delay while offline: first and cap, ms. Default 250 doubling to 5000. */
  backoff?: { baseMs: number; maxMs: number };
  /** Rows per read. Default 500. */
  pageSize?: number;
  now?: () => number;
  onStatus?: (status: ReplicationStatus) => void;
  /** A row refused, an event not shared: one line for the status line and the log. */
  onProblem?: (line: string) => void;
}

/** `online`, `offline · 3 to sync`: what the header shows. */
export function statusLine(status: ReplicationStatus, toSync: number): string {
  const sync = toSync > 0 ? ` · ${toSync} to sync` : '';
  switch (status.kind) {
    case 'online':
      return `online${sync}`;
    case 'connecting':
      return `connecting${sync}`;
    case 'offline':
      return `offline${sync}`;
    case 'failed':
      return `not shared${sync}`;
    case 'stopped':
      return `stopped${sync}`;
  }
}

class Fatal extends Error {}

function forkMessage(seq: number): string {
  return `the shared log no longer matches this terminal's copy from seq ${seq} (a failover lost committed rows and others appended since); this terminal stops syncing: see docs/sharing.md, "Failover"`;
}

export class Replicator {
  readonly #o: ReplicatorOptions;
  #status: ReplicationStatus = { kind: 'connecting' };
  #running = false;
  #kicked = false;
  #wakeSleep: (() => void) | null = null;
  #loop: Promise<void> | null = null;
  #failures = 0;
  readonly #settled = new Map<string, Settlement>();
  readonly #waiting = new Map<string, ((s: Settlement) => void)[]>();
  #idleWaiters: (() => void)[] = [];

  constructor(options: ReplicatorOptions) {
    this.#o = options;
  }

  get status(): ReplicationStatus {
    return this.#status;
  }

  /** Pending local events not yet in the shared log. */
  get toSync(): number {
    return this.#o.local.replica.pending.length;
  }

  statusLine(): string {
    return statusLine(this.#status, this.toSync);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wakeSleep?.();
    await this.#loop;
    this.#setStatus({ kind: 'stopped' });
  }

  /** Something changed (a local append, a wake-up): sync now instead of at the next poll. */
  kick(): void {
    this.#kicked = true;
    this.#wakeSleep?.();
  }

  /** A LISTEN wake-up; others' incidents are ignored. */
  wake(wake: { kind: string; incidentId?: string }): void {
    if (wake.kind === 'reconnected' || (wake.kind === 'event' && wake.incidentId === this.#o.incidentId)) this.kick();
  }

  /**
   * Resolves when the event is in the shared log (with its seq) or will never be (dropped, and
   * why). Side effects that must happen once across terminals (paging after an escalation) wait
   * for this instead of the local acknowledgement.
   */
  settled(id: string): Promise<Settlement> {
    const known = this.#settled.get(id) ?? this.#fromReplica(id);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => this.#waiting.set(id, [...(this.#waiting.get(id) ?? []), resolve]));
  }

  /** Resolves after a pass that ended with nothing left to read or push (tests, `warroom` exit). */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.#idleWaiters.push(resolve);
      this.kick();
    });
  }

  #fromReplica(id: string): Settlement | undefined {
    const seq = this.#o.local.replica.sharedSeqOf.get(id);
    return seq === undefined ? undefined : { kind: 'shared', seq };
  }

  #setStatus(status: ReplicationStatus): void {
    const same = status.kind === this.#status.kind && (status.kind !== 'offline' || (this.#status.kind === 'offline' && status.error === this.#status.error));
    this.#status = status;
    if (!same) this.#o.onStatus?.(status);
  }

  async #run(): Promise<void> {
    const { baseMs, maxMs } = this.#o.backoff ?? { baseMs: 250, maxMs: 5000 };
    while (this.#running) {
      this.#kicked = false;
      let delay = this.#o.pollMs ?? 5000;
      try {
        await this.#pass();
        this.#failures = 0;
        if (this.#status.kind !== 'failed') this.#setStatus({ kind: 'online' });
        if (!this.#kicked) for (const resolve of this.#idleWaiters.splice(0)) resolve();
      } catch (error) {
        const line = error instanceof Error ? error.message : String(error);
        if (error instanceof Fatal) this.#setStatus({ kind: 'failed', error: line });
        else {
          this.#failures += 1;
          delay = Math.min(maxMs, baseMs * 2 ** (this.#failures - 1));
          const since = this.#status.kind === 'offline' ? this.#status.since : (this.#o.now ?? Date.now)();
          this.#setStatus({ kind: 'offline', since, error: line });
        }
      }
      if (this.#running && !this.#kicked) await this.#sleep(delay);
    }
  }

  async #record(records: readonly ReplicaRecord[], problems: readonly string[]): Promise<void> {
    for (const line of problems) this.#o.onProblem?.(line);
    if (records.length === 0) return;
    await this.#o.local.record(records);
    for (const record of records) {
      if (record.r === 'shared') this.#settle(record.id, { kind: 'shared', seq: record.seq });
      else if (record.r === 'dropped') this.#settle(record.id, { kind: 'dropped', reason: record.reason, detail: record.detail });
      else if (record.r === 'rejected' && record.id !== null) this.#settle(record.id, { kind: 'dropped', reason: 'refused', detail: record.problem });
    }
  }

  #settle(id: string, settlement: Settlement): void {
    if (settlement.kind === 'dropped') this.#settled.set(id, settlement);
    for (const resolve of this.#waiting.get(id) ?? []) resolve(settlement);
    this.#waiting.delete(id);
  }

  async #pass(): Promise<void> {
    const { incidentId, log, local } = this.#o;
    // Each turn settles the first pending event or reads something new; the bound only stops a
    // store that answers inconsistently from spinning this loop.
    for (let turn = 0; turn < 100_000; turn++) {
      if (!this.#running || this.#status.kind === 'failed') return;
      await this.#catchUp();
      const step = nextPush(local.replica);
      if (step === null || step.kind === 'catch-up') return;
      if (step.kind === 'drop') {
        await this.#record(dropRecords(step), []);
        continue;
      }
      const answer = await log.append(incidentId, step);
      const { records, problems } = answerRecords(local.replica, step, answer);
      await this.#record(records, problems);
      if (answer.kind === 'refused' && step.kind === 'publish') throw new Fatal(answer.reason);
      if (answer.kind === 'forked') throw new Fatal(forkMessage(answer.seq));
      if (answer.kind === 'conflict' && answer.lastSeq < local.replica.shared.length) await this.#repair(answer.lastSeq);
    }
  }

  async #catchUp(): Promise<void> {
    const { incidentId, log, local } = this.#o;
    for (;;) {
      const after = local.replica.shared.length;
      const page = await log.readAfter(incidentId, after, this.#o.pageSize ?? 500);
      if (page.entries.length === 0) return;
      const { records, problems, forkedAt } = mergeRows(local.replica, after, page.entries);
      await this.#record(records, problems);
      if (forkedAt !== null) throw new Fatal(forkMessage(forkedAt));
      if (!page.more) return;
    }
  }

  // The store lost rows this terminal holds (a failover to a replica that was behind): put them
  // back, verbatim, in order. Another terminal doing the same gets `duplicate` and moves on.
  async #repair(storeLast: number): Promise<void> {
    const { incidentId, log, local } = this.#o;
    this.#o.onProblem?.(behindProblem(local.replica, storeLast));
    let last = storeLast;
    while (last < local.replica.shared.length) {
      const step = repairStep(local.replica, last);
      if (step === null) return;
      const answer = await log.append(incidentId, step);
      // Each put-back names the row before it, so only a store that is a prefix of this copy is
      // repaired; `forked` means someone appended in the lost rows' place.
      if (answer.kind === 'forked') throw new Fatal(forkMessage(answer.seq));
      if (answer.kind === 'appended' || answer.kind === 'duplicate') last += 1;
      else if (answer.kind === 'conflict' && answer.lastSeq > last) last = answer.lastSeq;
      else return;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakeSleep = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wakeSleep = done;
    });
  }
}
