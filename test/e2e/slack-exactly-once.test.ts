// Exactly once to Slack through a crash: the stand-in stores the alert the moment it arrives and
// answers 3 s later; warroom is SIGKILLed in between, so the journal says "attempted" and nothing
// more. On resume the outbox first looks the delivery up in the channel by the id in the
// message's metadata, finds it, and records it delivered: the channel holds the alert once.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../src/core/incident/events.ts';
import { ensureBuilt } from '../helpers/build.ts';
import { until } from '../helpers/process-survivors.ts';
import { startPty } from '../helpers/pty.ts';
import { startSlackChannel, type SlackChannel } from '../helpers/slack-channel.ts';

let home: string;
let slack: SlackChannel;
const SLOW = 30_000;

async function journal(): Promise<IncidentEvent[]> {
  const [id] = (await fs.readdir(path.join(home, 'incidents'))).filter((n) => !n.startsWith('.'));
  const text = await fs.readFile(path.join(home, 'incidents', id!, 'journal.jsonl'), 'utf8');
  return text.trim().split('\n').slice(1).flatMap((l) => {
    try {
      return [JSON.parse(l) as IncidentEvent];
    } catch {
      return [];
    }
  });
}

describe('Slack through a crash', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  beforeEach(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-once-'));
    slack = await startSlackChannel(3000);
  });
  afterEach(async () => {
    await slack.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  it('SIGKILL after Slack received the alert, before its reply: resume finds it, the channel has it once', async () => {
    const env = {
      WARROOM_HOME: home,
      WARROOM_OPERATOR: 'alice',
      WARROOM_SLACK_TOKEN: 'xoxb-test-token-0000-secret',
      WARROOM_SLACK_CHANNEL: 'C0INCIDENT',
      WARROOM_SLACK_API_URL: slack.url,
      NO_COLOR: '1',
      TERM: 'xterm-256color',
    };
    const pty = startPty(['run', 'runbooks/api-high-latency.md'], { env, cols: 100, rows: 30 });
    await until(() => slack.messages.length === 1, 'Slack to receive the alert', SLOW);
    pty.kill('SIGKILL');
    await pty.exited;
    const [alert] = slack.messages;
    expect(alert?.text).toMatch(/Incident Alert/);
    expect(alert?.metadata).toMatchObject({ event_type: 'warroom_delivery', event_payload: { delivery_id: expect.any(String), incident_id: expect.any(String) } });
    const deliveryId = alert?.metadata?.event_payload.delivery_id;
    expect((await journal()).some((e) => e.type === 'delivery.attempted' && e.deliveryId === deliveryId)).toBe(true);
    expect((await journal()).some((e) => e.type === 'delivery.delivered' && e.deliveryId === deliveryId)).toBe(false);

    slack.replyDelayMs = 0;
    const again = startPty(['resume'], { env, cols: 100, rows: 30 });
    await until(async () => (await journal()).some((e) => e.type === 'delivery.delivered' && e.deliveryId === deliveryId), 'the alert recorded delivered', SLOW);
    const delivered = (await journal()).find((e) => e.type === 'delivery.delivered' && e.deliveryId === deliveryId);
    expect(delivered).toMatchObject({ response: { ts: alert?.ts } });
    expect(slack.calls.some((c) => c.method === 'conversations.history' && c.body.include_all_metadata === 'true')).toBe(true);
    const copies = slack.messages.filter((m) => m.metadata?.event_payload.delivery_id === deliveryId);
    expect(copies).toHaveLength(1);
    expect(slack.messages.filter((m) => /Incident Alert/.test(m.text) && !m.thread_ts)).toHaveLength(1);
    again.write('q');
    await again.exited;
  }, 120_000);
});
