// PagerDuty REST API v2 shapes: users, incidents assigned to the operator, an incident's
// alerts (whose details may carry the runbook_url), and the writes a war room makes
// (acknowledge, note, resolve) as plain data, so the durable outbox can journal them before
// sending and the sender adds the token and the From header only at send time.
import { AlertFormatError } from './model.ts';

export type PagerDutyIncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

export interface PagerDutyIncident {
  id: string;
  number: number | null;
  title: string;
  status: PagerDutyIncidentStatus;
  urgency: string | null;
  createdAt: string;
  htmlUrl: string | null;
  service: string | null;
  /** Names (PagerDuty's `summary`) of the users it is assigned to. */
  assignees: string[];
}

export interface PagerDutyAlert {
  id: string;
  summary: string;
  status: string;
  /** `runbook_url` found in the alert's details (or PD-CEF details, or a link named runbook). */
  runbookUrl: string | null;
}

export interface PagerDutyUser {
  id: string;
  name: string;
  email: string;
}

/** A write the war room makes. Stored as the delivery payload: no secret, no header. */
export type PagerDutyWrite =
  | { op: 'acknowledge' | 'resolve'; incidentId: string }
  | { op: 'note'; incidentId: string; content: string };

export interface PagerDutyRequest {
  method: 'PUT' | 'POST';
  /** Below the API base, e.g. `/incidents/PABC123`. */
  path: string;
  body: unknown;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function listOf(json: unknown, key: string): { items: unknown[]; more: boolean } {
  if (!isObject(json) || !Array.isArray(json[key])) throw new AlertFormatError(`PagerDuty reply: no ${key} list`);
  return { items: json[key], more: json.more === true };
}

export function parseUsers(json: unknown): { users: PagerDutyUser[]; more: boolean } {
  const { items, more } = listOf(json, 'users');
  const users = items.flatMap((u) => {
    if (!isObject(u) || !str(u.id)) return [];
    return [{ id: String(u.id), name: str(u.name) ?? String(u.id), email: str(u.email) ?? '' }];
  });
  return { users, more };
}

/** The user whose login is `email` (PagerDuty's query also matches names and parts of emails). */
export function userWithEmail(users: readonly PagerDutyUser[], email: string): PagerDutyUser | null {
  const wanted = email.trim().toLowerCase();
  return users.find((u) => u.email.trim().toLowerCase() === wanted) ?? null;
}

function parseIncident(json: unknown, where: string): PagerDutyIncident {
  if (!isObject(json) || !str(json.id)) throw new AlertFormatError(`PagerDuty reply: ${where} has no id`);
  const status = json.status;
  if (status !== 'triggered' && status !== 'acknowledged' && status !== 'resolved') {
    throw new AlertFormatError(`PagerDuty reply: incident ${String(json.id)} has status ${String(status)}`);
  }
  const assignments = Array.isArray(json.assignments) ? json.assignments : [];
  return {
    id: String(json.id),
    number: typeof json.incident_number === 'number' ? json.incident_number : null,
    title: (str(json.title) ?? str(json.summary) ?? String(json.id)).replace(/\s+/g, ' ').trim(),
    status,
    urgency: str(json.urgency),
    createdAt: str(json.created_at) ?? '',
    htmlUrl: str(json.html_url),
    service: isObject(json.service) ? str(json.service.summary) : null,
    assignees: assignments.flatMap((a) => (isObject(a) && isObject(a.assignee) && str(a.assignee.summary) ? [String(a.assignee.summary)] : [])),
  };
}

export function parseIncidents(json: unknown): { incidents: PagerDutyIncident[]; more: boolean } {
  const { items, more } = listOf(json, 'incidents');
  return { incidents: items.map((item, i) => parseIncident(item, `incident ${i + 1}`)), more };
}

const RUNBOOK_KEYS = new Set(['runbook_url', 'runbookurl', 'runbook']);

function runbookIn(details: unknown, depth = 0): string | null {
  if (!isObject(details) || depth > 2) return null;
  for (const [key, value] of Object.entries(details)) {
    if (RUNBOOK_KEYS.has(key.toLowerCase()) && typeof value === 'string' && /^https?:\/\//i.test(value.trim())) return value.trim();
  }
  // Alertmanager's integration nests annotations one level down; PD-CEF keeps details inside.
  for (const value of Object.values(details)) {
    const found = runbookIn(value, depth + 1);
    if (found) return found;
  }
  return null;
}

function runbookLink(contexts: unknown): string | null {
  if (!Array.isArray(contexts)) return null;
  for (const c of contexts) {
    if (isObject(c) && typeof c.href === 'string' && /runbook/i.test(`${String(c.text ?? '')} ${c.href}`)) return c.href;
  }
  return null;
}

export function parseIncidentAlerts(json: unknown): { alerts: PagerDutyAlert[]; more: boolean } {
  const { items, more } = listOf(json, 'alerts');
  const alerts = items.flatMap((a) => {
    if (!isObject(a) || !str(a.id)) return [];
    const body = isObject(a.body) ? a.body : {};
    const cef = isObject(body.cef_details) ? body.cef_details : {};
    return [
      {
        id: String(a.id),
        summary: str(a.summary) ?? '',
        status: str(a.status) ?? '',
        runbookUrl: runbookIn(body.details) ?? runbookIn(cef.details) ?? runbookLink(body.contexts) ?? runbookLink(cef.contexts),
      },
    ];
  });
  return { alerts, more };
}

/** The REST call for a write. */
export function pagerDutyRequest(write: PagerDutyWrite): PagerDutyRequest {
  const path = `/incidents/${encodeURIComponent(write.incidentId)}`;
  if (write.op === 'note') return { method: 'POST', path: `${path}/notes`, body: { note: { content: write.content } } };
  const status = write.op === 'acknowledge' ? 'acknowledged' : 'resolved';
  return { method: 'PUT', path, body: { incident: { type: 'incident_reference', status } } };
}

/** `Invalid Input Provided: Note content is too long` from `{error: {message, code, errors[]}}`. */
export function pagerDutyErrorText(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = isObject(parsed) && isObject(parsed.error) ? parsed.error : null;
    if (error) {
      const errors = Array.isArray(error.errors) ? error.errors.filter((e): e is string => typeof e === 'string') : [];
      return [str(error.message), errors.join('; ')].filter(Boolean).join(': ');
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 160);
}

/** PagerDuty limits a note to 25,000 characters; longer is refused with a 400. */
export const PAGERDUTY_NOTE_MAX = 25_000;
