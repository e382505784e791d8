// The post-mortem's title and `**Field**: value` block, in the seed template's order (Date,
// Authors, Status, Severity, TTD, TTR), followed by the other clocks the journal knows
// (acknowledge, mitigate). A value the journal cannot tell is `unknown`, never a guess.
import type { IncidentState } from '../incident/state.ts';
import { computeMetrics, formatMetric } from '../incident/metrics.ts';
import { utcTime } from './clock-text.ts';
import { inlineText, mention } from './markdown.ts';

/** `SEV-1` ranks above `SEV-2`; `P1` above `P2`. Unrecognised names rank below all of them. */
function severityRank(severity: string): number {
  const match = /^\s*(?:sev|s|p)[-_ ]?(\d+)\s*$/i.exec(severity);
  return match?.[1] !== undefined ? Number(match[1]) : Number.POSITIVE_INFINITY;
}

export function highestSeverity(state: Pick<IncidentState, 'severity' | 'severityHistory'>): string {
  const initial = state.severityHistory[0]?.from ?? state.severity;
  const all = [initial, ...state.severityHistory.map((c) => c.to)];
  let best = state.severity;
  for (const s of all) if (severityRank(s) < severityRank(best)) best = s;
  return best;
}

function severityLine(state: IncidentState, day: string): string {
  const highest = inlineText(highestSeverity(state), 40);
  if (state.severityHistory.length === 0) return highest;
  const changes = state.severityHistory.map(
    (c) => `${inlineText(c.from, 40)} → ${inlineText(c.to, 40)} at ${utcTime(c.at, day)} by ${mention(c.actor)}`,
  );
  return `${highest} (changes: ${changes.join('; ')})`;
}

/** The commanders first (they own the document), then everyone else who acted; not `system`. */
export function authors(state: Pick<IncidentState, 'commander' | 'commanderHistory' | 'actors'>): string[] {
  const first = state.commanderHistory[0]?.from ?? state.commander;
  const names = [first, ...state.commanderHistory.map((c) => c.to), ...state.actors];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of names) {
    if (name === 'system' || name.trim().length === 0 || seen.has(name)) continue;
    seen.add(name);
    out.push(name);
  }
  return out;
}

/** `**Roles**: commander @alice; operations @bob (handed over from @carol)`: a shared room's roles. */
function rolesLine(state: IncidentState): string[] {
  const history = state.roleHistory ?? [];
  if (history.length === 0) return [];
  const parts = [`commander ${mention(state.commander)}`];
  for (const role of ['operations', 'communications', 'scribe'] as const) {
    const holders = history.filter((h) => h.role === role).map((h) => h.to);
    if (holders.length === 0) continue;
    const now = holders.at(-1) ?? '';
    const before = [...new Set(holders.slice(0, -1))].filter((n) => n !== now);
    parts.push(`${role} ${mention(now)}${before.length > 0 ? ` (before: ${before.map(mention).join(', ')})` : ''}`);
  }
  return [`**Roles**: ${parts.join('; ')}`];
}

export function headerMarkdown(state: IncidentState, day: string): string[] {
  const m = computeMetrics(state);
  const people = authors(state);
  return [
    `# Incident Post-Mortem: ${state.mode.dryRun ? '[DRILL] ' : ''}${inlineText(state.title, 200)}`,
    '',
    ...(state.mode.dryRun ? ['**Drill**: opened with --dry-run; nothing ran and no message was sent (they are in outbox.jsonl, marked as a drill)', ''] : []),
    `**Date**: ${day}`,
    `**Authors**: ${people.length > 0 ? people.map(mention).join(', ') : 'unknown'}`,
    ...rolesLine(state),
    '**Status**: Draft',
    `**Severity**: ${severityLine(state, day)}`,
    `**Time to Detect (TTD)**: ${formatMetric(m.timeToDetectMs)}`,
    `**Time to Resolve (TTR)**: ${formatMetric(m.timeToResolveMs)}`,
    `**Time to Acknowledge (TTA)**: ${formatMetric(m.timeToAcknowledgeMs)}`,
    `**Time to Mitigate (TTM)**: ${formatMetric(m.timeToMitigateMs)}`,
  ];
}
