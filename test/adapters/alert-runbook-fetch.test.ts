// Fetching a runbook over HTTP from a server on 127.0.0.1: only under runbooks.fetchPrefixes
// (redirects included), within runbooks.fetchMaxBytes, Markdown and not a web page; the copy is
// written into the given folder with the sha256 of its bytes.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRunbook } from '../../src/adapters/runbook-fetch.ts';

const RUNBOOK = '# DiskFull\n\n## Mitigation\n\n- [ ] Free space: `kubectl -n <namespace> delete pod <pod>`\n';
let base: string;
let server: http.Server;
let dir: string;
const served: string[] = [];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-fetch-'));
  server = http.createServer((req, res) => {
    served.push(req.url ?? '');
    switch (req.url) {
      case '/runbooks/DiskFull.md':
        return res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' }).end(RUNBOOK);
      case '/runbooks/moved.md':
        return res.writeHead(301, { location: '/runbooks/DiskFull.md' }).end();
      case '/runbooks/away.md':
        return res.writeHead(302, { location: '/private/secrets.md' }).end();
      case '/runbooks/huge.md':
        return res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5000' }).end('x'.repeat(5000));
      case '/runbooks/endless.md': {
        // No Content-Length: the limit must hold while reading.
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
        return res.end();
      }
      case '/runbooks/page.md':
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
      default:
        return res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fs.rm(dir, { recursive: true, force: true });
});

const options = () => ({ prefixes: [`${base}/runbooks/`], maxBytes: 4096, intoFolder: path.join(dir, 'incident') });

describe('fetchRunbook', () => {
  it('keeps a copy in the folder with its sha256, following a redirect that stays under the prefix', async () => {
    const fetched = await fetchRunbook(`${base}/runbooks/moved.md`, options());
    const sha256 = createHash('sha256').update(RUNBOOK).digest('hex');
    expect(fetched).toEqual({ url: `${base}/runbooks/DiskFull.md`, file: path.join(dir, 'incident', 'DiskFull.md'), sha256, bytes: Buffer.byteLength(RUNBOOK) });
    expect(await fs.readFile(fetched.file, 'utf8')).toBe(RUNBOOK);
    expect((await fs.readdir(path.join(dir, 'incident'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('never contacts a URL outside runbooks.fetchPrefixes, nor follows a redirect out of them', async () => {
    served.length = 0;
    await expect(fetchRunbook(`${base}/private/secrets.md`, options())).rejects.toThrow(`runbook ${base}/private/secrets.md is under no runbooks.fetchPrefixes prefix: not fetched`);
    expect(served).toEqual([]);
    await expect(fetchRunbook(`${base}/runbooks/away.md`, options())).rejects.toThrow(`redirects to ${base}/private/secrets.md, which is under no runbooks.fetchPrefixes prefix`);
    expect(served).toEqual(['/runbooks/away.md']);
  });

  it('refuses what is over runbooks.fetchMaxBytes, declared or not, and web pages', async () => {
    await expect(fetchRunbook(`${base}/runbooks/huge.md`, options())).rejects.toThrow('is 5000 bytes, over runbooks.fetchMaxBytes (4096)');
    await expect(fetchRunbook(`${base}/runbooks/endless.md`, options())).rejects.toThrow('is over runbooks.fetchMaxBytes (4096 bytes)');
    await expect(fetchRunbook(`${base}/runbooks/page.md`, options())).rejects.toThrow('is a web page (text/html), not Markdown');
    await expect(fetchRunbook(`${base}/runbooks/gone.md`, options())).rejects.toThrow(`runbook ${base}/runbooks/gone.md: HTTP 404`);
    expect(await fs.readdir(path.join(dir, 'incident'))).toEqual(['DiskFull.md']);
  });
});
