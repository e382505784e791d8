// The incident.io status pages stand-in (Status Pages V2), on the same plumbing as the Statuspage
// one: Bearer auth, `idempotency_key` on creates (a key seen before returns the first answer and
// creates nothing), updates as separate records that must not carry component statuses when
// they resolve, `full_outage` for a major outage, and 422s shaped like incident.io's.
import { defaultComponents, serve, STANDIN_KEY, type Reply, type Route, type StandIn, type StoredComponent } from './statuspage-server.ts';

export interface IncidentioIncident {
  id: string;
  name: string;
  status: string;
  components: Record<string, string>;
  notify: boolean;
  updates: { id: string; status: string; message: string; at: string; components: Record<string, string> | null }[];
}

export interface IncidentioStandIn extends StandIn {
  pageId: string;
  publicUrl: string;
  incidents: IncidentioIncident[];
  components: StoredComponent[];
  /** Creates answered from the idempotency store instead of creating. */
  replays(): number;
}

const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'];
const COMPONENT_STATUSES = ['degraded_performance', 'full_outage', 'operational', 'partial_outage'];

function invalid(pointer: string, message: string): Reply {
  return { status: 422, body: { type: 'validation_error', status: 422, errors: [{ code: 'invalid_value', message, source: { pointer } }] } };
}

const notFound = (what: string): Reply => ({ status: 404, body: { type: 'not_found', status: 404, errors: [{ code: 'not_found', message: `${what} not found` }] } });

export async function startIncidentio(options: { port?: number; pageId?: string } = {}): Promise<IncidentioStandIn> {
  const pageId = options.pageId ?? '01STANDINPAGE';
  const publicUrl = 'https://status.acme.test';
  const incidents: IncidentioIncident[] = [];
  const components = defaultComponents();
  const byKey = new Map<string, Reply>();
  let replays = 0;
  let tick = 0;
  const clock = () => new Date(Date.UTC(2026, 10, 26, 10, 0, tick++)).toISOString();
  const view = (i: IncidentioIncident) => ({
    id: i.id,
    name: i.name,
    status_page_id: pageId,
    incident_status: i.status,
    published_at: i.updates[0]?.at ?? '',
    updates: i.updates.map((u) => ({
      id: u.id,
      incident_status: u.status,
      message: u.message,
      published_at: u.at,
      component_statuses: Object.entries(u.components ?? {}).map(([component_id, component_status]) => ({ component_id, component_status })),
    })),
    component_impacts: [],
  });
  /** The component statuses of a request, or the 422 they earn. */
  const statusesOf = (value: unknown): { statuses: Record<string, string> } | { refused: Reply } => {
    const out: Record<string, string> = {};
    if (value === undefined) return { statuses: out };
    if (!Array.isArray(value)) return { refused: invalid('component_statuses', 'must be an array') };
    for (const [n, item] of value.entries()) {
      const { component_id: id, component_status: status } = (item ?? {}) as Record<string, unknown>;
      if (!components.some((c) => c.id === id)) return { refused: invalid(`component_statuses.${n}.component_id`, 'That component does not exist') };
      if (!COMPONENT_STATUSES.includes(String(status))) return { refused: invalid(`component_statuses.${n}.component_status`, 'is not a component status') };
      out[String(id)] = String(status);
    }
    return { statuses: out };
  };
  const record = (i: IncidentioIncident, status: string, message: string, statuses: Record<string, string> | null) => {
    i.status = status;
    i.updates.push({ id: `upd${i.updates.length + 1}-${i.id}`, status, message, at: clock(), components: statuses });
    for (const c of components) {
      if (status === 'resolved' && i.components[c.id]) c.status = 'operational';
      else if (statuses?.[c.id]) c.status = statuses[c.id] ?? c.status;
    }
    if (statuses) Object.assign(i.components, statuses);
  };
  const route: Route = (method, parts, _query, body) => {
    const [version, collection, id] = parts;
    if (version !== 'v2') return notFound('Route');
    if (method === 'GET' && collection === 'status_pages') return { status: 200, body: { status_pages: [{ id: pageId, name: 'Acme', public_url: publicUrl }] } };
    if (method === 'GET' && collection === 'status_page_structures') {
      if (id !== pageId) return notFound('Status page');
      const groups = [...new Set(components.flatMap((c) => (c.group ? [c.group] : [])))];
      const placed = (c: StoredComponent) => ({ component_id: c.id, name: c.name, hidden: false, display_uptime: true });
      const items = [
        ...groups.map((g) => ({ group: { id: `grp-${g}`, name: g, components: components.filter((c) => c.group === g).map(placed) } })),
        ...components.filter((c) => c.group === null).map((c) => ({ component: placed(c) })),
      ];
      return { status: 200, body: { current_structure: { items } } };
    }
    if (collection === 'status_page_incidents' && method === 'GET') {
      const incident = incidents.find((i) => i.id === id);
      return incident ? { status: 200, body: { status_page_incident: view(incident) } } : notFound('Status page incident');
    }
    if (collection === 'status_page_incidents' && method === 'POST' && id === undefined) {
      const key = body.idempotency_key;
      if (typeof key !== 'string' || key === '') return invalid('idempotency_key', 'is required');
      const seen = byKey.get(key);
      if (seen) {
        replays++;
        return seen;
      }
      if (body.status_page_id !== pageId) return notFound('Status page');
      if (typeof body.name !== 'string' || body.name.trim() === '') return invalid('name', 'must not be blank');
      if (!STATUSES.includes(String(body.incident_status))) return invalid('incident_status', 'is not a status');
      if (typeof body.message !== 'string' || body.message === '') return invalid('message', 'must not be blank');
      const read = statusesOf(body.component_statuses);
      if ('refused' in read) return read.refused;
      const incident: IncidentioIncident = { id: `01SPI${String(incidents.length + 1).padStart(4, '0')}`, name: body.name, status: '', components: {}, notify: body.notify_subscribers === true, updates: [] };
      record(incident, String(body.incident_status), body.message, read.statuses);
      incidents.push(incident);
      const reply = { status: 201, body: { status_page_incident: view(incident) } };
      byKey.set(key, reply);
      return reply;
    }
    if (collection === 'status_page_incident_updates' && method === 'POST') {
      const incident = incidents.find((i) => i.id === body.status_page_incident_id);
      if (!incident) return notFound('Status page incident');
      if (typeof body.message !== 'string' || body.message === '') return invalid('message', 'must not be blank');
      const status = body.incident_status === undefined ? incident.status : String(body.incident_status);
      if (!STATUSES.includes(status)) return invalid('incident_status', 'is not a status');
      if (status === 'resolved' && body.component_statuses !== undefined) return invalid('component_statuses', 'must not be set when resolving');
      const read = statusesOf(body.component_statuses);
      if ('refused' in read) return read.refused;
      record(incident, status, body.message, body.component_statuses === undefined ? null : read.statuses);
      const update = incident.updates.at(-1);
      return { status: 201, body: { status_page_incident_update: { id: update?.id, status_page_incident_id: incident.id, message: update?.message, incident_status: status, published_at: update?.at } } };
    }
    return notFound('Route');
  };
  const standIn = await serve(route, `Bearer ${STANDIN_KEY}`, '', options.port ?? 0);
  return Object.assign(standIn, { pageId, publicUrl, incidents, components, replays: () => replays });
}
