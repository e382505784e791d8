// incident.io status pages (Status Pages V2 API, `Authorization: Bearer <key>`). Creating a
// status-page incident takes an `idempotency_key`: the same key returns the incident already
// made, so after a crash the create is simply sent again (findIncident has nothing to do).
// Updates are separate records; component statuses must be left out when resolving (incident.io
// sets every component back to operational itself), and its word for a major outage is
// `full_outage`. It has no impact field: impact follows from the components.
import type { ProviderFailure, ProviderResult, StatusPageProvider } from '../../core/statuspage/port.ts';
import type { ChosenComponent, PageComponent } from '../../core/statuspage/types.ts';
import { base, callJson, isObject, replyFailure, str, unreadable, type JsonObject, type JsonReply } from './http.ts';
import type { ProviderSettings } from './providers.ts';

export const INCIDENTIO_API_URL = 'https://api.incident.io';

/** incident.io errors: `{"type": "validation_error", "errors": [{"message", "source": {"pointer"}}]}`. */
function reason(reply: JsonReply): string {
  const body = reply.json;
  if (isObject(body) && Array.isArray(body.errors)) {
    const lines = body.errors.filter(isObject).map((e) => {
      const pointer = isObject(e.source) ? str(e.source.pointer) : null;
      const message = str(e.message) ?? str(e.code) ?? 'invalid';
      return pointer ? `${pointer}: ${message}` : message;
    });
    if (lines.length > 0) return lines.join('; ');
  }
  if (isObject(body) && typeof body.type === 'string') return body.type;
  return reply.text;
}

function componentStatuses(components: readonly ChosenComponent[]): { component_id: string; component_status: string }[] | string {
  const out: { component_id: string; component_status: string }[] = [];
  for (const c of components) {
    if (c.status === 'under_maintenance') return `${c.name}: incident.io has no under_maintenance status for incidents`;
    out.push({ component_id: c.id, component_status: c.status === 'major_outage' ? 'full_outage' : c.status });
  }
  return out;
}

const refused = (error: string): ProviderFailure => ({ ok: false, error, retryable: false, retryAfterMs: null });

export function incidentioProvider(settings: ProviderSettings): StatusPageProvider {
  const root = base(settings.apiUrl ?? INCIDENTIO_API_URL);
  const headers = { authorization: `Bearer ${settings.apiKey}` };

  async function send(method: 'GET' | 'POST', path: string, body: unknown, ok: number[], signal: AbortSignal): Promise<{ json: unknown } | ProviderFailure> {
    const result = await callJson(method, `${root}${path}`, body, headers, { ...settings.http, signal });
    if ('failure' in result) return result.failure;
    if (!ok.includes(result.reply.status)) return replyFailure(result.reply, reason(result.reply));
    return { json: result.reply.json };
  }

  /** The public address of an incident: the page's public URL plus `/incidents/<id>`; null if unknown. */
  async function publicUrl(id: string, signal: AbortSignal): Promise<string | null> {
    const got = await send('GET', '/v2/status_pages', undefined, [200], signal);
    if (!('json' in got) || !isObject(got.json) || !Array.isArray(got.json.status_pages)) return null;
    const page = got.json.status_pages.filter(isObject).find((p) => p.id === settings.pageId);
    const url = page ? str(page.public_url) : null;
    return url ? `${url.replace(/\/+$/, '')}/incidents/${encodeURIComponent(id)}` : null;
  }

  return {
    async createIncident(request, requestKey, signal) {
      const statuses = componentStatuses(request.components);
      if (typeof statuses === 'string') return refused(statuses);
      const body = {
        status_page_id: settings.pageId,
        name: request.name,
        incident_status: request.status,
        message: request.body,
        notify_subscribers: request.notify,
        idempotency_key: `warroom-${requestKey}`,
        ...(statuses.length > 0 ? { component_statuses: statuses } : {}),
      };
      const got = await send('POST', '/v2/status_page_incidents', body, [200, 201], signal);
      if (!('json' in got)) return got;
      const incident = isObject(got.json) ? got.json.status_page_incident : undefined;
      const id = isObject(incident) ? str(incident.id) : null;
      if (id === null) return unreadable('create status page incident');
      // The incident exists now: a failure to learn its address must not fail the delivery.
      return { ok: true, value: { id, url: await publicUrl(id, signal) } };
    },

    async updateIncident(target, request, signal) {
      const resolving = request.status === 'resolved';
      const statuses = resolving ? [] : componentStatuses(request.components);
      if (typeof statuses === 'string') return refused(statuses);
      const body = {
        status_page_incident_id: target.id,
        message: request.body,
        incident_status: request.status,
        notify_subscribers: request.notify,
        ...(statuses.length > 0 ? { component_statuses: statuses } : {}),
      };
      const got = await send('POST', '/v2/status_page_incident_updates', body, [200, 201], signal);
      if (!('json' in got)) return got;
      return { ok: true, value: target };
    },

    async findIncident() {
      return { ok: true, value: null };
    },

    async hasLatestUpdate(target, request, signal) {
      const got = await send('GET', `/v2/status_page_incidents/${encodeURIComponent(target.id)}`, undefined, [200], signal);
      if (!('json' in got)) return got;
      const incident = isObject(got.json) ? got.json.status_page_incident : undefined;
      if (!isObject(incident) || !Array.isArray(incident.updates)) return unreadable('show status page incident');
      const time = (u: JsonObject) => Date.parse(String(u.published_at ?? '')) || 0;
      const latest = incident.updates.filter(isObject).reduce<JsonObject | null>((best, u) => (best === null || time(u) > time(best) ? u : best), null);
      const same = latest !== null && latest.incident_status === request.status && String(latest.message ?? '').trim() === request.body.trim();
      return { ok: true, value: same };
    },

    async listComponents(signal): Promise<ProviderResult<PageComponent[]>> {
      const got = await send('GET', `/v2/status_page_structures/${encodeURIComponent(settings.pageId)}`, undefined, [200], signal);
      if (!('json' in got)) return got;
      const structure = isObject(got.json) ? got.json.current_structure : undefined;
      if (!isObject(structure) || !Array.isArray(structure.items)) return unreadable('show status page structure');
      const components: PageComponent[] = [];
      const add = (c: unknown, group: string | null) => {
        const id = isObject(c) ? str(c.component_id) : null;
        // The structure does not say how a component is doing: incidents do.
        if (isObject(c) && id) components.push({ id, name: str(c.name) ?? id, status: null, group });
      };
      for (const item of structure.items.filter(isObject)) {
        if (isObject(item.group)) {
          const members = Array.isArray(item.group.components) ? item.group.components : [];
          for (const c of members) add(c, str(item.group.name));
        } else add(item.component, null);
      }
      return { ok: true, value: components };
    },
  };
}

