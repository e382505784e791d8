// Building status-page delivery requests from what the operator confirmed. The first public
// update of a status-page incident creates it; every later one (until one resolves it) updates
// the same incident, found by the intent key every payload carries. Pure: the caller supplies
// the delivery id, and appends the returned event to the journal before anything is sent.
import type { StatusWord } from '../comms/types.ts';
import type { NewEvent } from '../incident/events.ts';
import type { DeliveryRecord, IncidentState } from '../incident/state.ts';
import { statusPayloadOf } from './payload.ts';
import {
  PAGE_IMPACTS,
  type AffectedStatus,
  type ChosenComponent,
  type PageImpact,
  type PageIncidentStatus,
  type StatusPageDeliveryPayload,
} from './types.ts';

/** The default `statuspage.impactMap`. */
export const DEFAULT_IMPACT_MAP: Readonly<Record<string, PageImpact>> = { 'SEV-1': 'critical', 'SEV-2': 'major', 'SEV-3': 'minor', 'SEV-4': 'none' };

const severityKey = (severity: string) => severity.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** The configured `severity → impact` entries over the defaults; values that are not impacts are skipped. */
export function impactMapFrom(configured: Readonly<Record<string, string>>): Record<string, PageImpact> {
  const map: Record<string, PageImpact> = { ...DEFAULT_IMPACT_MAP };
  for (const [severity, value] of Object.entries(configured)) {
    const impact = PAGE_IMPACTS.find((i) => i === value.trim());
    if (impact) map[severity.trim()] = impact;
  }
  return map;
}

/** The impact for a severity (`SEV-2`, `sev2` and `Sev 2` are one); null lets the page work it out. */
export function impactFor(severity: string, map: Readonly<Record<string, PageImpact>>): PageImpact | null {
  const wanted = severityKey(severity);
  for (const [name, impact] of Object.entries(map)) if (severityKey(name) === wanted) return impact;
  return null;
}

/** What a preselected component shows until the operator says otherwise. */
export function defaultAffectedStatus(impact: PageImpact | null): AffectedStatus {
  if (impact === 'critical') return 'major_outage';
  if (impact === 'major') return 'partial_outage';
  return 'degraded_performance';
}

const PAGE_STATUS: Record<StatusWord, PageIncidentStatus> = { Investigating: 'investigating', Identified: 'identified', Monitoring: 'monitoring', Resolved: 'resolved' };

export function pageStatusOf(word: StatusWord): PageIncidentStatus {
  return PAGE_STATUS[word];
}

/** One public update as confirmed in the composer, for the configured page. */
export interface PageUpdateRequest {
  provider: string;
  pageId: string;
  /** The public title; used when this update creates the status-page incident. */
  name: string;
  status: PageIncidentStatus;
  body: string;
  impact: PageImpact | null;
  components: ChosenComponent[];
  notify: boolean;
}

type DeliveryRequest = Extract<NewEvent, { type: 'delivery.requested' }>;

interface OpenIntent {
  intentKey: string;
  /** The first create of that incident: updates name it as their parent. */
  createId: string;
  /** Every component its requests set so far, each once (the latest status). */
  touched: ChosenComponent[];
}

/** The status-page incident this war room has open: the latest one no request resolved yet. */
export function openPageIntent(deliveries: readonly DeliveryRecord[]): OpenIntent | null {
  const replaced = new Set<string>();
  const lane: { d: DeliveryRecord; payload: StatusPageDeliveryPayload }[] = [];
  for (const d of deliveries) {
    const payload = d.destination === 'statuspage' ? statusPayloadOf(d.kind, d.payload) : null;
    if (payload === null) continue;
    if (payload.replaces !== undefined) replaced.add(payload.replaces);
    lane.push({ d, payload });
  }
  const live = lane.filter(({ d }) => !replaced.has(d.deliveryId));
  const last = live.at(-1);
  if (!last || last.payload.status === 'resolved') return null;
  const { intentKey } = last.payload;
  const create = lane.find(({ d, payload }) => d.kind === 'status.create' && payload.intentKey === intentKey);
  if (!create) return null;
  const touched = new Map<string, ChosenComponent>();
  for (const { payload } of live) if (payload.intentKey === intentKey) for (const c of payload.components) touched.set(c.id, c);
  return { intentKey, createId: create.d.deliveryId, touched: [...touched.values()] };
}

/** The chosen components plus any the incident touched before, once each. */
function withTouched(chosen: readonly ChosenComponent[], touched: readonly ChosenComponent[]): ChosenComponent[] {
  const ids = new Set(chosen.map((c) => c.id));
  return [...chosen, ...touched.filter((c) => !ids.has(c.id))];
}

/**
 * The delivery request for a public update to the page: a create when no status-page incident
 * is open, else an update of the open one. A resolved update sets every component the incident
 * touched back to operational (Statuspage leaves that to the caller).
 */
export function requestPageUpdate(state: Pick<IncidentState, 'incidentId' | 'deliveries'>, update: PageUpdateRequest, deliveryId: string): DeliveryRequest {
  const open = openPageIntent(state.deliveries);
  const components =
    update.status === 'resolved'
      ? withTouched(update.components, open?.touched ?? []).map((c) => ({ ...c, status: 'operational' as const }))
      : update.components;
  const shared = { provider: update.provider, pageId: update.pageId, status: update.status, body: update.body, components, notify: update.notify, impact: update.impact };
  const base = { type: 'delivery.requested', actor: 'system', deliveryId, destination: 'statuspage' } as const;
  if (open === null) {
    const payload: StatusPageDeliveryPayload = { ...shared, op: 'create', intentKey: `${state.incidentId}/${deliveryId}`, name: update.name };
    return { ...base, kind: 'status.create', payload, parentDeliveryId: null };
  }
  const payload: StatusPageDeliveryPayload = { ...shared, op: 'update', intentKey: open.intentKey };
  return { ...base, kind: 'status.update', payload, parentDeliveryId: open.createId };
}

/** What a resend may change: the fix the provider's refusal asked for. */
export type ResendChanges = Partial<Pick<PageUpdateRequest, 'pageId' | 'provider' | 'body' | 'components' | 'impact' | 'notify' | 'status'>> & { name?: string };

/**
 * A resend of a delivery the provider refused: a new request that takes its place in line (its
 * payload `replaces` it), with the operator's fixes applied. The refused one stays in the journal.
 */
export function resendPageDelivery(refused: DeliveryRecord, deliveryId: string, changes: ResendChanges = {}): { event: DeliveryRequest } | { problem: string } {
  if (refused.destination !== 'statuspage') return { problem: 'not a status-page delivery' };
  if (refused.phase !== 'failed') return { problem: `only a refused delivery is resent (this one is ${refused.phase})` };
  const payload = statusPayloadOf(refused.kind, refused.payload);
  if (payload === null) return { problem: 'its payload is unreadable' };
  const { name, ...common } = changes;
  const fixed: StatusPageDeliveryPayload =
    payload.op === 'create'
      ? { ...payload, ...common, name: name ?? payload.name, replaces: refused.deliveryId }
      : { ...payload, ...common, replaces: refused.deliveryId };
  const event: DeliveryRequest = {
    type: 'delivery.requested',
    actor: 'system',
    deliveryId,
    destination: 'statuspage',
    kind: refused.kind,
    payload: fixed,
    parentDeliveryId: refused.parentDeliveryId,
  };
  return { event };
}
