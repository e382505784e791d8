// Which status-page delivery goes next. A status page shows the last update it received, so its
// deliveries go strictly in order, and one the provider refused (a 4xx: bad key, unknown
// component) holds the ones behind it: sending them past it would post updates out of order or
// to an incident that was never created. It stays held, with the provider's reason, until the
// operator resends it (a new request whose payload `replaces` it, with the same place in line).
import type { DeliveryRecord } from '../incident/state.ts';
import { statusPayloadOf } from './payload.ts';
import type { PageIncidentRef, PageIncidentStatus } from './types.ts';

export type StatusLane =
  /** Send `head`; for an update, `parent` is the delivered create whose response names the incident. */
  | { kind: 'send'; head: DeliveryRecord; parent: DeliveryRecord | null; queued: number }
  /** Nothing goes until `head` is resent (or its create is). */
  | { kind: 'held'; head: DeliveryRecord; reason: string; queued: number }
  | { kind: 'idle' };

/** The delivered create of the status-page incident named by `intentKey`, if any (the latest). */
export function deliveredCreate(deliveries: readonly DeliveryRecord[], intentKey: string): DeliveryRecord | null {
  for (let i = deliveries.length - 1; i >= 0; i--) {
    const d = deliveries[i];
    if (d?.destination !== 'statuspage' || d.kind !== 'status.create' || d.phase !== 'delivered') continue;
    if (statusPayloadOf(d.kind, d.payload)?.intentKey === intentKey) return d;
  }
  return null;
}

export function nextStatusPageDelivery(deliveries: readonly DeliveryRecord[]): StatusLane {
  const lane = deliveries.filter((d) => d.destination === 'statuspage');
  const byId = new Map(lane.map((d) => [d.deliveryId, d]));
  const replacedBy = new Map<string, DeliveryRecord>();
  for (const d of lane) {
    const replaces = statusPayloadOf(d.kind, d.payload)?.replaces;
    if (replaces !== undefined && byId.has(replaces)) replacedBy.set(replaces, d);
  }
  // A resend queues where the delivery it replaces stood, so the order on the page holds.
  const slot = (d: DeliveryRecord): number => {
    let current = d;
    const seen = new Set<string>();
    for (;;) {
      const replaces = statusPayloadOf(current.kind, current.payload)?.replaces;
      const original = replaces === undefined ? undefined : byId.get(replaces);
      if (original === undefined || seen.has(original.deliveryId)) return current.requestSeq;
      seen.add(current.deliveryId);
      current = original;
    }
  };
  const open = lane
    .filter((d) => d.phase !== 'delivered' && !replacedBy.has(d.deliveryId))
    .map((d) => ({ d, slot: slot(d) }))
    .sort((a, b) => a.slot - b.slot || a.d.requestSeq - b.d.requestSeq)
    .map((entry) => entry.d);
  const head = open[0];
  if (head === undefined) return { kind: 'idle' };
  const queued = open.length;
  if (head.phase === 'failed') {
    return { kind: 'held', head, queued, reason: `refused: ${head.lastError ?? 'unknown error'}; resend it to continue` };
  }
  if (head.kind !== 'status.update') return { kind: 'send', head, parent: null, queued };
  const payload = statusPayloadOf(head.kind, head.payload);
  // An unreadable payload goes to the sender, which refuses it with its reason.
  if (payload === null) return { kind: 'send', head, parent: null, queued };
  const parent = deliveredCreate(deliveries, payload.intentKey);
  if (parent === null) return { kind: 'held', head, queued, reason: 'waiting for the status-page incident to be created' };
  return { kind: 'send', head, parent, queued };
}

/** One status-page incident of this war room, as the journal knows it. */
export interface PageIncidentSummary {
  intentKey: string;
  provider: string;
  pageId: string;
  /** Set once the create was delivered. */
  ref: PageIncidentRef | null;
  /** The status of the last delivered update (the create included). */
  status: PageIncidentStatus | null;
  lastDeliveredAt: string | null;
  /** Deliveries not delivered yet (held ones included). */
  pending: number;
}

/** Every status-page incident requested, in the order they were first requested. */
export function pageIncidents(deliveries: readonly DeliveryRecord[]): PageIncidentSummary[] {
  const byIntent = new Map<string, PageIncidentSummary>();
  const superseded = new Set<string>();
  for (const d of deliveries) {
    const replaces = d.destination === 'statuspage' ? statusPayloadOf(d.kind, d.payload)?.replaces : undefined;
    if (replaces !== undefined) superseded.add(replaces);
  }
  for (const d of deliveries) {
    if (d.destination !== 'statuspage') continue;
    const payload = statusPayloadOf(d.kind, d.payload);
    if (payload === null) continue;
    let summary = byIntent.get(payload.intentKey);
    if (!summary) {
      summary = { intentKey: payload.intentKey, provider: payload.provider, pageId: payload.pageId, ref: null, status: null, lastDeliveredAt: null, pending: 0 };
      byIntent.set(payload.intentKey, summary);
    }
    if (d.phase !== 'delivered') {
      if (!superseded.has(d.deliveryId)) summary.pending++;
      continue;
    }
    summary.status = payload.status;
    summary.lastDeliveredAt = d.deliveredAt;
    const id = d.response?.pageIncidentId;
    if (d.kind === 'status.create' && id) summary.ref = { id, url: d.response?.url ?? null };
    else if (summary.ref && d.response?.url) summary.ref = { ...summary.ref, url: d.response.url };
  }
  return [...byIntent.values()];
}
