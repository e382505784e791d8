// Replacing a file so that a reader or a crash sees the old content or the new, never a mix:
// a temp file beside it, fsync, rename over it, fsync the folder.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { WarroomError } from '../errors.ts';
import { syncDir } from './journal-lock.ts';

/** Replaces `file` with `content` in one step: the old or the new content, never a mix. */
export async function writeFileAtomic(file: string, content: string | Buffer): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
    await syncDir(dir);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such folder' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : String(code ?? error);
    throw new WarroomError(`cannot write ${file}: ${reason}`, { cause: error });
  }
}
