// Which messages an incident still owes its channel and pager, as a pure function of the state:
// the alert (once per way of sending), a page for every escalation without one, the resolution
// once per resolve, a headline edit whenever what the headline shows changed since the last one,
// and a PagerDuty resolve for every trigger still open once the incident is resolved. The comms
// service records what this returns; recording it changes the state so that it is owed no more,
// which makes asking again (after any event, after a restart) always safe.
import type { DeliveryRequest, SlackDeliveryKind, SlackDeliveryPayload, SlackVia } from '../incident/deliveries.ts';
import { escalationSeqOf, slackVia } from '../incident/deliveries.ts';
import type { EscalationFiredEvent } from '../incident/events.ts';
import { computeMetrics } from '../incident/metrics.ts';
import type { DeliveryRecord, IncidentState } from '../incident/state.ts';
import { buildAlert } from './alert.ts';
import { buildHeadline } from './headline.ts';
import { buildPage } from './page.ts';
import { buildPagerResolve, buildPagerTrigger } from './pagerduty.ts';
import { buildResolution } from './resolution.ts';
import type { ComposedMessage } from './types.ts';
import { pagerDutyWritesOwed } from './pagerduty-rest-plan.ts';
import { statusPageLinksOwed } from './status-page-link.ts';

/** What the configuration says, as far as planning needs it (no secret: only whether one is set). */
export interface CommsSetting {
  /** How Slack messages go out now. */
  via: SlackVia;
  /** Who the alert notifies (`slack.mention`). */
  mention: string;
  /** An escalation role's Slack mention and whether it has its own PagerDuty key; null when not configured. */
  target(role: string): { slack: string | null; pagerduty: boolean } | null;
  /** A global PagerDuty routing key is configured. */
  pagerduty: boolean;
  /** The PagerDuty REST API is configured (pagerduty.apiToken): writes to the incident the war room was opened from. */
  pagerdutyRest?: boolean;
  /** For the headline's "Updated" time. */
  now: Date;
}

/** A message to record; `threaded`: under the Web API alert as it stands when recorded. */
export interface OwedMessage {
  request: DeliveryRequest;
  threaded: boolean;
}

/** The Slack request for a composed message, sent the way the setting says. */
export function slackRequest(kind: SlackDeliveryKind, message: ComposedMessage, via: SlackVia, extra: Pick<SlackDeliveryPayload, 'escalationSeq' | 'broadcast'> = {}): DeliveryRequest {
  const payload: SlackDeliveryPayload = { via, message: message.slack };
  if (extra.escalationSeq !== undefined) payload.escalationSeq = extra.escalationSeq;
  if (extra.broadcast) payload.broadcast = true;
  return { destination: via === 'file' ? 'file' : 'slack', kind, payload };
}

/** The Web API alert that threads and headline edits hang on, if one was requested. */
export function apiAlert(state: IncidentState): DeliveryRecord | null {
  return state.deliveries.find((d) => d.kind === 'alert' && slackVia(d) === 'api') ?? null;
}

function alertOwed(state: IncidentState, via: SlackVia): boolean {
  const alerts = state.deliveries.filter((d) => d.kind === 'alert');
  if (alerts.some((d) => slackVia(d) === via)) return false;
  // An incident opened with nothing configured (its alert went to the outbox file) and resumed
  // after Slack was set up gets its alert posted then, or the channel would never hear of it.
  if (alerts.length > 0 && (via === 'file' || state.status === 'resolved')) return false;
  // The channel already heard through the Web API; a webhook post would only repeat it.
  return !(via === 'webhook' && alerts.some((d) => slackVia(d) === 'api'));
}

/** Seq of the last change the headline shows: status, severity, commander, an update posted. */
function lastHeadlineChange(state: IncidentState): number {
  const seqs = [state.statusHistory, state.severityHistory, state.commanderHistory, state.updates].map((list) => list.at(-1)?.seq ?? 0);
  return Math.max(0, ...seqs);
}

function headlineOwed(state: IncidentState, via: SlackVia, alertPlanned: boolean): boolean {
  if (via !== 'api' || (apiAlert(state) === null && !alertPlanned)) return false;
  const lastHeadline = state.deliveries.findLast((d) => d.kind === 'headline')?.requestSeq ?? 0;
  return lastHeadlineChange(state) > lastHeadline;
}

function pagesOwed(state: IncidentState, setting: CommsSetting): OwedMessage[] {
  const owed: OwedMessage[] = [];
  for (const escalation of state.escalations) {
    const answered = state.deliveries.some((d) => (d.kind === 'page' || d.kind === 'pager.trigger') && escalationSeqOf(d) === escalation.seq);
    if (!answered) owed.push(...pageFor(state, escalation, setting));
  }
  return owed;
}

function pageFor(state: IncidentState, escalation: EscalationFiredEvent, setting: CommsSetting): OwedMessage[] {
  const target = setting.target(escalation.target);
  const message = buildPage(state, escalation, { mention: target?.slack ?? null });
  const owed: OwedMessage[] = [
    { request: slackRequest('page', message, setting.via, { escalationSeq: escalation.seq, broadcast: true }), threaded: true },
  ];
  const routingKeyTarget = target?.pagerduty ? escalation.target : null;
  if (routingKeyTarget !== null || setting.pagerduty) {
    owed.push({ request: { destination: 'pagerduty', kind: 'pager.trigger', payload: buildPagerTrigger(state, escalation, routingKeyTarget) }, threaded: false });
  }
  return owed;
}

function resolutionOwed(state: IncidentState): boolean {
  const resolvedAt = state.resolvedAt;
  if (state.status !== 'resolved' || resolvedAt === null) return false;
  return !state.deliveries.some((d) => d.kind === 'resolution' && d.requestedAt >= resolvedAt);
}

/** pager.trigger deliveries with no pager.resolve after them for the same dedup key. */
function openTriggers(state: IncidentState): { level: number; routingKeyTarget: string | null }[] {
  const open = new Map<string, { level: number; routingKeyTarget: string | null }>();
  for (const d of state.deliveries) {
    if (d.destination !== 'pagerduty') continue;
    const key = d.payload.event.dedup_key;
    if (d.kind === 'pager.trigger') open.set(key, { level: d.payload.level, routingKeyTarget: d.payload.routingKeyTarget });
    else open.delete(key);
  }
  return [...open.values()];
}

/** The headline edit as it reads now. */
export function headlineRequest(state: IncidentState, setting: CommsSetting): DeliveryRequest {
  return slackRequest('headline', buildHeadline(state, { mention: setting.mention, now: setting.now }), setting.via);
}

export function owedMessages(state: IncidentState, setting: CommsSetting): OwedMessage[] {
  const owed: OwedMessage[] = [];
  const alert = alertOwed(state, setting.via);
  if (alert) owed.push({ request: slackRequest('alert', buildAlert(state, { mention: setting.mention }), setting.via), threaded: false });
  owed.push(...pagesOwed(state, setting));
  if (resolutionOwed(state)) {
    owed.push({ request: slackRequest('resolution', buildResolution(state, computeMetrics(state)), setting.via, { broadcast: true }), threaded: true });
  }
  if (headlineOwed(state, setting.via, alert)) owed.push({ request: headlineRequest(state, setting), threaded: true });
  for (const link of statusPageLinksOwed(state)) owed.push({ request: slackRequest('update', link, setting.via), threaded: true });
  if (setting.pagerdutyRest) for (const request of pagerDutyWritesOwed(state)) owed.push({ request, threaded: false });
  if (state.status === 'resolved') {
    for (const trigger of openTriggers(state)) {
      owed.push({ request: { destination: 'pagerduty', kind: 'pager.resolve', payload: buildPagerResolve(state, trigger.level, trigger.routingKeyTarget) }, threaded: false });
    }
  }
  return owed;
}
