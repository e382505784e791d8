// Atlassian Statuspage (REST API v1, `Authorization: OAuth <key>`). An incident we create carries
// our intent key in its `metadata` (`{"warroom": {"intent": ...}}`; Statuspage wants objects as
// top-level metadata values), which is how a resume finds it again among the page's unresolved
// (then recent) incidents instead of creating a second one. Component listings are always
// paginated: Statuspage limits unpaginated component GETs to one a minute.
import type { ProviderFailure, ProviderResult, StatusPageProvider } from '../../core/statuspage/port.ts';
import type { ChosenComponent, ComponentStatus, PageComponent, PageIncidentRef, StatusUpdatePayload } from '../../core/statuspage/types.ts';
import { base, callJson, isObject, replyFailure, spacer, str, unreadable, type JsonObject, type JsonReply } from './http.ts';
import type { ProviderSettings } from './providers.ts';

export const ATLASSIAN_API_URL = 'https://api.statuspage.io/v1';
/** Statuspage allows about one request a second per API key. */
const GAP_MS = 1000;

const PER_PAGE = 100;
/** Enough pages for any real page; a bound so a misbehaving server cannot keep us paging. */
const MAX_PAGES = 10;
const STATUSES: readonly ComponentStatus[] = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'];

/** Statuspage's error bodies: `{"error": "..."}`, `{"error": ["..."]}` or `{"message": "..."}`. */
function reason(reply: JsonReply): string {
  const body = reply.json;
  if (isObject(body)) {
    const error = body.error ?? body.errors ?? body.message;
    if (typeof error === 'string') return error;
    if (Array.isArray(error)) return error.filter((e) => typeof e === 'string').join('; ');
  }
  return reply.text;
}

function componentFields(components: readonly ChosenComponent[]): { components: Record<string, string>; component_ids: string[] } {
  return { components: Object.fromEntries(components.map((c) => [c.id, c.status])), component_ids: components.map((c) => c.id) };
}

function incidentRef(value: unknown): PageIncidentRef | null {
  if (!isObject(value)) return null;
  const id = str(value.id);
  return id ? { id, url: str(value.shortlink) } : null;
}

function intentOf(incident: JsonObject): string | null {
  const metadata = incident.metadata;
  const ours = isObject(metadata) ? metadata.warroom : undefined;
  return isObject(ours) ? str(ours.intent) : null;
}

export function atlassianProvider(settings: ProviderSettings): StatusPageProvider {
  const root = `${base(settings.apiUrl ?? ATLASSIAN_API_URL)}/pages/${encodeURIComponent(settings.pageId)}`;
  const headers = { authorization: `OAuth ${settings.apiKey}` };
  const spaced = spacer(settings.gapMs ?? GAP_MS);

  async function send(method: 'GET' | 'POST' | 'PATCH', path: string, body: unknown, ok: number[], signal: AbortSignal): Promise<{ json: unknown } | ProviderFailure> {
    if (!(await spaced(signal))) return { ok: false, error: 'stopped', retryable: true, retryAfterMs: null };
    const result = await callJson(method, `${root}${path}`, body, headers, { ...settings.http, signal });
    if ('failure' in result) return result.failure;
    if (!ok.includes(result.reply.status)) return replyFailure(result.reply, reason(result.reply));
    return { json: result.reply.json };
  }

  /** Every item of a paginated list endpoint. */
  async function list(path: string, signal: AbortSignal): Promise<ProviderResult<JsonObject[]>> {
    const items: JsonObject[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const sep = path.includes('?') ? '&' : '?';
      const got = await send('GET', `${path}${sep}page=${page}&per_page=${PER_PAGE}`, undefined, [200], signal);
      if (!('json' in got)) return got;
      if (!Array.isArray(got.json)) return unreadable(`GET ${path}`);
      items.push(...got.json.filter(isObject));
      if (got.json.length < PER_PAGE) break;
    }
    return { ok: true, value: items };
  }

  /** The recent-incidents list takes `limit`, not pages, and gives the newest first. */
  async function recent(signal: AbortSignal): Promise<ProviderResult<JsonObject[]>> {
    const got = await send('GET', '/incidents?limit=100', undefined, [200], signal);
    if (!('json' in got)) return got;
    return Array.isArray(got.json) ? { ok: true, value: got.json.filter(isObject) } : unreadable('GET /incidents');
  }

  return {
    async createIncident(request, _requestKey, signal) {
      const incident = {
        name: request.name,
        status: request.status,
        body: request.body,
        ...(request.impact !== null ? { impact_override: request.impact } : {}),
        deliver_notifications: request.notify,
        metadata: { warroom: { intent: request.intentKey } },
        ...componentFields(request.components),
      };
      const got = await send('POST', '/incidents', { incident }, [200, 201], signal);
      if (!('json' in got)) return got;
      const ref = incidentRef(got.json);
      return ref ? { ok: true, value: ref } : unreadable('create incident');
    },

    async updateIncident(target, request, signal) {
      const incident = {
        status: request.status,
        body: request.body,
        deliver_notifications: request.notify,
        ...(request.impact !== null ? { impact_override: request.impact } : {}),
        ...componentFields(request.components),
      };
      const got = await send('PATCH', `/incidents/${encodeURIComponent(target.id)}`, { incident }, [200], signal);
      if (!('json' in got)) return got;
      const ref = incidentRef(got.json);
      return { ok: true, value: ref ?? target };
    },

    async findIncident(intentKey, signal) {
      // Unresolved first (where a fresh incident is); then recent ones, in case someone
      // resolved it on the page while warroom was down.
      for (const lookup of [() => list('/incidents/unresolved', signal), () => recent(signal)]) {
        const got = await lookup();
        if (!got.ok) return got;
        const match = got.value.find((incident) => intentOf(incident) === intentKey);
        if (match) return { ok: true, value: incidentRef(match) };
      }
      return { ok: true, value: null };
    },

    async hasLatestUpdate(target, request: StatusUpdatePayload, signal) {
      const got = await send('GET', `/incidents/${encodeURIComponent(target.id)}`, undefined, [200], signal);
      if (!('json' in got)) return got;
      if (!isObject(got.json) || !Array.isArray(got.json.incident_updates)) return unreadable('get incident');
      const updates = got.json.incident_updates.filter(isObject);
      const latest = updates.reduce<JsonObject | null>((best, u) => (best === null || time(u) > time(best) ? u : best), null);
      return { ok: true, value: latest !== null && latest.status === request.status && String(latest.body ?? '').trim() === request.body.trim() };
    },

    async listComponents(signal) {
      const got = await list('/components', signal);
      if (!got.ok) return got;
      const groups = new Map(got.value.filter((c) => c.group === true).map((c) => [str(c.id), str(c.name)]));
      const components: PageComponent[] = [];
      for (const c of got.value) {
        const id = str(c.id);
        if (c.group === true || id === null) continue;
        const status = STATUSES.find((s) => s === c.status) ?? null;
        components.push({ id, name: str(c.name) ?? id, status, group: groups.get(str(c.group_id)) ?? null });
      }
      return { ok: true, value: components };
    },
  };
}

function time(update: JsonObject): number {
  const at = Date.parse(String(update.created_at ?? update.display_at ?? ''));
  return Number.isNaN(at) ? 0 : at;
}
