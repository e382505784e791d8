// PagerDuty Events API v2 bodies. The routing key is not here: the transport adds it at send
// time, so the journal (which stores these) never holds a secret. One alert per incident and
// escalation level (dedup_key), so a retry or a resend after a crash never opens a second one.
import type { EscalationFiredEvent } from '../incident/events.ts';
import type { IncidentState } from '../incident/state.ts';
import { truncate } from './limits.ts';
import { pageReason, pageSummary } from './page.ts';
import { statusWord, type PagerDeliveryPayload, type PagerSeverity } from './types.ts';

export const PAGER_SUMMARY_MAX = 1024;

export function pagerSeverity(severity: string): PagerSeverity {
  switch (severity.trim().toUpperCase()) {
    case 'SEV-1':
      return 'critical';
    case 'SEV-2':
      return 'error';
    case 'SEV-3':
      return 'warning';
    default:
      return 'info';
  }
}

export function dedupKey(incidentId: string, level: number): string {
  // The level suffix survives a cut: two levels must never share a key.
  const suffix = `-L${level}`;
  return `warroom-${truncate(incidentId, 255 - 'warroom-'.length - suffix.length, '')}${suffix}`;
}

type PagerState = Parameters<typeof pageReason>[0] &
  Pick<IncidentState, 'incidentId' | 'service' | 'runbookPath' | 'severity' | 'title' | 'status'>;

export function buildPagerTrigger(
  state: PagerState,
  event: EscalationFiredEvent,
  routingKeyTarget: string | null,
): PagerDeliveryPayload {
  const summary = `[${state.severity}] ${state.title}: paging ${event.target}, ${pageReason(state, event)}`;
  return {
    routingKeyTarget,
    level: event.level,
    escalationSeq: event.seq,
    event: {
      event_action: 'trigger',
      dedup_key: dedupKey(state.incidentId, event.level),
      client: 'warroom',
      payload: {
        summary: truncate(summary, PAGER_SUMMARY_MAX),
        source: state.service ?? 'warroom',
        severity: pagerSeverity(state.severity),
        custom_details: {
          status: statusWord(state.status),
          runbook: state.runbookPath,
          incident: state.incidentId,
          target: event.target,
          summary: truncate(pageSummary(state), PAGER_SUMMARY_MAX),
        },
      },
    },
  };
}

export function buildPagerResolve(
  state: Pick<IncidentState, 'incidentId'>,
  level: number,
  routingKeyTarget: string | null,
): PagerDeliveryPayload {
  return {
    routingKeyTarget,
    level,
    event: { event_action: 'resolve', dedup_key: dedupKey(state.incidentId, level) },
  };
}
