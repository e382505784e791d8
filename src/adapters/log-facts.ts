// What a command's log file holds as found, for a run nobody saw end: its size, its sha256 and
// its last lines. The journal then describes the same bytes the operator will open.
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';

export interface LogFacts {
  bytes: number;
  sha256: string;
  /** The last lines (at most `maxLines`), as text; the caller masks secrets before journaling. */
  lastLines: string[];
}

const TAIL_BYTES = 64 * 1024;

/** `relative` is under the incident folder (`commands/12.log`); null when there is no such file. */
export async function measureLog(incidentDir: string, relative: string, maxLines = 20): Promise<LogFacts | null> {
  const file = path.join(incidentDir, relative);
  let size: number;
  try {
    size = (await fs.stat(file)).size;
  } catch {
    return null;
  }
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  const handle = await fs.open(file, 'r');
  try {
    const length = Math.min(size, TAIL_BYTES);
    const tail = Buffer.alloc(length);
    await handle.read(tail, 0, length, size - length);
    const lines = tail.toString('utf8').split(/\r?\n/);
    if (lines.at(-1) === '') lines.pop();
    // A cut at the front of the window may split the first line: keep only whole lines then.
    if (length < size) lines.shift();
    return { bytes, sha256: hash.digest('hex'), lastLines: lines.slice(-maxLines) };
  } finally {
    await handle.close();
  }
}
