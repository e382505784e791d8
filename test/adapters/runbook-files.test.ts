// loadRunbook on real files: encodings, the sha256 of the bytes, one-line errors; and the
// folder search validate and the picker rely on.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRunbookFiles, loadRunbook } from '../../src/adapters/runbook-files.ts';
import { UsageError } from '../../src/errors.ts';

let dir: string;
const text = '# Café runbook\n\n## Steps\n- `kubectl get pods -n café`\n';

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-runbook-files-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('loadRunbook', () => {
  it('parses UTF-8, UTF-8 with BOM and UTF-16 LE/BE to the same model, hashing the bytes', async () => {
    const encodings: [string, Buffer][] = [
      ['utf8.md', Buffer.from(text, 'utf8')],
      ['bom.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
      ['utf16le.md', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['utf16be.md', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
    ];
    for (const [name, bytes] of encodings) {
      const file = path.join(dir, name);
      await fs.writeFile(file, bytes);
      const loaded = await loadRunbook(file);
      expect(loaded.runbook.file).toBe(file);
      expect(loaded.runbook.title).toBe('Café runbook');
      expect(loaded.runbook.sections[0]?.steps[0]?.commands[0]?.script).toBe('kubectl get pods -n café');
      expect(loaded.bytes).toBe(bytes.length);
      expect(loaded.hash).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('a missing file is a UsageError with one line naming it', async () => {
    const missing = path.join(dir, 'nope.md');
    const error = await loadRunbook(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(`runbook not found: ${missing}`);
    expect((error as UsageError).exitCode).toBe(2);
  });

  it('a folder is a UsageError too', async () => {
    await expect(loadRunbook(dir)).rejects.toThrow(UsageError);
  });
});

describe('findRunbookFiles', () => {
  it('expands folders recursively to sorted *.md files without FORMAT/README, keeps files as given', async () => {
    const root = path.join(dir, 'tree');
    await fs.mkdir(path.join(root, 'b/.hidden'), { recursive: true });
    await fs.mkdir(path.join(root, 'node_modules'), { recursive: true });
    for (const f of ['z.md', 'FORMAT.md', 'README.md', 'b/a.markdown', 'b/.hidden/x.md', 'node_modules/y.md', 'notes.txt']) await fs.writeFile(path.join(root, f), '# x\n');
    expect(await findRunbookFiles([root, path.join(root, 'README.md')])).toEqual([path.join(root, 'b/a.markdown'), path.join(root, 'z.md'), path.join(root, 'README.md')]);
  });

  it('a missing path or a folder without runbooks is a UsageError', async () => {
    await expect(findRunbookFiles([path.join(dir, 'missing')])).rejects.toThrow(`no such file or folder: ${path.join(dir, 'missing')}`);
    const empty = path.join(dir, 'empty');
    await fs.mkdir(empty);
    await expect(findRunbookFiles([empty])).rejects.toThrow(UsageError);
  });
});
