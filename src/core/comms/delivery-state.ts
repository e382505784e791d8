// One word for where a message stands, derived from the journal only, so the header, the status
// line, the timeline, `show`, the post-mortem and the resolution message can never disagree:
//   queued        requested, not accepted yet (why, since when)
//   sent          the receiver answered 2xx (with its id: Slack ts, PagerDuty dedup key)
//   failed        the receiver refused it and the outbox gave up (its reason)
//   saved to file nothing is configured (or a drill): written to outbox.jsonl, not sent
import type { DeliveryRequest } from '../incident/deliveries.ts';
import { escalationSeqOf } from '../incident/deliveries.ts';
import type { DeliveryRecord, IncidentState } from '../incident/state.ts';
import type { EscalationFiredEvent } from '../incident/events.ts';

export type DeliveryWord = 'queued' | 'sent' | 'failed' | 'saved to file';

export interface DeliveryStateView {
  word: DeliveryWord;
  /** The id, the reason, or why it waits, in a few words (no secret: none is journaled). */
  detail: string;
}

type Response = DeliveryRecord['response'];

/** The receiver's id for a message it accepted, e.g. `ts 1700000000.000001`, `dedup key warroom-…`. */
export function receiverId(request: DeliveryRequest, response: Response): string {
  // Read defensively: a journal written by an older or damaged warroom may lack the field.
  const dedupKey = request.destination === 'pagerduty' ? (request.payload as Partial<typeof request.payload> | undefined)?.event?.dedup_key : undefined;
  if (dedupKey) return `dedup key ${dedupKey}`;
  if (response?.ts) return `ts ${response.ts}`;
  if (response?.pageIncidentId) return `incident ${response.pageIncidentId}`;
  return 'accepted';
}

/** A delivery the outbox accepted: sent, or written to the outbox file (nothing configured, or a drill). */
export function acceptedState(request: DeliveryRequest, response: Response, drill: boolean): DeliveryStateView {
  if (drill) return { word: 'saved to file', detail: 'drill: written to outbox.jsonl, not sent' };
  if (request.destination === 'file' || response?.file) return { word: 'saved to file', detail: 'outbox.jsonl: nothing configured' };
  return { word: 'sent', detail: receiverId(request, response) };
}

export function deliveryState(record: DeliveryRecord, drill: boolean): DeliveryStateView {
  if (record.phase === 'delivered') return acceptedState(record, record.response, drill);
  if (record.phase === 'failed') return { word: 'failed', detail: record.lastError ?? 'refused' };
  const since = `since ${record.requestedAt.slice(11, 19)} UTC`;
  if (record.lastError !== null) return { word: 'queued', detail: `${record.lastError}, retrying, ${since}` };
  return { word: 'queued', detail: `waiting to send, ${since}` };
}

/** `sent (ts 1700000000.000001)`, `queued (HTTP 503, retrying, since 10:15:02 UTC)`. */
export function deliveryStateText(view: DeliveryStateView): string {
  return `${view.word} (${view.detail})`;
}

export type PageState =
  /** Slack or PagerDuty accepted the page: the person was paged. */
  | { word: 'sent'; via: string }
  | { word: 'queued'; why: string; since: string | null; error: string | null }
  | { word: 'failed'; why: string }
  /** Only written to the outbox file: nobody was paged. */
  | { word: 'saved to file'; why: 'no pager configured' | 'drill' };

/** Where the page of one escalation stands, over all its deliveries (Slack page and PagerDuty trigger). */
export function pageState(state: IncidentState, escalation: Pick<EscalationFiredEvent, 'seq'>): PageState {
  const drill = state.mode.dryRun;
  const pages = state.deliveries.filter((d) => (d.kind === 'page' || d.kind === 'pager.trigger') && escalationSeqOf(d) === escalation.seq);
  const views = pages.map((d) => ({ d, view: deliveryState(d, drill) }));
  const sent = views.filter((v) => v.view.word === 'sent');
  if (sent.length > 0) return { word: 'sent', via: sent.map((v) => (v.d.destination === 'pagerduty' ? 'PagerDuty' : 'Slack')).join(' and ') };
  const queued = views.find((v) => v.view.word === 'queued');
  if (queued || pages.length === 0) {
    // `since` as HH:MM of the oldest waiting request: the header has room for that, not a sentence.
    const since = queued ? queued.d.requestedAt.slice(11, 16) : null;
    return { word: 'queued', why: queued?.view.detail ?? 'not recorded yet', since, error: queued?.d.lastError ?? null };
  }
  const failed = views.find((v) => v.view.word === 'failed');
  if (failed) return { word: 'failed', why: failed.view.detail };
  return { word: 'saved to file', why: drill ? 'drill' : 'no pager configured' };
}

/**
 * `paged Engineering Manager` only when a receiver accepted it; otherwise what happened, in
 * words that never contain "paged" (a glance must not read "not paged" as "paged").
 */
export function pageStateText(target: string, page: PageState, short = false): string {
  switch (page.word) {
    case 'sent':
      return `paged ${target}`;
    case 'queued': {
      // Since when, always (a page waiting 10 minutes is a different emergency from one that
      // just left); the receiver's refusal too when there is room.
      const since = page.since === null ? '' : ` since ${page.since}`;
      return `${target} page queued${since}${!short && page.error !== null ? ` (${page.error})` : ''}`;
    }
    case 'failed':
      return `${target} page failed`;
    case 'saved to file':
      return page.why === 'drill' ? `${target} page not sent: drill` : `${target} page not sent: no pager${short ? '' : ' configured'}`;
  }
}

/** `sent (Slack and PagerDuty)`, `queued (HTTP 503, retrying, since …)`, `saved to file (no pager configured)`. */
export function pageStateWords(page: PageState): string {
  return `${page.word} (${page.word === 'sent' ? page.via : page.why})`;
}
