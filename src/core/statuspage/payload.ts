// Reading a status-page payload back from the journal. The journal stores payloads as plain
// JSON (and a hand-edited journal may hold anything), so the outbox and the senders narrow it
// here, field by field, instead of trusting a cast: a malformed payload is refused with a reason.
import type { DeliveryKind } from '../incident/events.ts';
import {
  PAGE_IMPACTS,
  PAGE_INCIDENT_STATUSES,
  type ChosenComponent,
  type ComponentStatus,
  type PageImpact,
  type PageIncidentStatus,
  type StatusPageDeliveryPayload,
} from './types.ts';

const COMPONENT_STATUSES: readonly ComponentStatus[] = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'];

type Fields = Record<string, unknown>;

const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isId = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function oneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

function chosen(v: unknown): ChosenComponent[] | null {
  if (!Array.isArray(v)) return null;
  const out: ChosenComponent[] = [];
  for (const item of v) {
    if (!isFields(item) || !isId(item.id) || !isText(item.name) || !oneOf(COMPONENT_STATUSES, item.status)) return null;
    out.push({ id: item.id, name: item.name, status: item.status });
  }
  return out;
}

export type PayloadReading = { payload: StatusPageDeliveryPayload } | { problem: string };

/** The payload of a status-page delivery of `kind`, or what is wrong with it. */
export function readStatusPayload(kind: DeliveryKind, value: unknown): PayloadReading {
  if (kind !== 'status.create' && kind !== 'status.update') return { problem: `${kind} is not a status-page delivery` };
  if (!isFields(value)) return { problem: 'payload is not an object' };
  const op = kind === 'status.create' ? 'create' : 'update';
  if (value.op !== op) return { problem: `payload op must be ${op}` };
  if (!isId(value.provider) || !isId(value.pageId) || !isId(value.intentKey)) return { problem: 'payload lacks provider, pageId or intentKey' };
  if (!oneOf<PageIncidentStatus>(PAGE_INCIDENT_STATUSES, value.status)) return { problem: 'payload status is not a status-page status' };
  if (!isText(value.body)) return { problem: 'payload body is not text' };
  const components = chosen(value.components);
  if (components === null) return { problem: 'payload components are malformed' };
  if (typeof value.notify !== 'boolean') return { problem: 'payload notify is not true or false' };
  if (value.replaces !== undefined && !isId(value.replaces)) return { problem: 'payload replaces is not a delivery id' };
  const impact = value.impact;
  if (impact !== null && !oneOf<PageImpact>(PAGE_IMPACTS, impact)) return { problem: 'payload impact is not none, minor, major, critical or null' };
  const base = {
    provider: value.provider,
    pageId: value.pageId,
    intentKey: value.intentKey,
    status: value.status,
    body: value.body,
    components,
    notify: value.notify,
    impact,
    ...(value.replaces !== undefined ? { replaces: value.replaces } : {}),
  };
  if (op === 'create') {
    if (!isText(value.name) || value.name.trim() === '') return { problem: 'payload name is empty' };
    return { payload: { ...base, op, name: value.name } };
  }
  return { payload: { ...base, op } };
}

/** The payload when it reads, else null (for lookups that skip what they cannot read). */
export function statusPayloadOf(kind: DeliveryKind, value: unknown): StatusPageDeliveryPayload | null {
  const reading = readStatusPayload(kind, value);
  return 'payload' in reading ? reading.payload : null;
}
