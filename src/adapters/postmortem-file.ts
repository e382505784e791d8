// Writing the post-mortem draft. Atomic (temp file, fsync, rename, fsync the folder), so a reader
// or a crash never sees half a document. And it never overwrites a draft someone has edited:
// warroom remembers the hash of what it last wrote to the default path, and when the file no
// longer matches it, the new draft goes next to it instead (postmortem.new.md).
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.ts';

export const POSTMORTEM_FILE = 'postmortem.md';
/** Where a fresh draft goes when postmortem.md was edited by hand. */
export const POSTMORTEM_NEW_FILE = 'postmortem.new.md';
/** sha256 of the draft warroom last wrote to postmortem.md. */
const GENERATED_HASH_FILE = '.postmortem.sha256';

export interface PostmortemWrite {
  /** Absolute path of the file written. */
  path: string;
  /** Set when postmortem.md had been edited and was left alone: its path. */
  keptEdited: string | null;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Writes a draft. With `outputPath` (absolute, or relative to the process's cwd) it goes
 * exactly there (a folder gets postmortem.md inside); the operator asked for it. Without, it goes to
 * `<incidentDir>/postmortem.md` unless that file was edited since warroom wrote it.
 */
export async function writePostmortemFile(incidentDir: string, markdown: string, outputPath?: string): Promise<PostmortemWrite> {
  if (outputPath !== undefined) {
    let target = path.resolve(outputPath);
    const stat = await fs.stat(target).catch(() => null);
    if (stat?.isDirectory()) target = path.join(target, POSTMORTEM_FILE);
    await writeFileAtomic(target, markdown);
    return { path: target, keptEdited: null };
  }
  const target = path.resolve(incidentDir, POSTMORTEM_FILE);
  const hashFile = path.join(incidentDir, GENERATED_HASH_FILE);
  const existing = await readIfExists(target);
  const lastWritten = (await readIfExists(hashFile))?.trim() ?? null;
  const untouched = existing === null || existing === markdown || sha256(existing) === lastWritten;
  if (!untouched) {
    const fresh = path.resolve(incidentDir, POSTMORTEM_NEW_FILE);
    await writeFileAtomic(fresh, markdown);
    return { path: fresh, keptEdited: target };
  }
  // Hash first: a crash between the two writes leaves a hash that matches nothing yet, and the
  // old draft then reads as edited (kept) rather than silently overwritten.
  await writeFileAtomic(hashFile, `${sha256(markdown)}\n`);
  await writeFileAtomic(target, markdown);
  return { path: target, keptEdited: null };
}
