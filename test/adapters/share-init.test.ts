// `warroom share init` and the share.* configuration, through the CLI entry point in-process,
// against a real PostgreSQL: init applies the schema once and says so, a second run has nothing
// to do, and the password is masked in `config list` and absent from every line printed.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { configSecrets, loadConfig } from '../../src/adapters/config.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { ensureBuilt } from '../helpers/build.ts';
import { repoRoot } from '../helpers/pty.ts';
import { execFile } from 'node:child_process';

let server: PostgresServer;
let home: string;
beforeAll(async () => {
  server = await startPostgres();
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-share-init-'));
}, 120_000);
afterAll(async () => {
  await server?.destroy();
  await fs.rm(home, { recursive: true, force: true });
});

async function warroom(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const before = process.exitCode;
  await main(['node', 'warroom', ...args], { stdout, stderr, env: { WARROOM_HOME: home, ...env }, cwd: home, isTty: false });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { code, out, err };
}

describe('warroom share init', () => {
  it('initialises the store once, then finds it up to date', async () => {
    const url = await server.database('cli_init');
    const masked = url.replace(server.password, '•••');
    const first = await warroom(['share', 'init'], { WARROOM_SHARE_URL: url });
    expect(first).toEqual({ code: 0, out: `${masked}: schema version 0 → 1 (applied 001-initial)\n`, err: '' });
    const second = await warroom(['share', 'init'], { WARROOM_SHARE_URL: url });
    expect(second).toEqual({ code: 0, out: `${masked}: schema version 1, up to date\n`, err: '' });
  });

  it('works from the bundled CLI (pg inside the one-file build)', async () => {
    ensureBuilt();
    const url = await server.database('bundle_init');
    const run = () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        execFile(process.execPath, [path.join(repoRoot, 'bin/warroom.js'), 'share', 'init'], { env: { ...process.env, WARROOM_HOME: home, WARROOM_SHARE_URL: url }, timeout: 60_000 }, (error, out, err) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }),
        );
      });
    expect(await run()).toEqual({ code: 0, out: `${url.replace(server.password, '•••')}: schema version 0 → 1 (applied 001-initial)\n`, err: '' });
  }, 120_000);

  it('says what to set when share.url is missing, and refuses extra arguments', async () => {
    const missing = await warroom(['share', 'init']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^warroom: share\.url is not set: `warroom config set share\.url postgres:\/\//);
    expect((await warroom(['share', 'init', 'extra'])).code).toBe(2);
  });

  it('reports an unreachable store in one line without the password', async () => {
    const url = `postgres://postgres:${server.password}@127.0.0.1:1/warroom`;
    const result = await warroom(['share', 'init'], { WARROOM_SHARE_URL: url });
    expect(result.code).toBe(1);
    expect(result.err).toBe(`warroom: cannot reach the shared store postgres://postgres:•••@127.0.0.1:1/warroom while initialising (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1)\n`);
  });
});

describe('share.* configuration', () => {
  it('checks the URL when set, masks its password in list and get, and counts it as a secret', async () => {
    const bad = await warroom(['config', 'set', 'share.url', 'postgres://u:pw@db/x?sslmode=maybe']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('sslmode must be one of disable, require, verify-ca, verify-full');
    const secretUrl = 'postgres://alice:s3cret-Pa55@db.example:5432/warroom?sslmode=verify-full';
    expect((await warroom(['config', 'set', 'share.url', secretUrl])).out).toBe('share.url = postgres://alice:•••@db.example:5432/warroom?sslmode=verify-full\n');
    expect((await warroom(['config', 'set', 'share.caFile', '/etc/ssl/db-ca.pem'])).code).toBe(0);
    const list = await warroom(['config', 'list']);
    expect(list.out).toContain('share.url = postgres://alice:•••@db.example:5432/warroom?sslmode=verify-full\n');
    expect(list.out).toContain('share.caFile = /etc/ssl/db-ca.pem\n');
    expect(list.out).toContain('share.terminal = (not set)\n');
    expect(list.out).not.toContain('s3cret-Pa55');
    expect((await warroom(['config', 'get', 'share.url'])).out).not.toContain('s3cret-Pa55');
    expect((await warroom(['config', 'get', 'share.url', '--reveal'])).out).toBe(`${secretUrl}\n`);
    const config = loadConfig({ WARROOM_HOME: home });
    expect(config.share).toEqual({ url: secretUrl, caFile: '/etc/ssl/db-ca.pem', terminal: null });
    expect(configSecrets(config)).toEqual(expect.arrayContaining([secretUrl, 's3cret-Pa55']));
    expect(loadConfig({ WARROOM_HOME: home, WARROOM_SHARE_URL: 'postgres://bob@other/db' }).share?.url).toBe('postgres://bob@other/db');
  });
});
