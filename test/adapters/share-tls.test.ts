// TLS to the shared store with sslmode=verify-full and a CA file, against a real PostgreSQL with
// a certificate from a throwaway CA: the right host connects encrypted; a wrong host name, an
// unknown CA or an unreadable CA file is refused in one line.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SharedStore } from '../../src/adapters/share/store.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';

let server: PostgresServer;
let dir: string;
let caFile: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-tls-'));
  const at = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('ca.key'), '-out', at('ca.crt'), '-days', '2', '-subj', '/CN=warroom test CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('server.key'), '-out', at('server.csr'), '-subj', '/CN=localhost');
  await fs.writeFile(at('san.ext'), 'subjectAltName=DNS:localhost\n');
  openssl('x509', '-req', '-in', at('server.csr'), '-CA', at('ca.crt'), '-CAkey', at('ca.key'), '-CAcreateserial', '-out', at('server.crt'), '-days', '2', '-extfile', at('san.ext'));
  caFile = at('ca.crt');
  server = await startPostgres({ ssl: { certFile: at('server.crt'), keyFile: at('server.key') } });
}, 120_000);
afterAll(async () => {
  await server?.destroy();
  await fs.rm(dir, { recursive: true, force: true });
});

const urlFor = (host: string, mode: string) => `postgres://postgres:${encodeURIComponent(server.password)}@${host}:${server.port}/postgres?sslmode=${mode}`;

it('connects with verify-full to the name on the certificate, encrypted', async () => {
  await SharedStore.init({ url: urlFor('localhost', 'verify-full'), caFile });
  const store = await SharedStore.connect({ url: urlFor('localhost', 'verify-full'), caFile });
  try {
    const { rows } = await store.pool.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    expect(rows[0]?.ssl).toBe(true);
  } finally {
    await store.close();
  }
  // verify-ca checks the chain only, so the address works too.
  await (await SharedStore.connect({ url: urlFor('127.0.0.1', 'verify-ca'), caFile })).close();
});

it('refuses a host name the certificate does not name, an unknown CA, and an unreadable CA file', async () => {
  const refusal = (options: { url: string; caFile?: string }) =>
    SharedStore.connect(options).then(
      () => 'connected',
      (e: unknown) => (e as Error).message,
    );
  const mismatch = await refusal({ url: urlFor('127.0.0.1', 'verify-full'), caFile });
  expect(mismatch).toMatch(/^TLS to the shared store postgres:\/\/postgres:•••@127\.0\.0\.1:\d+\/postgres\?sslmode=verify-full failed: .*(IP|altnames)/);
  const unknownCa = await refusal({ url: urlFor('localhost', 'verify-full') });
  expect(unknownCa).toMatch(/^TLS to the shared store .* failed: .*(self-signed|self signed|unable to (get|verify))/i);
  expect(await refusal({ url: urlFor('localhost', 'verify-full'), caFile: path.join(dir, 'missing.crt') })).toBe(`share.caFile ${path.join(dir, 'missing.crt')}: cannot read it (ENOENT)`);
  for (const message of [mismatch, unknownCa]) expect(message).not.toContain(server.password);
});
