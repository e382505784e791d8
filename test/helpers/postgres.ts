// A real PostgreSQL server per test file: Debian's binaries, a fresh cluster in a temp folder, a
// free port on 127.0.0.1, password (scram) auth over TCP. The server refuses to run as root, so
// as root every server command runs as the `postgres` user (created by the Debian package) with
// the folder handed to it. Readiness is "a client could connect", not "pg_ctl returned", and all
// timeouts are generous: two cores are shared by several test runs.
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, promises as fs, readdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  readonly password: string;
  /** The temp folder (data, socket, log). */
  readonly dir: string;
  /** A URL for another database on this server, created on first use (one per test, no shared state). */
  database(name: string): Promise<string>;
  /** `pg_ctl stop -m fast`: clients see their connections closed, like a failover. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once a client can connect. */
  start(): Promise<void>;
  /** Stops it (if running) and removes the folder. */
  destroy(): Promise<void>;
  /** The server log so far (for failure messages). */
  log(): Promise<string>;
}

export interface PostgresOptions {
  /** Server TLS: certificate and key files (copied into the data folder). */
  ssl?: { certFile: string; keyFile: string };
}

const READY_TIMEOUT_MS = 90_000;

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) throw new Error('PostgreSQL is not installed (apt-get install postgresql; .ci/run does it)');
  return path.join(root, newest, 'bin');
}

const asRoot = process.getuid?.() === 0;

/** Runs a server binary, as the postgres user when we are root. */
function run(binary: string, args: string[], cwd: string, timeoutMs = READY_TIMEOUT_MS): Promise<string> {
  const file = path.join(binDir(), binary);
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  // A clean environment: a PGHOST or PGPORT of the machine must not redirect the test server.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  return new Promise((resolve, reject) => {
    // cwd: a folder the postgres user can enter (the test's may not be).
    execFile(command, argv, { env, cwd, timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${binary} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

function giveToPostgres(target: string): void {
  if (!asRoot) return;
  const { uid, gid } = postgresUser();
  chownSync(target, uid, gid);
}

function postgresUser(): { uid: number; gid: number } {
  const result = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (result.status !== 0 || group.status !== 0) throw new Error('running as root, but there is no postgres user to run the server as');
  return { uid: Number(result.stdout.trim()), gid: Number(group.stdout.trim()) };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntilConnectable(url: string, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      last = error;
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms: ${String(last)}`);
}

// Servers still running when the worker exits (a crashed test) are stopped, not left behind.
const running = new Set<string>();
process.once('exit', () => {
  for (const data of running) {
    const file = path.join(binDir(), 'pg_ctl');
    const args = ['-D', data, '-m', 'immediate', 'stop'];
    spawnSync(asRoot ? 'runuser' : file, asRoot ? ['-u', 'postgres', '--', file, ...args] : args, { stdio: 'ignore' });
  }
});

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-pg-'));
  try {
    return await startIn(dir, options);
  } catch (error) {
    const data = path.join(dir, 'data');
    if (running.has(data)) await run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop'], dir).catch(() => undefined);
    running.delete(data);
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function startIn(dir: string, options: PostgresOptions): Promise<PostgresServer> {
  giveToPostgres(dir);
  const data = path.join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  const pwfile = path.join(dir, 'pwfile');
  await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  giveToPostgres(pwfile);
  await run('initdb', [
    '-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256',
    `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions',
  ], dir);
  await fs.rm(pwfile);
  const settings = ['-c listen_addresses=127.0.0.1', '-c fsync=on', `-k ${dir}`];
  if (options.ssl) {
    for (const [from, to] of [[options.ssl.certFile, 'server.crt'], [options.ssl.keyFile, 'server.key']] as const) {
      const target = path.join(data, to);
      await fs.copyFile(from, target);
      await fs.chmod(target, 0o600);
      giveToPostgres(target);
    }
    settings.push('-c ssl=on', '-c ssl_cert_file=server.crt', '-c ssl_key_file=server.key');
  }

  let port = 0;
  const logFile = path.join(dir, 'server.log');
  const pgCtlStart = () =>
    run('pg_ctl', ['-D', data, '-w', '-t', String(READY_TIMEOUT_MS / 1000), '-l', logFile, '-o', `-p ${port} ${settings.join(' ')}`, 'start'], dir);
  running.add(data); // from here on, a failure or a crashed worker stops it
  // The port is free when chosen but another process may take it before the server binds it.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await pgCtlStart();
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  await waitUntilConnectable(url);

  let up = true;
  const databases = new Set<string>();
  const server: PostgresServer = {
    url,
    port,
    password,
    dir,
    async database(name) {
      if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}: lowercase letters, digits, _`);
      if (!databases.has(name)) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        databases.add(name);
      }
      return url.replace(/\/postgres$/, `/${name}`);
    },
    async stop() {
      if (!up) return;
      await run('pg_ctl', ['-D', data, '-w', '-t', '60', '-m', 'fast', 'stop'], dir);
      up = false;
    },
    async start() {
      if (up) return;
      await pgCtlStart();
      up = true;
      await waitUntilConnectable(url);
    },
    async destroy() {
      if (up) await run('pg_ctl', ['-D', data, '-w', '-t', '60', '-m', 'immediate', 'stop'], dir).catch(() => undefined);
      up = false;
      running.delete(data);
      await fs.rm(dir, { recursive: true, force: true });
    },
    log: () => fs.readFile(logFile, 'utf8').catch(() => ''),
  };
  return server;
}
