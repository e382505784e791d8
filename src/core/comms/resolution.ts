// The resolution message: how long it lasted and the timing metrics, posted in the incident's
// thread (Web API mode) when the incident is resolved.
import { DRILL_MARKER } from './drill.ts';
import { pageState, pageStateWords } from './delivery-state.ts';
import type { IncidentState } from '../incident/state.ts';
import { formatDuration } from '../time.ts';
import { commanderHandle, incidentLabel, labelledLines, line, mentionOrText, section } from './format.ts';
import { mrkdwnFallback } from './internal-update.ts';
import { fitSlackLimits } from './limits.ts';
import type { ComposedMessage } from './types.ts';

/** The metrics this message shows; computeMetrics(state) gives them (null = unknown). */
export interface ResolutionMetrics {
  durationMs: number | null;
  timeToDetectMs: number | null;
  timeToAcknowledgeMs: number | null;
  timeToMitigateMs: number | null;
  timeToResolveMs: number | null;
}

const metric = (ms: number | null) => (ms === null ? 'unknown' : formatDuration(ms));

/**
 * How long the incident lasted for the people reading the channel: from detection when that is
 * known (the war room often opens minutes later), with the war room's own time beside it.
 */
export function durationText(metrics: Pick<ResolutionMetrics, 'durationMs' | 'timeToResolveMs'>): string {
  const { durationMs, timeToResolveMs } = metrics;
  if (timeToResolveMs === null || durationMs === null || timeToResolveMs === durationMs) {
    return metric(timeToResolveMs ?? durationMs);
  }
  return `${metric(timeToResolveMs)} from detection (war room open ${metric(durationMs)})`;
}

/** `Engineering Manager: sent (PagerDuty); CTO: saved to file (no pager configured)`; null with no escalation. */
export function pagesText(state: IncidentState): string | null {
  if (state.escalations.length === 0) return null;
  return state.escalations.map((e) => `${e.target}: ${pageStateWords(pageState(state, e))}`).join('; ');
}

export function buildResolution(
  state: Pick<IncidentState, 'severity' | 'title' | 'commander' | 'resolvedSummary'> & Partial<IncidentState>,
  metrics: ResolutionMetrics,
): ComposedMessage {
  const heading = `${state.mode?.dryRun ? `${DRILL_MARKER} ` : ''}[Resolved] ${incidentLabel(state)}`;
  const commander = commanderHandle(state.commander);
  const lines = [
    line('Status', 'Resolved'),
    line('Duration', durationText(metrics)),
    line(
      'Metrics',
      `time to detect ${metric(metrics.timeToDetectMs)}, acknowledge ${metric(metrics.timeToAcknowledgeMs)}, mitigate ${metric(metrics.timeToMitigateMs)}, resolve ${metric(metrics.timeToResolveMs)}`,
    ),
  ];
  if (state.resolvedSummary) lines.push(line('Summary', state.resolvedSummary));
  // Who was really reached, in the same words as the header and the timeline.
  const pages = state.escalations && state.deliveries && state.mode ? pagesText(state as IncidentState) : null;
  if (pages) lines.push(line('Pages', pages));
  lines.push(line('Incident Commander', commander, mentionOrText(commander)));
  const { plain, mrkdwn } = labelledLines(heading, lines);
  return { plain, slack: fitSlackLimits({ text: mrkdwnFallback(mrkdwn), blocks: [section(mrkdwn)] }) };
}
