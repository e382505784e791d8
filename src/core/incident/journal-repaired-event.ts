// The one event about the journal itself rather than the incident (its own file: events.ts is full).
import type { EventBase } from './event-base.ts';

/**
 * Lines taken out of the journal and kept in `journal.damaged.jsonl`: a torn last line cut when
 * a writer opened the journal, or what `warroom repair` moved. The reader accepts exactly the
 * seq gaps listed here, so a repaired journal reads clean without renumbering anything.
 */
export interface JournalRepairedEvent extends EventBase {
  type: 'journal.repaired';
  how: 'torn-tail' | 'repair';
  /** Each line moved out: its line number in journal.jsonl before the change, and what was wrong. */
  lines: { line: number; problem: string }[];
  /** Relative to the incident folder. */
  damagedFile: string;
  /** seq `after` is followed by seq `next` (> after + 1) because of the lines moved out. */
  seqGaps: { after: number; next: number }[];
}
