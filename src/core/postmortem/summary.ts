// Summary and Impact: what the journal already says in words (the resolution summary, the last
// internal update's impact, the public updates), plus the facts it can state; anything it
// cannot know is left as a visible `_TODO: ..._` prompt rather than invented.
import type { IncidentState, PostedUpdate } from '../incident/state.ts';
import { formatDuration } from '../time.ts';
import { utcTime } from './clock-text.ts';
import { inlineText, paragraphText } from './markdown.ts';

function field(update: PostedUpdate, name: string): string | null {
  const entry = Object.entries(update.fields).find(([k]) => k.toLowerCase() === name);
  const value = entry?.[1]?.trim();
  return value ? value : null;
}

function factsSentence(state: IncidentState, day: string): string {
  const service = state.service ? ` on ${inlineText(state.service, 80)}` : '';
  const opened = `war room opened ${utcTime(state.openedAt, day)}`;
  if (state.status === 'resolved' && state.resolvedAt !== null) {
    const took = formatDuration(Date.parse(state.resolvedAt) - Date.parse(state.openedAt));
    return `${inlineText(state.severity, 40)} incident${service}: ${opened}, resolved ${utcTime(state.resolvedAt, day)} (${took} in the war room).`;
  }
  return `${inlineText(state.severity, 40)} incident${service}: ${opened}; not resolved when this draft was written (status: ${state.status}).`;
}

export function summaryMarkdown(state: IncidentState, day: string): string[] {
  const lines = [factsSentence(state, day), ''];
  if (state.resolvedSummary && state.resolvedSummary.trim().length > 0) {
    lines.push(paragraphText(state.resolvedSummary));
    return lines;
  }
  // No resolution summary: start from what was last said internally, and ask for the rest.
  const last = state.updates.filter((u) => u.kind === 'internal').at(-1);
  const impact = last ? field(last, 'impact') : null;
  const actions = last ? field(last, 'actions') : null;
  if (last && (impact !== null || actions !== null)) {
    const clause = (text: string) => inlineText(text).replace(/[.;,\s]+$/, '');
    const said = [impact ? `impact: ${clause(impact)}` : null, actions ? `actions: ${clause(actions)}` : null]
      .filter((part) => part !== null)
      .join('; ');
    lines.push(`Last internal update (${utcTime(last.at, day)}): ${said}.`, '');
  }
  lines.push('_TODO: what happened, the impact, and the root cause, in two or three sentences._');
  return lines;
}

export function impactMarkdown(state: IncidentState, day: string): string[] {
  const lines: string[] = [];
  const lastInternalWithImpact = state.updates.filter((u) => u.kind === 'internal' && field(u, 'impact') !== null).at(-1);
  if (lastInternalWithImpact) {
    const impact = field(lastInternalWithImpact, 'impact') ?? '';
    lines.push(`- ${inlineText(impact)} (last internal update, ${utcTime(lastInternalWithImpact.at, day)})`);
  }
  for (const update of state.updates.filter((u) => u.kind === 'public')) {
    const status = field(update, 'status');
    const label = status ? ` (${inlineText(status, 40)})` : '';
    // The composer keeps the status word and the sentence apart; the plain text joins them.
    const said = field(update, 'text') ?? update.text;
    lines.push(`- Public status at ${utcTime(update.at, day)}${label}: ${inlineText(said)}`);
  }
  if (lines.length === 0) {
    lines.push('- _TODO: who was affected and how (errors, latency), how many users or requests, and for how long._');
  } else {
    lines.push('- _TODO: numbers: users or requests affected, revenue or SLA impact._');
  }
  return lines;
}
