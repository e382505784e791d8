// Sends one status-page delivery through its provider, safely across crashes. A delivery with an
// earlier attempt may have landed without the journal hearing of it (warroom died between the
// provider's 201 and the `delivery.delivered` record), so before sending it again:
//   - a create first asks the page for the incident its intent key made (Statuspage: metadata;
//     incident.io: the create itself is idempotent by key), and takes that one if found;
//   - an update first asks whether the incident's latest update already says exactly this.
// A first attempt skips both questions: nothing was sent before its `delivery.attempted` record.
import type { DeliveryRecord } from '../../core/incident/state.ts';
import { readStatusPayload } from '../../core/statuspage/payload.ts';
import type { ProviderResult, StatusPageProvider } from '../../core/statuspage/port.ts';
import type { PageIncidentRef, StatusPageDeliveryPayload } from '../../core/statuspage/types.ts';
import type { StatusPageConfig } from '../config.ts';
import type { SendOutcome } from '../http-delivery.ts';
import type { StatusHttpOptions } from './http.ts';
import { openProvider, providerLabel } from './providers.ts';

const refuse = (error: string): SendOutcome => ({ ok: false, error, retryable: false, retryAfterMs: null });



function delivered(result: ProviderResult<PageIncidentRef>): SendOutcome {
  if (!result.ok) return result;
  return { ok: true, response: { pageIncidentId: result.value.id, ...(result.value.url ? { url: result.value.url } : {}) } };
}

/** The incident a delivered create's response names. */
export function createdIncident(create: DeliveryRecord | null): PageIncidentRef | null {
  const id = create?.phase === 'delivered' ? create.response?.pageIncidentId : undefined;
  return id ? { id, url: create?.response?.url ?? null } : null;
}

/** A provider's error line with the key taken out, should it ever echo it back. */
function withoutKey(outcome: SendOutcome, key: string): SendOutcome {
  return outcome.ok || !outcome.error.includes(key) ? outcome : { ...outcome, error: outcome.error.split(key).join('[redacted]') };
}

export async function sendStatusDelivery(
  record: DeliveryRecord,
  parent: DeliveryRecord | null,
  config: StatusPageConfig | undefined,
  http: StatusHttpOptions,
  signal: AbortSignal,
): Promise<SendOutcome> {
  const reading = readStatusPayload(record.kind, record.payload);
  if ('problem' in reading) return refuse(`status page: ${reading.problem}`);
  const { payload } = reading;
  // The key and API address belong to the configured provider: a delivery confirmed for
  // another one is refused (resend it for the new page) rather than sent with the wrong key.
  if (!config || config.provider !== payload.provider) {
    return refuse(`this update was confirmed for ${providerLabel(payload.provider)}, but statuspage.provider is ${config?.provider ?? 'not set'}`);
  }
  const { apiKey } = config;
  if (!apiKey) return refuse('status page API key not configured (statuspage.apiKey)');
  const provider = await openProvider(payload.provider, { apiUrl: config.apiUrl, apiKey, pageId: payload.pageId, http });
  if (provider === null) return refuse(`no status-page provider named ${payload.provider}`);
  return withoutKey(await send(provider, payload, record, parent, signal), apiKey);
}

async function send(provider: StatusPageProvider, payload: StatusPageDeliveryPayload, record: DeliveryRecord, parent: DeliveryRecord | null, signal: AbortSignal): Promise<SendOutcome> {
  const retried = record.attempts > 0;

  if (payload.op === 'create') {
    if (retried) {
      const found = await provider.findIncident(payload.intentKey, signal);
      if (!found.ok) return found;
      if (found.value !== null) return delivered({ ok: true, value: found.value });
    }
    return delivered(await provider.createIncident(payload, record.deliveryId, signal));
  }

  const incident = createdIncident(parent);
  if (incident === null) return refuse('the status-page incident this update belongs to is not in the journal');
  if (retried) {
    const landed = await provider.hasLatestUpdate(incident, payload, signal);
    if (!landed.ok) return landed;
    if (landed.value) return delivered({ ok: true, value: incident });
  }
  const updated = await provider.updateIncident(incident, payload, signal);
  return delivered(updated.ok ? { ok: true, value: { id: updated.value.id, url: updated.value.url ?? incident.url } } : updated);
}
