// Where damaged journal lines go: `<incident>/journal.damaged.jsonl`, appended, one JSON line per
// moved line with its original line number and what was wrong. Never deleted by warroom: it is
// part of the record (the journal says, in a journal.repaired event, that lines were moved here).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { syncDir } from './journal-lock.ts';

export const DAMAGED_FILE = 'journal.damaged.jsonl';

export interface DamagedLine {
  /** 1-based line number in journal.jsonl before it was moved. */
  line: number;
  problem: string;
  /** The line's bytes as they were (without its newline). */
  bytes: Buffer;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function record(how: 'torn-tail' | 'repair', movedAt: string, damaged: DamagedLine): string {
  let text: string | null;
  try {
    text = strictUtf8.decode(damaged.bytes);
  } catch {
    text = null;
  }
  // Bytes that are not UTF-8 (a bad disk's NULs are, but random garbage is not) go as base64,
  // so the file keeps them exactly.
  const content = text !== null ? { text } : { base64: damaged.bytes.toString('base64') };
  return `${JSON.stringify({ movedAt, how, line: damaged.line, problem: damaged.problem, ...content })}\n`;
}

/** Appends the lines (fsynced, mode 0600) before anything removes them from the journal. */
export async function appendDamagedLines(dir: string, how: 'torn-tail' | 'repair', movedAt: Date, lines: readonly DamagedLine[]): Promise<void> {
  if (lines.length === 0) return;
  const file = path.join(dir, DAMAGED_FILE);
  const existed = await fs.stat(file).then(
    () => true,
    () => false,
  );
  const handle = await fs.open(file, 'a', 0o600);
  try {
    await handle.writeFile(lines.map((line) => record(how, movedAt.toISOString(), line)).join(''));
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (!existed) await syncDir(dir);
}
