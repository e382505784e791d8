// Leaving the war room while Slack is unreachable: nothing is lost, and the operator is told
// that stakeholders have not heard yet and how the messages will go out.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { reservePort } from '../helpers/fake-services.ts';
import { startPty } from '../helpers/pty.ts';

let home: string;

describe('leaving with messages queued', () => {
  beforeAll(async () => {
    ensureBuilt();
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-queued-'));
  }, 120_000);
  afterAll(async () => {
    await fs.rm(home, { recursive: true, force: true });
  });

  it('says how many messages wait and why, and they stay in the journal', async () => {
    const port = await reservePort(); // nobody listens: connections are refused
    const env = {
      WARROOM_HOME: home,
      WARROOM_SLACK_TOKEN: 'xoxb-test-token-0000-secret',
      WARROOM_SLACK_CHANNEL: '#incidents',
      WARROOM_SLACK_API_URL: `http://127.0.0.1:${port}/api`,
      NO_COLOR: '1',
    };
    // Live, not a drill: a drill sends nothing, so it would never meet the outage.
    const pty = startPty(['run', 'runbooks/api-high-latency.md'], { env, cols: 100, rows: 30 });
    await pty.waitFor(/\? help\s*$/m);
    await pty.waitFor(/ECONNREFUSED|unreachable|queued/i); // the status line reports the outage
    pty.write('q');
    await pty.exited;
    expect(pty.screen()).toMatch(/1 message not delivered yet \(.*ECONNREFUSED.*\); they go out when you run: warroom resume \S+/);
    const [id] = (await fs.readdir(path.join(home, 'incidents'))).filter((n) => !n.startsWith('.'));
    const journal = await fs.readFile(path.join(home, 'incidents', id!, 'journal.jsonl'), 'utf8');
    expect(journal).toContain('"type":"delivery.requested"');
    expect(journal).not.toContain('"type":"delivery.delivered"');
  });
});
