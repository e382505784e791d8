// Reads a journal file into its header, events and problems. Pure over the bytes it is given
// (the file I/O and truncation live in journal.ts), so every damage case is easy to reason about:
//
// - the last line without its newline, or the last line not JSON: a torn write (kill -9 or a
//   power cut mid-append). Nothing in it was ever reported durable; it is cut off.
// - any earlier line that is not a valid event: real corruption. Reported with its line number;
//   the incident is then only opened read-only, so no history is silently dropped or overwritten.
import { JOURNAL_FORMAT_VERSION, type IncidentEvent, type JournalHeader } from '../core/incident/events.ts';
import { WarroomError } from '../errors.ts';
import { validateEvent } from '../core/incident/validate-event.ts';

export type JournalProblemKind = 'torn-tail' | 'corrupt-line' | 'seq-gap';

export interface JournalProblem {
  kind: JournalProblemKind;
  /** 1-based line in journal.jsonl (the header is line 1). */
  line: number;
  /** One line for the user, starting with `<file>:<line>:`. */
  message: string;
}

export interface ParsedJournal {
  header: JournalHeader;
  events: IncidentEvent[];
  problems: JournalProblem[];
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
 */
export function parseJournal(bytes: Buffer, file: string, repairing = false): ParsedJournal {
  const fate = repairing ? 'interrupted write; it is cut off' : 'interrupted or still being written; it is ignored';
  const firstNewline = bytes.indexOf(NEWLINE);
  if (firstNewline < 0) {
    throw new WarroomError(`${file}: not a warroom journal (no complete header line)`);
  }
  const header = parseHeader(bytes.subarray(0, firstNewline).toString('utf8'), file);

  const problems: JournalProblem[] = [];
  // The part after the last newline never got its newline written: a torn append.
  let intactBytes = bytes.lastIndexOf(NEWLINE) + 1;
  const lines = bytes.subarray(firstNewline + 1, intactBytes).toString('utf8').split('\n');
  lines.pop(); // the empty string after the final newline
  const tailLine = lines.length + 2; // line number of the unterminated rest, if any
  if (intactBytes < bytes.length) {
    problems.push({
      kind: 'torn-tail',
      line: tailLine,
      message: `${file}:${tailLine}: last line is incomplete (${bytes.length - intactBytes} bytes, ${fate})`,
    });
  }

  const events: IncidentEvent[] = [];
  let corrupt = false;
  let previousSeq = 0;
  let gapExpected = false; // after a corrupt line the next seq may legitimately skip one
  for (let index = 0; index < lines.length; index += 1) {
    const text = lines[index] as string;
    const line = index + 2;
    const isLast = index === lines.length - 1 && intactBytes === bytes.length;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (isLast) {
        // A newline landed but the line is not JSON: still the torn end of an interrupted append.
        intactBytes -= Buffer.byteLength(text) + 1;
        problems.push({ kind: 'torn-tail', line, message: `${file}:${line}: last line is not valid JSON (${fate})` });
        break;
      }
      corrupt = true;
      gapExpected = true;
      problems.push({ kind: 'corrupt-line', line, message: `${file}:${line}: corrupted line (not valid JSON): ${preview(text)}` });
      continue;
    }
    const error = validateEvent(value);
    if (error !== null) {
      corrupt = true;
      gapExpected = true;
      problems.push({ kind: 'corrupt-line', line, message: `${file}:${line}: invalid event: ${error}` });
      continue;
    }
    const event = value as IncidentEvent;
    const seqOk = gapExpected ? event.seq > previousSeq : event.seq === previousSeq + 1;
    if (!seqOk) {
      corrupt = true;
      problems.push({
        kind: 'seq-gap',
        line,
        message: `${file}:${line}: event seq ${event.seq} follows seq ${previousSeq}; lines are missing or out of order`,
      });
      if (event.seq <= previousSeq) continue; // a duplicate or reordered line: never apply twice
    }
    gapExpected = false;
    previousSeq = event.seq;
    events.push(event);
  }
  return { header, events, problems, intactBytes, corrupt };
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
