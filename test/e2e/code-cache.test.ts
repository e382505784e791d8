// bin/load-bundle.js: the bundle runs with a V8 code cache written after its first start, one
// per subcommand, in the user's own folder under TMPDIR. Real processes, each test with its own
// TMPDIR; whether V8 took the cache is read from the start-up trace (never timed here).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { repoRoot, startPty, warroomBin } from '../helpers/pty.ts';

const SLOW = 60_000;
let tmp: string;
let home: string;
let cacheDir: string;

beforeAll(() => ensureBuilt());
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-code-cache-test-'));
  home = path.join(tmp, 'home');
  cacheDir = path.join(tmp, `warroom-code-cache-${process.getuid!()}`);
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

function warroom(args: string[], extra: NodeJS.ProcessEnv = {}, bin = warroomBin) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, TMPDIR: tmp, WARROOM_HOME: home, WARROOM_TRACE_STARTUP: '1', NODE_DISABLE_COMPILE_CACHE: '', ...extra },
    encoding: 'utf8',
  });
  return { ...result, cache: /bundle compiled \(code cache (\w+)\)/.exec(result.stderr)?.[1] };
}

const cacheFiles = async () => (await fs.readdir(cacheDir).catch(() => [] as string[])).filter((f) => f.endsWith('.v8')).sort();

describe('the code cache', () => {
  it('is written by a command that ended well, then taken by the next start of that command', async () => {
    const first = warroom(['list']);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('No incidents yet');
    expect(first.cache).toBe('none');
    const files = await cacheFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/-list\.v8$/);
    // The user's own: a folder nobody else can enter, a file nobody else can read.
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(cacheDir, files[0]!)).mode & 0o777).toBe(0o600);
    const written = statSync(path.join(cacheDir, files[0]!));

    const second = warroom(['list']);
    expect(second.cache).toBe('accepted');
    expect(second.stdout).toBe(first.stdout);
    // Taken, not rewritten.
    expect(statSync(path.join(cacheDir, files[0]!)).ino).toBe(written.ino);

    // Another subcommand starts through other code: a cache of its own.
    expect(warroom(['--version']).cache).toBe('none');
    expect(await cacheFiles()).toHaveLength(2);
  }, SLOW);

  it('is not written by a command that failed', async () => {
    const result = warroom(['show', 'no-such-incident']);
    expect(result.status).not.toBe(0);
    expect(result.cache).toBe('none');
    expect(await cacheFiles()).toEqual([]);
  }, SLOW);

  it('a damaged or foreign cache is never run: the start compiles afresh and replaces it', async () => {
    expect(warroom(['list']).status).toBe(0);
    const [file] = await cacheFiles();
    const cache = path.join(cacheDir, file!);
    const bytes = await fs.readFile(cache);
    // One flipped bit in the body: its SHA-256 no longer matches.
    bytes[Math.floor(bytes.length / 2)]! ^= 0x10;
    await fs.writeFile(cache, bytes);
    const damaged = warroom(['list']);
    expect(damaged.cache).toBe('damaged');
    expect(damaged.status).toBe(0);
    expect(damaged.stdout).toContain('No incidents yet');
    expect(warroom(['list']).cache).toBe('accepted');

    // A well-formed file (right digest) that V8 made for another script: V8 rejects it.
    const other = new vm.Script('globalThis.answer = 42;').createCachedData();
    await fs.writeFile(cache, Buffer.concat([createHash('sha256').update(other).digest(), other]));
    const foreign = warroom(['list']);
    expect(foreign.cache).toBe('rejected');
    expect(foreign.status).toBe(0);
    expect(foreign.stdout).toContain('No incidents yet');
    expect(warroom(['list']).cache).toBe('accepted');
  }, SLOW);

  it('belongs to one build: a changed bundle starts without it and removes the old one', async () => {
    // A copy of the installed shape (bin/, dist/, package.json) whose bundle can be changed.
    const copy = path.join(tmp, 'copy');
    await fs.mkdir(path.join(copy, 'dist'), { recursive: true });
    await fs.cp(path.join(repoRoot, 'bin'), path.join(copy, 'bin'), { recursive: true });
    await fs.copyFile(path.join(repoRoot, 'dist/cli.cjs'), path.join(copy, 'dist/cli.cjs'));
    await fs.copyFile(path.join(repoRoot, 'package.json'), path.join(copy, 'package.json'));
    const copyBin = path.join(copy, 'bin/warroom.js');

    expect(warroom(['list']).status).toBe(0); // this checkout's cache
    expect(warroom(['list'], {}, copyBin).cache).toBe('none'); // the copy's: another path
    expect(warroom(['list'], {}, copyBin).cache).toBe('accepted');
    const before = await cacheFiles();
    expect(before).toHaveLength(2);

    await fs.appendFile(path.join(copy, 'dist/cli.cjs'), '\n// rebuilt\n');
    const rebuilt = warroom(['list'], {}, copyBin);
    expect(rebuilt.cache).toBe('none');
    expect(rebuilt.stdout).toContain('No incidents yet');
    const after = await cacheFiles();
    expect(after).toHaveLength(2);
    // This checkout's cache is still there; the copy's old build's is gone, its new one written.
    const [ours] = before.filter((f) => after.includes(f));
    expect(ours).toBeDefined();
    expect(warroom(['list']).cache).toBe('accepted');
  }, SLOW);

  it('refuses, in one line, a dist/cli.cjs that is not a bundle this warroom built', async () => {
    const copy = path.join(tmp, 'copy');
    await fs.mkdir(path.join(copy, 'dist'), { recursive: true });
    await fs.cp(path.join(repoRoot, 'bin'), path.join(copy, 'bin'), { recursive: true });
    await fs.copyFile(path.join(repoRoot, 'package.json'), path.join(copy, 'package.json'));
    await fs.writeFile(path.join(copy, 'dist/cli.cjs'), 'module.exports = { main() {} };\n');
    const result = warroom(['list'], {}, path.join(copy, 'bin/warroom.js'));
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(`warroom: ${path.join(copy, 'dist/cli.cjs')} is not a bundle this warroom built; run \`npm run build\` in the project`);
  }, SLOW);

  it('is not used from a folder others can write, nor when NODE_DISABLE_COMPILE_CACHE=1', async () => {
    const off = warroom(['list'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(off.cache).toBe('off');
    expect(off.stdout).toContain('No incidents yet');
    await expect(fs.stat(cacheDir)).rejects.toThrow();

    await fs.mkdir(cacheDir, { mode: 0o700 });
    await fs.chmod(cacheDir, 0o777);
    const open = warroom(['list']);
    expect(open.cache).toBe('off');
    expect(open.status).toBe(0);
    expect(await cacheFiles()).toEqual([]);
  }, SLOW);

  it("the dashboard writes its cache once its services have loaded, while it stays open", async () => {
    const env = { TMPDIR: tmp, WARROOM_HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', WARROOM_TRACE_STARTUP: '1', NODE_DISABLE_COMPILE_CACHE: '' };
    const run = () => startPty(['run', path.join(repoRoot, 'runbooks/api-high-latency.md'), '--dry-run'], { env });
    const first = run();
    await first.waitFor(/\? help\s*$/m, SLOW);
    await first.waitFor('outbox', SLOW); // the services' notice
    await expect.poll(async () => (await cacheFiles()).filter((f) => f.endsWith('-run.v8')), { timeout: 20_000 }).toHaveLength(1);
    expect(first.onAlternateScreen()).toBe(true);
    first.write('q');
    expect((await first.exited).exitCode).toBe(0);
    expect(first.output()).toContain('code cache none');

    const second = run();
    await second.waitFor(/\? help\s*$/m, SLOW);
    second.write('q');
    expect((await second.exited).exitCode).toBe(0);
    expect(second.output()).toContain('code cache accepted');
  }, SLOW);
});
