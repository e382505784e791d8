// A PagerDuty REST API v2 stand-in on 127.0.0.1 (node:http): users, incidents with their
// alerts, notes. It checks what PagerDuty checks (the token, a From header on writes), pages
// lists with limit/offset/more, records every request, and can be scripted to fail first
// (429 with Retry-After, 500) before it behaves.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const PD_TOKEN = 'u+pd-rest-token-0000-secret';

export interface StandInIncident {
  id: string;
  incident_number: number;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: string;
  created_at: string;
  service: { id: string; summary: string };
  assignments: { assignee: { id: string; summary: string } }[];
  alerts: { id: string; summary: string; status: string; body: Record<string, unknown> }[];
  notes: { content: string; from: string }[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  answered: number;
}

export interface PagerDutyStandIn {
  url: string;
  users: { id: string; name: string; email: string }[];
  incidents: StandInIncident[];
  requests: RecordedRequest[];
  /** Replies given before normal behaviour, in order. */
  script: { status: number; headers?: Record<string, string>; body?: string }[];
  /** Largest page served, whatever limit the client asks for (to exercise `more`). */
  pageSize: number;
  close(): Promise<void>;
}

function page<T>(items: T[], query: URLSearchParams, pageSize: number) {
  const limit = Math.min(Number(query.get('limit') ?? 25), pageSize);
  const offset = Number(query.get('offset') ?? 0);
  return { items: items.slice(offset, offset + limit), limit, offset, more: offset + limit < items.length };
}

const error = (message: string, errors: string[] = []) => JSON.stringify({ error: { message, code: 2001, errors } });

export async function startPagerDutyStandIn(): Promise<PagerDutyStandIn> {
  const standIn: PagerDutyStandIn = {
    url: '',
    users: [],
    incidents: [],
    requests: [],
    script: [],
    pageSize: 100,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      const record: RecordedRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body, answered: 0 };
      standIn.requests.push(record);
      const reply = (status: number, payload: string, headers: Record<string, string> = {}) => {
        record.answered = status;
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(payload);
      };
      const scripted = standIn.script.shift();
      if (scripted) return reply(scripted.status, scripted.body ?? error('scripted'), scripted.headers);
      if (req.headers.authorization !== `Token token=${PD_TOKEN}`) return reply(401, error('Unauthorized'));
      const write = req.method === 'PUT' || req.method === 'POST';
      const from = String(req.headers.from ?? '');
      if (write && !standIn.users.some((u) => u.email === from)) return reply(400, error('Invalid Input Provided', ['Requester User Not Found']));
      const parts = url.pathname.split('/').filter(Boolean);
      if (req.method === 'GET' && url.pathname === '/users') {
        const q = (url.searchParams.get('query') ?? '').toLowerCase();
        const p = page(standIn.users.filter((u) => u.email.toLowerCase().includes(q) || u.name.toLowerCase().includes(q)), url.searchParams, standIn.pageSize);
        return reply(200, JSON.stringify({ users: p.items, limit: p.limit, offset: p.offset, more: p.more }));
      }
      if (req.method === 'GET' && url.pathname === '/incidents') {
        const statuses = url.searchParams.getAll('statuses[]');
        const users = url.searchParams.getAll('user_ids[]');
        const found = standIn.incidents.filter(
          (i) => (statuses.length === 0 || statuses.includes(i.status)) && (users.length === 0 || i.assignments.some((a) => users.includes(a.assignee.id))),
        );
        const p = page(found.map(({ alerts: _a, notes: _n, ...rest }) => rest), url.searchParams, standIn.pageSize);
        return reply(200, JSON.stringify({ incidents: p.items, limit: p.limit, offset: p.offset, more: p.more }));
      }
      const incident = parts[0] === 'incidents' ? standIn.incidents.find((i) => i.id === parts[1]) : undefined;
      if (!incident) return reply(404, error('Not Found'));
      if (req.method === 'GET' && parts[2] === 'alerts') {
        const p = page(incident.alerts, url.searchParams, standIn.pageSize);
        return reply(200, JSON.stringify({ alerts: p.items, limit: p.limit, offset: p.offset, more: p.more }));
      }
      if (req.method === 'PUT' && parts.length === 2) {
        const status = (body as { incident?: { status?: string; type?: string } } | null)?.incident;
        if (status?.type !== 'incident_reference' || (status.status !== 'acknowledged' && status.status !== 'resolved')) return reply(400, error('Invalid Input Provided'));
        incident.status = status.status;
        return reply(200, JSON.stringify({ incident: { id: incident.id, status: incident.status } }));
      }
      if (req.method === 'POST' && parts[2] === 'notes') {
        const content = (body as { note?: { content?: string } } | null)?.note?.content;
        if (typeof content !== 'string' || content === '') return reply(400, error('Invalid Input Provided', ['Note content is required']));
        incident.notes.push({ content, from });
        return reply(201, JSON.stringify({ note: { id: `N${incident.notes.length}`, content } }));
      }
      return reply(404, error('Not Found'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}

/** An incident assigned to `assignee`, with one alert carrying `runbookUrl` in its details. */
export function standInIncident(id: string, n: number, assignee: { id: string; name: string }, runbookUrl: string | null, status: StandInIncident['status'] = 'triggered'): StandInIncident {
  return {
    id,
    incident_number: n,
    title: `[Checkout] incident ${n}`,
    status,
    urgency: 'high',
    created_at: '2026-12-02T10:10:00Z',
    service: { id: 'PSVC', summary: 'Checkout API' },
    assignments: [{ assignee: { id: assignee.id, summary: assignee.name } }],
    alerts: [{ id: `A${n}`, summary: `alert ${n}`, status: 'triggered', body: { details: runbookUrl ? { runbook_url: runbookUrl, firing: 'x' } : { firing: 'x' } } }],
    notes: [],
  };
}
