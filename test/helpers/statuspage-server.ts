// Real HTTP servers on 127.0.0.1 standing in for Atlassian Statuspage (REST v1) and incident.io
// status pages (V2), implementing the endpoints warroom uses with their status codes and error
// bodies: 201/200, 401, 404, 422, and 429 with Retry-After when called faster than `rate`
// allows. `script` makes the next replies fail: a plain failure (nothing happens), or a
// failure after the work was done (`commit-then-500`, `commit-then-hang`), which is what makes a
// retry dangerous. Every request is recorded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const STANDIN_KEY = 'sp-test-key-0000-SECRET';

/** `pass` answers normally (to aim a later entry at a later request). */
export type StandInScript = { status: number; body?: string; headers?: Record<string, string> } | 'pass' | 'hang' | 'commit-then-500' | 'commit-then-hang';

export interface StandInRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  at: number;
  /** `HTTP 201`, `HTTP 429`, `hang`... */
  answered: string;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Route = (method: string, parts: string[], query: URLSearchParams, body: Record<string, unknown>) => Reply;

export interface StandIn {
  /** The API base to configure as statuspage.apiUrl. */
  url: string;
  port: number;
  requests: StandInRequest[];
  script: StandInScript[];
  /** At most `limit` answered requests per `windowMs`; beyond that, 429 with Retry-After. */
  rate: { limit: number; windowMs: number } | null;
  hungCount(): number;
  close(): Promise<void>;
}

export async function serve(route: Route, auth: string, prefix: string, port: number): Promise<StandIn> {
  const hung: http.ServerResponse[] = [];
  const answeredAt: number[] = [];
  const standIn: StandIn = {
    url: '',
    port: 0,
    requests: [],
    script: [],
    rate: null,
    hungCount: () => hung.length,
    close: async () => {
      for (const res of hung.splice(0)) if (!res.destroyed) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        // no body (GET)
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const record: StandInRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, at: Date.now(), answered: '' };
      standIn.requests.push(record);
      const answer = (reply: Reply) => {
        record.answered = `HTTP ${reply.status}`;
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
      };
      const now = Date.now();
      while (standIn.rate && answeredAt.length > 0 && (answeredAt[0] ?? 0) <= now - standIn.rate.windowMs) answeredAt.shift();
      if (standIn.rate && answeredAt.length >= standIn.rate.limit) {
        const wait = Math.max(1, Math.ceil(((answeredAt[0] ?? now) + standIn.rate.windowMs - now) / 1000));
        return answer({ status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'retry-after': String(wait) } });
      }
      answeredAt.push(now);
      const scripted = standIn.script.shift();
      if (scripted === 'hang') {
        record.answered = 'hang';
        hung.push(res);
        return;
      }
      if (typeof scripted === 'object') return answer({ status: scripted.status, body: scripted.body ?? '', ...(scripted.headers ? { headers: scripted.headers } : {}) });
      if (req.headers.authorization !== auth) return answer({ status: 401, body: { error: 'Could not authenticate' } });
      if (!url.pathname.startsWith(prefix)) return answer({ status: 404, body: { error: 'Not found' } });
      const reply = route(record.method, url.pathname.slice(prefix.length).split('/').filter(Boolean), url.searchParams, body);
      if (scripted === 'commit-then-500') return answer({ status: 500, body: 'Internal Server Error' });
      if (scripted === 'commit-then-hang') {
        record.answered = `hang after ${reply.status}`;
        hung.push(res);
        return;
      }
      answer(reply);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  standIn.port = (server.address() as AddressInfo).port;
  standIn.url = `http://127.0.0.1:${standIn.port}${prefix}`;
  return standIn;
}

export interface StoredComponent {
  id: string;
  name: string;
  status: string;
  group: string | null;
}

export interface StoredIncident {
  id: string;
  name: string;
  status: string;
  impact: string | null;
  components: Record<string, string>;
  metadata: unknown;
  notify: boolean;
  updates: { status: string; body: string; at: string }[];
}

export interface StatuspageStandIn extends StandIn {
  pageId: string;
  incidents: StoredIncident[];
  components: StoredComponent[];
}

const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'];
const COMPONENT_STATUSES = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'];

/** Two components in a group, one on its own, as a small real page has. */
export function defaultComponents(): StoredComponent[] {
  return [
    { id: 'cmp-api', name: 'API', status: 'operational', group: 'Core' },
    { id: 'cmp-login', name: 'Login', status: 'operational', group: 'Core' },
    { id: 'cmp-web', name: 'Website', status: 'operational', group: null },
  ];
}

/** Atlassian Statuspage v1 at `<url>` = `http://127.0.0.1:<port>/v1`. */
export async function startStatuspage(options: { port?: number; pageId?: string; components?: StoredComponent[] } = {}): Promise<StatuspageStandIn> {
  const pageId = options.pageId ?? 'pg-standin';
  const incidents: StoredIncident[] = [];
  const components = options.components ?? defaultComponents();
  const clock = (() => {
    let n = 0;
    return () => new Date(Date.UTC(2026, 10, 26, 10, 0, n++)).toISOString();
  })();
  const groupIds = [...new Set(components.flatMap((c) => (c.group ? [c.group] : [])))];
  const view = (i: StoredIncident) => ({
    id: i.id,
    name: i.name,
    status: i.status,
    impact_override: i.impact,
    metadata: i.metadata,
    shortlink: `https://stspg.io/${i.id}`,
    components: Object.entries(i.components).map(([id, status]) => ({ id, status })),
    incident_updates: i.updates.map((u) => ({ status: u.status, body: u.body, created_at: u.at })).reverse(),
  });
  const apply = (i: StoredIncident, fields: Record<string, unknown>): Reply | null => {
    const wanted = (fields.components ?? {}) as Record<string, string>;
    for (const [id, status] of Object.entries(wanted)) {
      if (!components.some((c) => c.id === id)) return { status: 422, body: { error: [`Component ${id} was not found on this page`] } };
      if (!COMPONENT_STATUSES.includes(status)) return { status: 422, body: { error: [`Component status ${status} is not valid`] } };
    }
    if (fields.status !== undefined && !STATUSES.includes(String(fields.status))) return { status: 422, body: { error: ['Status is not included in the list'] } };
    for (const [id, status] of Object.entries(wanted)) {
      i.components[id] = status;
      const c = components.find((x) => x.id === id);
      if (c) c.status = status;
    }
    if (typeof fields.status === 'string') i.status = fields.status;
    if (typeof fields.impact_override === 'string') i.impact = fields.impact_override;
    if (typeof fields.deliver_notifications === 'boolean') i.notify = fields.deliver_notifications;
    if (typeof fields.body === 'string' || typeof fields.status === 'string') i.updates.push({ status: i.status, body: String(fields.body ?? ''), at: clock() });
    return null;
  };
  let unpaginatedAt = -Infinity;
  const route: Route = (method, parts, query, body) => {
    if (parts[0] !== 'pages' || parts[1] !== pageId) return { status: 404, body: { error: 'Not found' } };
    const [, , collection, id, more] = parts;
    const fields = (body.incident ?? {}) as Record<string, unknown>;
    if (collection === 'components' && method === 'GET') {
      // Statuspage allows one unpaginated component listing a minute.
      if (!query.has('page')) {
        if (Date.now() - unpaginatedAt < 60_000) return { status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'retry-after': '60' } };
        unpaginatedAt = Date.now();
      }
      const all = [
        ...groupIds.map((g) => ({ id: `grp-${g}`, name: g, status: 'operational', group: true, group_id: null })),
        ...components.map((c) => ({ id: c.id, name: c.name, status: c.status, group: false, group_id: c.group ? `grp-${c.group}` : null })),
      ];
      const per = Number(query.get('per_page') ?? 100);
      const page = Number(query.get('page') ?? 1);
      return { status: 200, body: query.has('page') ? all.slice((page - 1) * per, page * per) : all };
    }
    if (collection !== 'incidents') return { status: 404, body: { error: 'Not found' } };
    if (method === 'POST' && id === undefined) {
      if (typeof fields.name !== 'string' || fields.name.trim() === '') return { status: 422, body: { error: ["Name can't be blank"] } };
      const incident: StoredIncident = { id: `inc${incidents.length + 1}`, name: fields.name, status: 'investigating', impact: null, components: {}, metadata: fields.metadata ?? {}, notify: true, updates: [] };
      const refused = apply(incident, fields);
      if (refused) return refused;
      incidents.push(incident);
      return { status: 201, body: view(incident) };
    }
    if (method === 'GET' && id === 'unresolved') {
      const open = incidents.filter((i) => i.status !== 'resolved').reverse();
      const per = Number(query.get('per_page') ?? 100);
      const page = Number(query.get('page') ?? 1);
      return { status: 200, body: open.slice((page - 1) * per, page * per).map(view) };
    }
    if (method === 'GET' && id === undefined) return { status: 200, body: [...incidents].reverse().slice(0, Number(query.get('limit') ?? 100)).map(view) };
    const incident = incidents.find((i) => i.id === id);
    if (!incident || more !== undefined) return { status: 404, body: { error: 'Not found' } };
    if (method === 'GET') return { status: 200, body: view(incident) };
    if (method === 'PATCH') return apply(incident, fields) ?? { status: 200, body: view(incident) };
    return { status: 405, body: { error: 'Method not allowed' } };
  };
  const standIn = await serve(route, `OAuth ${STANDIN_KEY}`, '/v1', options.port ?? 0);
  return Object.assign(standIn, { pageId, incidents, components });
}
