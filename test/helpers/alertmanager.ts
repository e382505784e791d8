// Starts the real Alertmanager (Debian's prometheus-alertmanager) in a temporary folder on a
// free port, optionally with TLS (a self-signed certificate made by openssl) and basic auth,
// waits for /-/ready and stops it. Tests post alerts through `postAlerts` the way Prometheus
// does, and read silences back directly from the API, not through the client under test.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { reservePort } from './fake-services.ts';

const execFileAsync = promisify(execFile);
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

/** bcrypt (cost 4) of BASIC_AUTH_PASSWORD, as Alertmanager's web config wants it. */
export const BASIC_AUTH_USER = 'warroom';
export const BASIC_AUTH_PASSWORD = 'warroom-test-password';
const BASIC_AUTH_HASH = '$2b$04$kpuOkpJ83BKINQxS0AjjJO.2uUeWTHOmVzl1CIBWk3dK87Im5OgZG';

export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface AlertmanagerServer {
  url: string;
  dir: string;
  /** PEM of the self-signed certificate when started with TLS. */
  caFile: string | null;
  postAlerts(alerts: PostableAlert[]): Promise<void>;
  /** `GET /api/v2/silences`, parsed. */
  silences(): Promise<{ id: string; status: { state: string }; matchers: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[]; createdBy: string; comment: string }[]>;
  stop(): Promise<void>;
}

export interface AlertmanagerOptions {
  tls?: boolean;
  basicAuth?: boolean;
}

async function makeCertificate(dir: string): Promise<{ cert: string; key: string }> {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  await execFileAsync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-keyout', key, '-out', cert, '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ]);
  return { cert, key };
}

function request(base: string, method: string, pathname: string, options: { ca: string | null; auth: boolean; body?: unknown }): Promise<{ status: number; body: string }> {
  const url = new URL(pathname, base);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {};
  if (body) headers['content-type'] = 'application/json';
  if (options.auth) headers.authorization = `Basic ${Buffer.from(`${BASIC_AUTH_USER}:${BASIC_AUTH_PASSWORD}`).toString('base64')}`;
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, ...(options.ca ? { ca: options.ca } : {}) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function waitReady(child: ChildProcess, base: string, ca: string | null, auth: boolean, log: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`alertmanager exited:\n${await log()}`);
    const ready = await request(base, 'GET', '/-/ready', { ca, auth }).then((r) => r.status === 200, () => false);
    if (ready) return;
    // Polling interval while it starts (about 0.2 s): a wait for a condition, not a sleep.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`alertmanager not ready within 20 s:\n${await log()}`);
}

export async function startAlertmanager(options: AlertmanagerOptions = {}): Promise<AlertmanagerServer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-alertmanager-'));
  const config = path.join(dir, 'alertmanager.yml');
  await fs.writeFile(config, 'route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n');
  const certificate = options.tls ? await makeCertificate(dir) : null;
  const args = [`--config.file=${config}`, `--storage.path=${path.join(dir, 'data')}`, '--cluster.listen-address='];
  if (options.tls || options.basicAuth) {
    const web = path.join(dir, 'web.yml');
    const lines: string[] = [];
    if (certificate) lines.push('tls_server_config:', `  cert_file: ${certificate.cert}`, `  key_file: ${certificate.key}`);
    if (options.basicAuth) lines.push('basic_auth_users:', `  ${BASIC_AUTH_USER}: '${BASIC_AUTH_HASH}'`);
    await fs.writeFile(web, `${lines.join('\n')}\n`);
    args.push(`--web.config.file=${web}`);
  }
  const ca = certificate ? await fs.readFile(certificate.cert, 'utf8') : null;
  const logFile = path.join(dir, 'alertmanager.log');
  const log = () => fs.readFile(logFile, 'utf8').catch(() => '');
  // The reserved port may be taken again before Alertmanager binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await reservePort();
    const base = `${certificate ? 'https' : 'http'}://127.0.0.1:${port}`;
    const out = await fs.open(logFile, 'w');
    const child = spawn(ALERTMANAGER_BIN, [...args, `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', out.fd, out.fd] });
    await out.close();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await waitReady(child, base, ca, options.basicAuth === true, log);
    } catch (error) {
      child.kill('SIGKILL');
      await exited;
      if (attempt < 3 && /address already in use/.test(await log())) continue;
      await fs.rm(dir, { recursive: true, force: true });
      throw error;
    }
    const call = (method: string, pathname: string, body?: unknown) => request(base, method, pathname, { ca, auth: options.basicAuth === true, body });
    return {
      url: base,
      dir,
      caFile: certificate?.cert ?? null,
      async postAlerts(alerts) {
        const reply = await call('POST', '/api/v2/alerts', alerts);
        if (reply.status !== 200) throw new Error(`POST /api/v2/alerts: HTTP ${reply.status} ${reply.body}`);
      },
      async silences() {
        const reply = await call('GET', '/api/v2/silences');
        if (reply.status !== 200) throw new Error(`GET /api/v2/silences: HTTP ${reply.status} ${reply.body}`);
        return JSON.parse(reply.body) as Awaited<ReturnType<AlertmanagerServer['silences']>>;
      },
      async stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  }
}
