// Reads a journal file into its header, events and problems. Pure over the bytes it is given
// (the file I/O and truncation live in journal.ts), so every damage case is easy to reason about:
//
// - the last line without its newline, or the last line not JSON: a torn write (kill -9 or a
//   power cut mid-append). Nothing in it was ever reported durable; it is cut off.
// - any earlier line that is not a valid event (or of a type this version does not know): real
//   damage. Reported with its line number; the incident then opens read-only, so no history is
//   silently dropped or overwritten, until `warroom repair` moves the line out.
import { JOURNAL_FORMAT_VERSION, type IncidentEvent, type JournalHeader } from '../core/incident/events.ts';
import { WarroomError } from '../errors.ts';
import { isKnownEventType, validateEvent } from '../core/incident/validate-event.ts';

export type JournalProblemKind = 'torn-tail' | 'corrupt-line' | 'unknown-type' | 'seq-gap';

export interface JournalProblem {
  kind: JournalProblemKind;
  /** 1-based line in journal.jsonl (the header is line 1). */
  line: number;
  /** One line for the user, starting with `<file>:<line>:`. */
  message: string;
}

/** A line the reader did not take: where its bytes are, for `warroom repair` to move them. */
export interface RejectedLine {
  line: number;
  /** Byte offsets in the file: [start, end), the newline included. */
  start: number;
  end: number;
  /** The highest seq the line claims, when it parsed far enough to say (never reused after it). */
  seq: number | null;
  problem: JournalProblem;
}

export interface ParsedJournal {
  header: JournalHeader;
  events: IncidentEvent[];
  /** In line order. */
  problems: JournalProblem[];
  /** Lines before the torn tail that were not taken (corrupt, unknown type, repeated seq). */
  rejected: RejectedLine[];
  /** Gaps in the events' seqs (after → next), whether explained by a repair, a rejected line, or not. */
  seqGaps: { after: number; next: number }[];
  /** Byte length of the intact part: everything before a torn last line. */
  intactBytes: number;
  /** True when some damage is not just a torn tail: the journal must not be written to. */
  corrupt: boolean;
}

const NEWLINE = 0x0a;

/**
 * Parses a whole journal. Throws WarroomError when there is no usable header. `repairing` only
 * changes the wording: a writer cuts a torn tail off, a reader ignores it (it may be an append
 * still in flight).
 *
 * seq must go up by one from line to line. A gap is accepted where a journal.repaired event
 * (anywhere in the file) lists it: repair moves bad lines out without renumbering the rest,
 * because other events refer to seqs (requestSeq). Right after a rejected line one gap is
 * explained by that line, so it is not a second problem.
 */
export function parseJournal(bytes: Buffer, file: string, repairing = false): ParsedJournal {
  const fate = repairing ? 'interrupted write; it is cut off' : 'interrupted or still being written; it is ignored';
  const firstNewline = bytes.indexOf(NEWLINE);
  if (firstNewline < 0) {
    throw new WarroomError(`${file}: not a warroom journal (no complete header line)`);
  }
  const header = parseHeader(bytes.subarray(0, firstNewline).toString('utf8'), file);

  const problems: JournalProblem[] = [];
  const rejected: RejectedLine[] = [];
  // The part after the last newline never got its newline written: a torn append.
  let intactBytes = bytes.lastIndexOf(NEWLINE) + 1;
  const lineStarts: number[] = [];
  for (let at = firstNewline + 1; at < intactBytes; at = bytes.indexOf(NEWLINE, at) + 1) lineStarts.push(at);
  // One decode for every line: a newline byte is never part of a UTF-8 sequence, and a broken
  // sequence before one decodes to U+FFFD without taking the newline with it, so piece i of the
  // split is line i's bytes decoded. A decode per line cost about a third of a replay.
  const texts = bytes.toString('utf8', firstNewline + 1, intactBytes).split('\n');
  const tailLine = lineStarts.length + 2; // line number of the unterminated rest, if any
  if (intactBytes < bytes.length) {
    problems.push({
      kind: 'torn-tail',
      line: tailLine,
      message: `${file}:${tailLine}: last line is incomplete (${bytes.length - intactBytes} bytes, ${fate})`,
    });
  }

  const events: IncidentEvent[] = [];
  const gaps: { after: number; next: number; line: number; explained: boolean }[] = [];
  const accepted = new Set<string>();
  let previousSeq = 0;
  let gapExplained = false; // after a rejected line the next seq may legitimately skip
  const reject = (index: number, problem: JournalProblem, seq: number | null) => {
    rejected.push({ line: problem.line, start: lineStarts[index] as number, end: (lineStarts[index + 1] ?? intactBytes), seq, problem });
    problems.push(problem);
    gapExplained = true;
  };
  for (let index = 0; index < lineStarts.length; index += 1) {
    const start = lineStarts[index] as number;
    const text = texts[index] as string;
    const line = index + 2;
    const isLast = index === lineStarts.length - 1 && intactBytes === bytes.length;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (isLast) {
        // A newline landed but the line is not JSON: still the torn end of an interrupted append.
        intactBytes = start;
        problems.push({ kind: 'torn-tail', line, message: `${file}:${line}: last line is not valid JSON (${fate})` });
        break;
      }
      reject(index, { kind: 'corrupt-line', line, message: `${file}:${line}: corrupted line (not valid JSON): ${preview(text)}` }, null);
      continue;
    }
    const claimed = claimedSeq(value);
    const error = validateEvent(value);
    if (error !== null) {
      const unknownType = isObject(value) && typeof value.type === 'string' && !isKnownEventType(value.type);
      const problem: JournalProblem = unknownType
        ? { kind: 'unknown-type', line, message: `${file}:${line}: ${error} (written by a newer warroom, or edited by hand)` }
        : { kind: 'corrupt-line', line, message: `${file}:${line}: invalid event: ${error}` };
      reject(index, problem, claimed);
      continue;
    }
    const event = value as IncidentEvent;
    if (event.seq <= previousSeq) {
      // A duplicate or reordered line: never apply twice.
      const message = `${file}:${line}: event seq ${event.seq} follows seq ${previousSeq}; a line is repeated or out of order`;
      reject(index, { kind: 'seq-gap', line, message }, event.seq);
      continue;
    }
    if (event.seq !== previousSeq + 1) gaps.push({ after: previousSeq, next: event.seq, line, explained: gapExplained });
    if (event.type === 'journal.repaired') for (const gap of event.seqGaps) accepted.add(`${gap.after}>${gap.next}`);
    gapExplained = false;
    previousSeq = event.seq;
    events.push(event);
  }
  for (const gap of gaps) {
    if (gap.explained || accepted.has(`${gap.after}>${gap.next}`)) continue;
    problems.push({
      kind: 'seq-gap',
      line: gap.line,
      message: `${file}:${gap.line}: event seq ${gap.next} follows seq ${gap.after}; lines are missing or out of order`,
    });
  }
  problems.sort((a, b) => a.line - b.line);
  const corrupt = problems.some((p) => p.kind !== 'torn-tail');
  return { header, events, problems, rejected, seqGaps: gaps.map(({ after, next }) => ({ after, next })), intactBytes, corrupt };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function claimedSeq(value: unknown): number | null {
  return isObject(value) && Number.isSafeInteger(value.seq) && (value.seq as number) > 0 ? (value.seq as number) : null;
}

function parseHeader(text: string, file: string): JournalHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WarroomError(`${file}:1: not a warroom journal (the header line is not JSON)`);
  }
  if (typeof value !== 'object' || value === null || (value as { kind?: unknown }).kind !== 'warroom-journal') {
    throw new WarroomError(`${file}:1: not a warroom journal (missing "warroom-journal" header)`);
  }
  const header = value as Partial<JournalHeader>;
  const version = header.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new WarroomError(`${file}:1: journal header has no valid formatVersion (${JSON.stringify(version)})`);
  }
  if (version > JOURNAL_FORMAT_VERSION) {
    throw new WarroomError(
      `${file}: journal format ${version} is newer than this warroom understands (${JOURNAL_FORMAT_VERSION}); upgrade warroom`,
    );
  }
  if (typeof header.incidentId !== 'string' || typeof header.createdAt !== 'string') {
    throw new WarroomError(`${file}:1: journal header is missing incidentId or createdAt`);
  }
  return { kind: 'warroom-journal', formatVersion: version, incidentId: header.incidentId, createdAt: header.createdAt };
}

function preview(text: string): string {
  // Control bytes (often NULs from a bad disk) would garble the terminal.
  const flat = Array.from(text, (ch) => (ch < ' ' || ch === '\u007f' ? '?' : ch)).join('');
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}
