// Parsed runbooks, kept so that `warroom run` on a runbook it has seen does not parse the
// Markdown again: in a fresh process the first parse costs tens of milliseconds of a start-up
// the responder waits through, the cached model a fraction of one. An entry is the parser's
// output for exactly these bytes at exactly this path, made by exactly this build of warroom
// (the bundle's build id, a hash of its sources): a change to any of them is a miss, never a
// stale checklist. Run from source (tests of the parser itself) there is no build id and no
// cache. Anything wrong with an entry (unreadable, another build, torn) is a miss; writing one
// is best effort and never delays or fails the incident.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Runbook } from '../core/runbook/types.ts';

declare const __WARROOM_BUILD_ID__: string | undefined;
const BUILD_ID: string | null = typeof __WARROOM_BUILD_ID__ === 'string' ? __WARROOM_BUILD_ID__ : null;

/** Entries kept; past this the oldest go (each is a runbook's model, a few to tens of KB). */
const MAX_ENTRIES = 200;
/** A temporary file this old belongs to a write that never finished. */
const LEFTOVER_TEMP_MS = 10 * 60_000;

interface CacheEntry {
  kind: 'warroom-parsed-runbook';
  buildId: string;
  file: string;
  hash: string;
  runbook: Runbook;
}

export class RunbookCache {
  readonly #dir: string;
  readonly #buildId: string | null;

  /** `buildId` for tests; by default the bundle's (none when run from source: no caching). */
  constructor(dir: string, buildId: string | null = BUILD_ID) {
    this.#dir = dir;
    this.#buildId = buildId;
  }

  get enabled(): boolean {
    return this.#buildId !== null;
  }

  #entryPath(file: string, hash: string): string {
    const key = createHash('sha256').update(`${this.#buildId}\0${file}\0${hash}`).digest('hex');
    return path.join(this.#dir, `${key}.json`);
  }

  /** The model parsed earlier from these bytes (by their sha256) at this path, or null. */
  get(file: string, hash: string): Runbook | null {
    if (this.#buildId === null) return null;
    try {
      const entry = JSON.parse(readFileSync(this.#entryPath(file, hash), 'utf8')) as Partial<CacheEntry> | null;
      const fits = entry?.kind === 'warroom-parsed-runbook' && entry.buildId === this.#buildId && entry.file === file && entry.hash === hash;
      return fits && entry.runbook && typeof entry.runbook === 'object' ? entry.runbook : null;
    } catch {
      return null;
    }
  }

  /** Keeps the model for the next run; never throws (a cache that cannot be written is only slower). */
  async put(file: string, hash: string, runbook: Runbook): Promise<void> {
    if (this.#buildId === null) return;
    const target = this.#entryPath(file, hash);
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.mkdir(this.#dir, { recursive: true, mode: 0o700 });
      const entry: CacheEntry = { kind: 'warroom-parsed-runbook', buildId: this.#buildId, file, hash, runbook };
      await fs.writeFile(temp, JSON.stringify(entry), { mode: 0o600, flag: 'wx' });
      await fs.rename(temp, target);
      await this.#prune();
    } catch {
      await fs.rm(temp, { force: true }).catch(() => undefined);
    }
  }

  async #prune(): Promise<void> {
    const all = await fs.readdir(this.#dir);
    // A write cut short by the process ending leaves its temporary file: gone once it is old.
    for (const name of all.filter((n) => n.endsWith('.tmp'))) {
      const stat = await fs.stat(path.join(this.#dir, name)).catch(() => null);
      if (stat !== null && Date.now() - stat.mtimeMs > LEFTOVER_TEMP_MS) await fs.rm(path.join(this.#dir, name), { force: true });
    }
    const names = all.filter((name) => name.endsWith('.json'));
    if (names.length <= MAX_ENTRIES) return;
    const aged = await Promise.all(names.map(async (name) => ({ name, mtimeMs: (await fs.stat(path.join(this.#dir, name)).catch(() => null))?.mtimeMs ?? 0 })));
    aged.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const { name } of aged.slice(0, aged.length - MAX_ENTRIES)) await fs.rm(path.join(this.#dir, name), { force: true });
  }
}
