// The escalation page posted to Slack when a threshold passes (or `e` escalates by hand): who is
// paged, why (threshold and elapsed time), the current status and a link-free summary.
import type { EscalationFiredEvent } from '../incident/events.ts';
import type { IncidentState } from '../incident/state.ts';
import { formatDuration, msBetween } from '../time.ts';
import {
  commanderHandle,
  escapeSlack,
  incidentLabel,
  labelledLines,
  line,
  mentionOrText,
  section,
  withoutLinks,
} from './format.ts';
import { mrkdwnFallback } from './internal-update.ts';
import { fitSlackLimits } from './limits.ts';
import { escalationOrigin } from '../clock/escalation.ts';
import { statusWord, type ComposedMessage } from './types.ts';

type PageState = Pick<
  IncidentState,
  'severity' | 'title' | 'status' | 'commander' | 'runbook' | 'updates' | 'escalationFrom' | 'detectedAt' | 'openedAt'
>;

/** Why this page: `not resolved after 15 min (threshold 15 min; 16m since detection)`. */
export function pageReason(state: PageState, event: Pick<EscalationFiredEvent, 'at' | 'afterMinutes' | 'manual' | 'late'>): string {
  const origin = escalationOrigin(state);
  const fromDetection = state.escalationFrom === 'detection' && state.detectedAt !== null;
  const elapsed = `${formatDuration(msBetween(origin, event.at))} since ${fromDetection ? 'detection' : 'the war room opened'}`;
  if (event.manual || event.afterMinutes === null) return `escalated by hand (${elapsed})`;
  const late = event.late ? '; sent late, warroom was not running at the threshold' : '';
  return `not resolved after ${event.afterMinutes} min (threshold ${event.afterMinutes} min; ${elapsed}${late})`;
}

/** What the incident is about, without links: the last impact written, else title and trigger. */
export function pageSummary(state: Pick<PageState, 'title' | 'runbook' | 'updates'>): string {
  const lastImpact = [...state.updates].reverse().find((u) => u.kind === 'internal' && u.fields.impact)?.fields.impact;
  const summary = lastImpact ?? (state.runbook.trigger ? `${state.title}: ${state.runbook.trigger}` : state.title);
  return withoutLinks(summary);
}

export interface PageOptions {
  /** The target's Slack mention from config, or null to name the role only. */
  mention: string | null;
}

export function buildPage(state: PageState, event: EscalationFiredEvent, options: PageOptions): ComposedMessage {
  const who = options.mention ? `${event.target} (${options.mention})` : event.target;
  const heading = `Paging ${event.target}: ${incidentLabel(state)}`;
  const commander = commanderHandle(state.commander);
  const { plain, mrkdwn } = labelledLines(heading, [
    line('Paged', who, options.mention ? `${escapeSlack(event.target)} ${mentionOrText(options.mention)}` : escapeSlack(event.target)),
    line('Why', pageReason(state, event)),
    line('Status', statusWord(state.status)),
    line('Summary', pageSummary(state)),
    line('Incident Commander', commander, mentionOrText(commander)),
  ]);
  return {
    plain,
    slack: fitSlackLimits({ text: mrkdwnFallback(`:rotating_light: ${mrkdwn}`), blocks: [section(`:rotating_light: ${mrkdwn}`)] }),
  };
}
