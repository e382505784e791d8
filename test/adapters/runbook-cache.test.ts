// Parsed runbooks kept between runs (src/adapters/runbook-cache.ts): a second `run` of the same
// runbook gets the same model without parsing, and any change (the bytes, the path, the build)
// is a miss, never a stale checklist. Over real files in a temp folder and the public corpus.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunbookCache } from '../../src/adapters/runbook-cache.ts';
import { loadRunbook } from '../../src/adapters/runbook-files.ts';
import { parseRunbook } from '../../src/core/runbook/parse.ts';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'warroom-runbook-cache-'));
});
afterEach(async () => {
  // A test's last load may still be writing its entry in the background (put is not awaited).
  await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
});

/** Until the background write of a miss has landed (put is not awaited by loadRunbook). */
async function entries(cacheDir: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const names = await readdir(cacheDir).catch(() => [] as string[]);
    const done = names.filter((n) => n.endsWith('.json'));
    if (done.length >= count && !names.some((n) => n.endsWith('.tmp'))) return done;
    if (Date.now() > deadline) throw new Error(`expected ${count} cache entries in ${cacheDir}, found ${names.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const demo = readFileSync(path.join(root, 'runbooks/api-high-latency.md'));

describe('RunbookCache', () => {
  it('gives the second load the model the first one parsed, and parses again when the bytes change', async () => {
    const file = path.join(dir, 'api.md');
    await writeFile(file, demo);
    const cacheDir = path.join(dir, 'cache');
    const cache = new RunbookCache(cacheDir, 'build-a');
    const first = await loadRunbook(file, cache);
    const [name] = await entries(cacheDir, 1);
    expect(statSync(path.join(cacheDir, name!)).mode & 0o777).toBe(0o600);
    expect(cache.get(file, first.hash)).toEqual(first.runbook);
    const second = await loadRunbook(file, cache);
    expect(second).toEqual(first);

    await writeFile(file, `${demo.toString('utf8')}\n## Added later\n\n- [ ] A new step\n`);
    const edited = await loadRunbook(file, cache);
    expect(edited.hash).not.toBe(first.hash);
    expect(JSON.stringify(edited.runbook)).toContain('A new step');
    // The edited bytes are a new entry beside the first.
    expect(await entries(cacheDir, 2)).toHaveLength(2);
  });

  it('misses for another build, another path, a torn entry, and without a build id at all', async () => {
    const file = path.join(dir, 'api.md');
    await writeFile(file, demo);
    const cacheDir = path.join(dir, 'cache');
    const loaded = await loadRunbook(file, new RunbookCache(cacheDir, 'build-a'));
    const [name] = await entries(cacheDir, 1);
    expect(new RunbookCache(cacheDir, 'build-b').get(file, loaded.hash)).toBeNull();
    expect(new RunbookCache(cacheDir, 'build-a').get(path.join(dir, 'other.md'), loaded.hash)).toBeNull();
    const fromSource = new RunbookCache(cacheDir, null);
    expect(fromSource.enabled).toBe(false);
    expect(fromSource.get(file, loaded.hash)).toBeNull();
    await writeFile(path.join(cacheDir, name!), '{"kind":"warroom-parsed-runbook","buildId":"build-a","fi');
    expect(new RunbookCache(cacheDir, 'build-a').get(file, loaded.hash)).toBeNull();
    // A torn entry is replaced by the next load's parse.
    expect((await loadRunbook(file, new RunbookCache(cacheDir, 'build-a'))).runbook).toEqual(loaded.runbook);
  });

  it('keeps at most 200 entries, dropping the oldest, and clears what a cut-short write left', async () => {
    const cacheDir = path.join(dir, 'cache');
    const cache = new RunbookCache(cacheDir, 'build-a');
    const runbook = parseRunbook('# R\n\n- [ ] step\n', 'r.md');
    await mkdir(cacheDir, { recursive: true });
    // Left by writes cut short: an old one goes, a fresh one may still be being written.
    await writeFile(path.join(cacheDir, 'old.json.1.aa.tmp'), '{');
    await utimes(path.join(cacheDir, 'old.json.1.aa.tmp'), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    await writeFile(path.join(cacheDir, 'fresh.json.2.bb.tmp'), '{');
    for (let i = 0; i < 205; i++) await cache.put(`r${i}.md`, 'h', runbook);
    expect((await readdir(cacheDir)).filter((n) => n.endsWith('.json'))).toHaveLength(200);
    expect((await readdir(cacheDir)).filter((n) => n.endsWith('.tmp'))).toEqual(['fresh.json.2.bb.tmp']);
    expect(cache.get('r204.md', 'h')).toEqual(runbook);
  });

  it('returns every bundled and corpus runbook as parsed (the model survives JSON, as in the journal)', () => {
    const markdown = (folder: string): string[] =>
      readdirSync(folder).flatMap((name) => {
        const full = path.join(folder, name);
        return statSync(full).isDirectory() ? markdown(full) : /\.md$/i.test(name) ? [full] : [];
      });
    const files = [...markdown(path.join(root, 'runbooks')), ...markdown(path.resolve(root, '../shared/corpus'))];
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const parsed = parseRunbook(readFileSync(file, 'utf8'), file);
      expect(JSON.parse(JSON.stringify(parsed)), file).toEqual(parsed);
    }
  });
});
