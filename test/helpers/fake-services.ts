// Real HTTP servers on 127.0.0.1 standing in for Slack (Web API and webhooks) and PagerDuty.
// Each request is recorded; `script` lets a test make the next replies fail (500, 429 with
// Retry-After, a hang) before the server behaves.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  at: number;
  /** What the server answered: `ok`, or the failure it was told to give. */
  answered: string;
}

/** A reply to give: a status, `hang` (never answer), or `pass` (behave normally). */
export type ScriptedReply = { status: number; body?: string; headers?: Record<string, string> } | 'hang' | 'pass';

export interface FakeServices {
  port: number;
  url: string;
  requests: ReceivedRequest[];
  /** Requests the server accepted (2xx / ok:true), in order. */
  accepted(): ReceivedRequest[];
  /** Replies used, in order, before normal behaviour resumes. */
  script: ScriptedReply[];
  /** Slack Web API `{ok:false,error}` to give for every call while set. */
  apiError: string | null;
  /** Release requests left hanging (they are answered 503). */
  releaseHung(): void;
  hungCount(): number;
  close(): Promise<void>;
}

/** A free port nobody listens on yet (so the first connections are refused). */
export async function reservePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startFakeServices(port = 0): Promise<FakeServices> {
  const requests: ReceivedRequest[] = [];
  const hung: http.ServerResponse[] = [];
  let tsCounter = 0;
  const services: FakeServices = {
    port: 0,
    url: '',
    requests,
    script: [],
    apiError: null,
    accepted: () => requests.filter((r) => r.answered === 'ok'),
    releaseHung: () => {
      for (const res of hung.splice(0)) {
        if (!res.writableEnded && !res.destroyed) res.writeHead(503).end('released');
      }
    },
    hungCount: () => hung.length,
    close: async () => {
      services.releaseHung();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        body = {};
      }
      const record: ReceivedRequest = { path: req.url ?? '', headers: req.headers, body, at: Date.now(), answered: 'ok' };
      requests.push(record);
      const scripted = services.script.shift();
      if (scripted === 'hang') {
        record.answered = 'hang';
        hung.push(res);
        return;
      }
      if (scripted && scripted !== 'pass') {
        record.answered = `HTTP ${scripted.status}`;
        res.writeHead(scripted.status, scripted.headers ?? {}).end(scripted.body ?? '');
        return;
      }
      const path = req.url ?? '';
      if (path.startsWith('/api/')) {
        if (services.apiError) {
          record.answered = services.apiError;
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: services.apiError }));
          return;
        }
        if (req.headers.authorization !== 'Bearer xoxb-test-token-0000-secret') {
          record.answered = 'invalid_auth';
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: 'invalid_auth' }));
          return;
        }
        const ts = path === '/api/chat.update' ? String(body.ts) : `1700000000.${String(++tsCounter).padStart(6, '0')}`;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, channel: 'C0INCIDENT', ts }));
        return;
      }
      if (path.startsWith('/pagerduty')) {
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', dedup_key: body.dedup_key }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  services.port = (server.address() as AddressInfo).port;
  services.url = `http://127.0.0.1:${services.port}`;
  return services;
}

/** Poll until `check` returns a truthy value; fail with `what` after the deadline. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
