// `warroom repair`: makes a damaged journal writable again without losing a byte. Bad lines
// (corrupt, of an unknown type, repeated seqs, a torn tail) are appended to
// journal.damaged.jsonl first; then the journal is rewritten without them, plus a
// journal.repaired event listing what moved and the seq gaps that left, atomically (temp file,
// fsync, rename, fsync the folder). seqs are never renumbered: events refer to each other by
// seq, and the reader accepts exactly the gaps a journal.repaired event lists.
import path from 'node:path';
import type { JournalRepairedEvent } from '../core/incident/events.ts';
import { validateEvent } from '../core/incident/validate-event.ts';
import { WarroomError } from '../errors.ts';
import { appendDamagedLines, DAMAGED_FILE, type DamagedLine } from './journal-damage.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { acquireLock } from './journal-lock.ts';
import { parseJournal } from './journal-reader.ts';
import { journalPath, readJournalBytes } from './journal.ts';

export interface RepairResult {
  /** The lines moved to journal.damaged.jsonl (empty when there was nothing to repair). */
  moved: { line: number; problem: string }[];
  /** The journal.repaired event appended; null when the journal needed nothing. */
  event: JournalRepairedEvent | null;
  damagedFile: string;
}

export async function repairJournal(dir: string, options: { now?: () => Date; actor?: string } = {}): Promise<RepairResult> {
  const now = options.now ?? (() => new Date());
  const file = journalPath(dir);
  const damagedFile = path.join(dir, DAMAGED_FILE);
  // The same lock as every writer: never repair under a war room that has the incident open.
  const lock = await acquireLock(dir, path.basename(dir), now());
  try {
    const bytes = await readJournalBytes(file);
    const parsed = parseJournal(bytes, file, true);
    const headerEnd = bytes.indexOf(0x0a) + 1;
    const torn = parsed.intactBytes < bytes.length ? parsed.problems.find((p) => p.kind === 'torn-tail') : undefined;
    const moved: DamagedLine[] = parsed.rejected.map((r) => ({
      line: r.line,
      problem: r.problem.message,
      bytes: bytes.subarray(r.start, r.end - 1),
    }));
    if (torn) {
      const tail = bytes.subarray(parsed.intactBytes);
      moved.push({ line: torn.line, problem: torn.message, bytes: tail.at(-1) === 0x0a ? tail.subarray(0, -1) : tail });
    }
    const accepted = new Set(
      parsed.events.flatMap((e) => (e.type === 'journal.repaired' ? e.seqGaps.map((g) => `${g.after}>${g.next}`) : [])),
    );
    const gaps = parsed.seqGaps.filter((g) => !accepted.has(`${g.after}>${g.next}`));
    if (moved.length === 0 && gaps.length === 0) return { moved: [], event: null, damagedFile };
    if (parsed.events.length === 0) throw new WarroomError(`${file}: no readable event to keep; nothing can be repaired`);

    // Never reuse a seq a moved line claimed: the damaged file may be read beside the journal.
    const lastKept = parsed.events.at(-1)?.seq ?? 0;
    const highest = Math.max(lastKept, ...parsed.rejected.map((r) => r.seq ?? 0));
    const seq = highest + 1;
    if (seq !== lastKept + 1) gaps.push({ after: lastKept, next: seq });
    const event = {
      type: 'journal.repaired',
      seq,
      at: now().toISOString(),
      actor: options.actor ?? 'system',
      how: 'repair',
      lines: moved.map((m) => ({ line: m.line, problem: m.problem })),
      damagedFile: DAMAGED_FILE,
      seqGaps: gaps,
    } satisfies JournalRepairedEvent;
    const problem = validateEvent(JSON.parse(JSON.stringify(event)));
    if (problem !== null) throw new WarroomError(`cannot record the repair: ${problem}`);

    // 1. The bad lines are safe elsewhere before anything removes them.
    await appendDamagedLines(dir, 'repair', now(), moved);
    // 2. The journal without them, in one step: the old file or the new, never a mix.
    const keep: Buffer[] = [bytes.subarray(0, headerEnd)];
    let from = headerEnd;
    for (const r of parsed.rejected) {
      keep.push(bytes.subarray(from, r.start));
      from = r.end;
    }
    keep.push(bytes.subarray(from, parsed.intactBytes), Buffer.from(`${JSON.stringify(event)}\n`));
    await writeFileAtomic(file, Buffer.concat(keep));
    return { moved: event.lines, event, damagedFile };
  } finally {
    await lock.release();
  }
}
