// A Slack stand-in on 127.0.0.1 that keeps a channel: chat.postMessage stores the message (with
// its metadata) the moment it arrives and answers only after `replyDelayMs` (a slow Slack, so a
// test can kill warroom between receipt and reply); conversations.history and
// conversations.replies return what the channel holds, metadata included when
// include_all_metadata is set, as Slack does. Form-encoded and JSON bodies are both read.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredMessage {
  ts: string;
  channel: string;
  text: string;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface SlackChannel {
  url: string;
  messages: StoredMessage[];
  calls: { method: string; body: Record<string, unknown> }[];
  replyDelayMs: number;
  close(): Promise<void>;
}

const CHANNEL_ID = 'C0INCIDENT';

export async function startSlackChannel(replyDelayMs = 0): Promise<SlackChannel> {
  let counter = 0;
  const timers = new Set<NodeJS.Timeout>();
  const state: SlackChannel = {
    url: '',
    messages: [],
    calls: [],
    replyDelayMs,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown>;
      try {
        body = (req.headers['content-type'] ?? '').includes('json') ? (JSON.parse(raw) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(raw));
      } catch {
        body = {};
      }
      const method = (req.url ?? '').replace(/^\/api\//, '');
      state.calls.push({ method, body });
      const answer = (payload: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      if (method === 'chat.postMessage') {
        counter += 1;
        const message: StoredMessage = { ts: `1700000000.${String(counter).padStart(6, '0')}`, channel: CHANNEL_ID, text: String(body.text ?? '') };
        if (typeof body.thread_ts === 'string') message.thread_ts = body.thread_ts;
        if (body.metadata && typeof body.metadata === 'object') message.metadata = body.metadata as StoredMessage['metadata'];
        state.messages.push(message);
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) answer({ ok: true, channel: CHANNEL_ID, ts: message.ts });
        }, state.replyDelayMs);
        timers.add(timer);
        return;
      }
      if (method === 'chat.update') return answer({ ok: true, channel: CHANNEL_ID, ts: body.ts });
      if (method === 'conversations.history' || method === 'conversations.replies') {
        const withMeta = String(body.include_all_metadata) === 'true';
        const inThread = method === 'conversations.replies' ? state.messages.filter((m) => m.ts === body.ts || m.thread_ts === body.ts) : state.messages.filter((m) => !m.thread_ts);
        const messages = [...inThread].reverse().map(({ metadata, ...m }) => (withMeta && metadata ? { ...m, metadata } : m));
        return answer({ ok: true, messages, has_more: false });
      }
      answer({ ok: false, error: 'unknown_method' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  return state;
}
