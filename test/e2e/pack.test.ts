// The published package: `npm pack` gives a tarball that installs into an empty prefix and
// whose `warroom` works from there. The CLI is one esbuild bundle, so the package has no
// runtime dependencies and installs without the registry.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
let tmp: string;
let installedBin: string;

describe('npm pack', () => {
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'warroom-pack-'));
    const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: root });
    const tarball = path.join(tmp, stdout.trim().split('\n').pop()!);
    const prefix = path.join(tmp, 'prefix');
    await run('npm', ['install', '-g', '--offline', '--prefix', prefix, tarball], { cwd: tmp });
    installedBin = path.join(prefix, 'bin', 'warroom');
  }, 120_000);

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('ships the bundle, the bin shim and the runbooks, and no sources or tests', async () => {
    const pkgDir = path.join(tmp, 'prefix', 'lib', 'node_modules', 'warroom');
    const top = (await readdir(pkgDir)).sort();
    expect(top).toEqual(['README.md', 'bin', 'dist', 'package.json', 'runbooks']);
    expect(await readdir(path.join(pkgDir, 'dist'))).toContain('cli.cjs');
  });

  it('prints its version from the installed prefix', async () => {
    const { stdout } = await run(installedBin, ['--version']);
    const { version } = (await import(path.join(root, 'package.json'), { with: { type: 'json' } })).default as { version: string };
    expect(stdout.trim()).toBe(version);
  });

  it('validates the bundled demo runbook from the installed prefix', async () => {
    const runbook = path.join(tmp, 'prefix', 'lib', 'node_modules', 'warroom', 'runbooks', 'api-high-latency.md');
    const { stdout } = await run(installedBin, ['validate', runbook]);
    expect(stdout).toMatch(/0 errors/);
  });
});
