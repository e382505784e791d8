// Merging a page read from the shared log into the replica. Rows were checked one by one
// (rows.ts); here they are checked against the log itself: seq 1 opens the incident and nothing
// else does, an event id appears once, and a seq this terminal already holds must not change.
// A seq missing from a page (rows 7 and 9 came back after 6) was deleted from the store: it
// becomes a hole like a rejected row, so the log after it can still be followed.
import { rowName } from './rows.ts';
import type { Replica, ReplicaRecord, SharedEntry } from './types.ts';

export interface MergeResult {
  /** Records to write to the local replica (then applyRecords). */
  records: ReplicaRecord[];
  /** One line per row refused, for the status line and the log. */
  problems: string[];
  /**
   * The first seq where the store now holds another event than the one this terminal read: the
   * shared log forked (a failover lost rows and someone appended in their place). null: no fork.
   */
  forkedAt: number | null;
}

/**
 * Merges `entries`, the rows of a read `WHERE seq > afterSeq ORDER BY seq`. Rows at or before
 * the replica's last seq are compared, not applied; when `afterSeq` is not the replica's last
 * seq (a stale page), nothing is taken as missing.
 */
export function mergeRows(replica: Replica, afterSeq: number, entries: readonly SharedEntry[]): MergeResult {
  const records: ReplicaRecord[] = [];
  const problems: string[] = [];
  const newIds = new Map<string, number>();
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  let last = replica.shared.length;
  let forkedAt: number | null = null;
  let opened = replica.sharedState !== undefined;

  const reject = (seq: number, id: string | null, problem: string) => {
    records.push({ r: 'rejected', seq, id, problem });
    problems.push(problem);
    last = seq;
  };

  for (const entry of sorted) {
    const name = rowName(replica.incidentId, entry.seq);
    if (entry.seq <= last) {
      const held = replica.shared[entry.seq - 1];
      if (held && held.id !== null && entry.id !== null && held.id !== entry.id) {
        forkedAt ??= entry.seq;
        problems.push(`${name}: the shared log changed (event ${held.id} was read here before, now ${entry.id}); this terminal keeps what it read`);
      }
      continue;
    }
    if (entry.seq > last + 1) {
      if (afterSeq !== replica.shared.length) break;
      for (let missing = last + 1; missing < entry.seq; missing++) {
        reject(missing, null, `${rowName(replica.incidentId, missing)}: missing from the shared log`);
      }
    }
    if (entry.kind === 'rejected') {
      reject(entry.seq, entry.id, entry.problem);
      continue;
    }
    const known = replica.sharedSeqOf.get(entry.id) ?? newIds.get(entry.id);
    const { event } = entry;
    if (known !== undefined) reject(entry.seq, null, `${name}: event id ${entry.id} is already at seq ${known}`);
    else if (entry.seq === 1 && event.type !== 'incident.opened') reject(entry.seq, entry.id, `${name}: the first event is ${event.type}, not incident.opened`);
    else if (entry.seq > 1 && event.type === 'incident.opened') reject(entry.seq, entry.id, `${name}: a second incident.opened`);
    else if (entry.seq > 1 && !opened) reject(entry.seq, entry.id, `${name}: the incident's opening (seq 1) is unreadable`);
    else {
      records.push({ r: 'shared', seq: entry.seq, id: entry.id, origin: entry.origin, event });
      newIds.set(entry.id, entry.seq);
      last = entry.seq;
      opened = true;
    }
  }
  return { records, problems, forkedAt };
}
