// The index's head on disk (`incidents/.index/head.json`, see core/incident/index-head.ts): what
// lets `list`, `latest`, `resume` and the picker skip both listing the incidents folder and
// parsing the whole index. Trusted only while the incidents folder is exactly as stat(2) saw it
// when the head was made, the index is the same generation, and no folder that had no journal
// then has one now; lines appended to the index since are folded in. It is a cache like the
// index: any failure to read or write it means the whole walk, never an error.
import { randomBytes } from 'node:crypto';
import { promises as fs, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { entryOfRow, generationOf, type IndexEntry } from '../core/incident/index-document.ts';
import { parseHead, serializeHead, withAppended, type FolderStamp, type IndexHead } from '../core/incident/index-head.ts';
import { indexDir, indexPath, stampOf } from './incident-index.ts';

const HEAD_FILE = 'head.json';
/**
 * A folder's mtime is only trusted once the clock is this far past it: a change within the same
 * tick of a coarse file system clock (1 s on some, 2 s on FAT) would leave it unchanged.
 */
export const SETTLE_MS = 2_000;
/** The index header line is far shorter: its generation is read from this many bytes. */
const HEADER_BYTES = 256;

export function headPath(incidentsDir: string): string {
  return path.join(indexDir(incidentsDir), HEAD_FILE);
}

/** The incidents folder now; `settled` when it last changed long enough ago to be trusted. */
export function folderStamp(incidentsDir: string, nowMs: number): { stamp: FolderStamp; settled: boolean } | null {
  const stat = statSync(incidentsDir, { throwIfNoEntry: false });
  if (stat === undefined) return null;
  const stamp = { mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino };
  return { stamp, settled: Math.max(stat.mtimeMs, stat.ctimeMs) <= nowMs - SETTLE_MS };
}

const sameFolders = (a: FolderStamp, b: FolderStamp) => a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

/** The head, current with the index; null when there is none or it cannot be trusted. */
export async function readHead(incidentsDir: string): Promise<IndexHead | null> {
  try {
    // Synchronous: a handful of small reads, each cheaper than a trip through the thread pool.
    const folders = statSync(incidentsDir, { throwIfNoEntry: false });
    if (folders === undefined) return null;
    const head = parseHead(readFileSync(headPath(incidentsDir), 'utf8'));
    if (head === null || !sameFolders(head.folders, { mtimeMs: folders.mtimeMs, ctimeMs: folders.ctimeMs, ino: folders.ino })) return null;
    if (head.pending.some((id) => stampOf(incidentsDir, id) !== null)) return null;
    const current = await withIndexTail(incidentsDir, head);
    if (current !== null && current !== head) await writeHead(incidentsDir, current);
    return current;
  } catch {
    return null;
  }
}

/** The head with the lines appended to the index since it was made; null when that cannot be done. */
async function withIndexTail(incidentsDir: string, head: IndexHead): Promise<IndexHead | null> {
  const handle = await fs.open(indexPath(incidentsDir), 'r');
  try {
    const size = (await handle.stat()).size;
    if (size < head.index.size) return null;
    const first = Buffer.alloc(Math.min(HEADER_BYTES, size));
    await handle.read(first, 0, first.length, 0);
    const line = first.toString('utf8', 0, Math.max(0, first.indexOf(0x0a)));
    if (generationOf(line) !== head.index.generation) return null;
    if (size === head.index.size) return head;
    const tail = Buffer.alloc(size - head.index.size);
    const { bytesRead } = await handle.read(tail, 0, tail.length, head.index.size);
    // Whole lines only: a line still being appended (or torn) is for the whole walk to judge.
    if (bytesRead !== tail.length || tail[tail.length - 1] !== 0x0a) return null;
    const appended: IndexEntry[] = [];
    for (const text of tail.toString('utf8').split('\n')) {
      if (text === '') continue;
      if (!text.startsWith(',')) return null;
      const entry = entryOfRow(JSON.parse(text.slice(1)));
      if (entry === null) return null;
      appended.push(entry);
    }
    return withAppended(head, appended, { generation: head.index.generation, size });
  } finally {
    await handle.close();
  }
}

/** Replaces the head atomically. Never throws: it is a cache. */
export async function writeHead(incidentsDir: string, head: IndexHead): Promise<void> {
  const temp = `${headPath(incidentsDir)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temp, serializeHead(head), { mode: 0o600, flag: 'wx' });
    await fs.rename(temp, headPath(incidentsDir));
  } catch {
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}
