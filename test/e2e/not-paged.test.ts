// "paged" means paged: with nothing configured (no Slack, no PagerDuty), an incident detected
// 14m50s ago passes its 15-minute threshold in a real pseudo-terminal at 80×24. The page can
// only be written to the outbox file, so the header must never say "paged" and must keep
// saying the page was not sent (no notice that fades).
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { startPty } from '../helpers/pty.ts';

let home: string;

describe('a page with no pager configured', () => {
  beforeAll(async () => {
    ensureBuilt();
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-not-paged-'));
  }, 120_000);
  afterAll(async () => {
    await fs.rm(home, { recursive: true, force: true });
  });

  it('passes the 15-minute threshold and the header says the page was not sent, never "paged"', async () => {
    const env = { WARROOM_HOME: home, HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' };
    const args = ['run', 'runbooks/api-high-latency.md', '--service', 'api', '--detected-at', '14m50s'];
    const pty = startPty(args, { env, cols: 80, rows: 24 });
    const headers: string[] = [];
    const header = () => pty.screen().split('\n').slice(0, 2).join('\n');
    const stop = pty.onData(() => headers.push(header()));
    try {
      await pty.waitFor(/\? help\s*$/m, 60_000);
      // At 80 columns the reason is short ("no pager") so the rest of the row fits.
      await pty.waitFor(() => header().includes('page not sent: no pager'), 60_000);
      // It stays: a fading notice would be gone after 6 s; the header still says it later.
      const at = headers.length;
      await pty.waitFor(() => headers.length > at + 10 && /\d\d:\d\d:\d\d/.test(header()), 60_000);
      expect(header()).toContain('page not sent: no pager');
      expect(header()).toMatch(/update in \d\d:\d\d/); // nothing cut off the end of the row
      headers.push(header());
      expect(headers.filter((h) => /paged/.test(h))).toEqual([]);
    } finally {
      stop();
      pty.write('q');
      await pty.exited;
    }
    const id = (await fs.readdir(path.join(home, 'incidents'))).find((name) => !name.startsWith('.'));
    const outbox = await fs.readFile(path.join(home, 'incidents', id!, 'outbox.jsonl'), 'utf8');
    expect(outbox).toContain('"kind":"page"');
  }, 120_000);
});
