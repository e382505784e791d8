// Runbook files on disk: read bytes (BOM-aware), hash them, parse them, and find *.md in
// folders. The hash lets the journal prove which version of a runbook an incident ran.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Runbook } from '../core/runbook/types.ts';
import type { RunbookCache } from './runbook-cache.ts';
import { errorMessage, UsageError, WarroomError } from '../errors.ts';

export interface LoadedRunbook {
  runbook: Runbook;
  /** sha256 hex of the file's bytes. */
  hash: string;
  bytes: number;
}

/** Reference documents that live beside runbooks but are not runbooks themselves. */
export const NOT_RUNBOOKS = new Set(['format.md', 'readme.md', 'changelog.md', 'sources.md', 'contributing.md']);

/** README.md is often a folder's index, but some collections write a service's runbook there. */
export const isReadme = (file: string): boolean => /^readme\.(md|markdown)$/i.test(path.basename(file));

/** Bytes → text: UTF-8 (BOM dropped), or UTF-16 when a UTF-16 BOM says so. Never throws. */
export function decodeRunbook(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  return new TextDecoder('utf-8').decode(bytes);
}

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`runbook not found: ${file}`, { cause: error });
    if (code === 'EISDIR') throw new UsageError(`${file} is a folder, not a runbook file`, { cause: error });
    throw new WarroomError(`cannot read runbook ${file}: ${errorMessage(error)}`, { cause: error });
  }
}

/**
 * Reads and parses a runbook. `file` is kept as given in the model (relative stays relative).
 * With a cache, a runbook parsed before (same bytes, same path, same build) is not parsed again,
 * and the parser's modules are not even initialised (`warroom run`'s start-up).
 */
export async function loadRunbook(file: string, cache?: RunbookCache): Promise<LoadedRunbook> {
  const bytes = await readBytes(file);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const cached = cache?.get(file, hash) ?? null;
  if (cached !== null) return { runbook: cached, hash, bytes: bytes.length };
  const { parseRunbook } = await import('../core/runbook/parse.ts');
  const runbook = parseRunbook(decodeRunbook(bytes), file);
  void cache?.put(file, hash, runbook);
  return { runbook, hash, bytes: bytes.length };
}

/**
 * Files named on the command line, with folders expanded to the `*.md` files under them
 * (recursively, sorted, skipping dot folders, node_modules and FORMAT/README-style documents;
 * with `readmes`, README.md files are included for the caller to keep when they hold steps).
 * A path that does not exist is a usage error.
 */
export async function findRunbookFiles(paths: string[], options: { readmes?: boolean } = {}): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    let stat;
    try {
      stat = await fs.stat(given);
    } catch {
      throw new UsageError(`no such file or folder: ${given}`);
    }
    if (!stat.isDirectory()) {
      files.push(given);
      continue;
    }
    const found = await markdownUnder(given, options.readmes === true);
    if (found.length === 0) throw new UsageError(`no runbooks (*.md) in ${given}`);
    files.push(...found);
  }
  return [...new Set(files)];
}

async function markdownUnder(folder: string, readmes: boolean): Promise<string[]> {
  const out: string[] = [];
  const pending = [folder];
  while (pending.length > 0) {
    const dir = pending.shift();
    if (dir === undefined) break;
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') pending.push(full);
      } else if (/\.(md|markdown)$/i.test(entry.name) && (!NOT_RUNBOOKS.has(entry.name.toLowerCase()) || (readmes && isReadme(entry.name)))) {
        out.push(full);
      }
    }
  }
  return out.sort();
}
