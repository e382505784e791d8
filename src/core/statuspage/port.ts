// The seam between the status-page deliveries and a status-page product. An adapter in
// src/adapters/statuspage/ implements it for one product, bound to one page and key; the
// crash-safe sending rules (look up before creating again, skip an update that already landed)
// are written once against this interface, so a new product needs only its adapter file.
import type { PageComponent, PageIncidentRef, StatusCreatePayload, StatusUpdatePayload } from './types.ts';

/** A refusal, in the shape the outbox records: retried when retryable (Retry-After honoured). */
export interface ProviderFailure {
  ok: false;
  /** One line with the provider's own reason, e.g. `HTTP 422 Components is invalid`. */
  error: string;
  /** 5xx, 429, timeouts and network errors; a 4xx is not (it needs the operator). */
  retryable: boolean;
  retryAfterMs: number | null;
}

export type ProviderResult<T> = { ok: true; value: T } | ProviderFailure;

export interface StatusPageProvider {
  /**
   * Creates the incident; the request's intentKey goes with it as the product's marker.
   * `requestKey` is the same for every retry of this one request (for an idempotency key).
   */
  createIncident(request: StatusCreatePayload, requestKey: string, signal: AbortSignal): Promise<ProviderResult<PageIncidentRef>>;
  /** Updates the incident in place: status word, text, impact and components. */
  updateIncident(incident: PageIncidentRef, request: StatusUpdatePayload, signal: AbortSignal): Promise<ProviderResult<PageIncidentRef>>;
  /**
   * The incident a create carrying `intentKey` made, or null when the page has none. A product
   * whose create is itself idempotent by that key may always answer null.
   */
  findIncident(intentKey: string, signal: AbortSignal): Promise<ProviderResult<PageIncidentRef | null>>;
  /** True when the incident's latest update already says exactly this (an earlier attempt landed). */
  hasLatestUpdate(incident: PageIncidentRef, request: StatusUpdatePayload, signal: AbortSignal): Promise<ProviderResult<boolean>>;
  listComponents(signal: AbortSignal): Promise<ProviderResult<PageComponent[]>>;
}
