// Small text helpers shared by the message builders.
import type { SectionBlock } from '@slack/types';
import type { IncidentState } from '../incident/state.ts';

/** Slack treats &, < and > as control characters in text; user words are escaped. */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A Slack mention (`<!here>`, `<@U1>`, `<!subteam^S1>`) passes through; anything else is escaped. */
export function mentionOrText(text: string): string {
  return /^<[!@#][^<>]*>$/.test(text.trim()) ? text.trim() : escapeSlack(text);
}

/** `@alice` as in the seed's template; a Slack mention or an `@name` is kept as it is. */
export function commanderHandle(name: string): string {
  const trimmed = name.trim();
  if (trimmed.startsWith('@') || trimmed.startsWith('<')) return trimmed;
  return `@${trimmed}`;
}

/** `SEV-2: API High Latency`. */
export function incidentLabel(state: Pick<IncidentState, 'severity' | 'title'>): string {
  return `${state.severity}: ${state.title}`;
}

/** Remove links (Slack `<url|label>` keeps its label; bare URLs go) for link-free summaries. */
export function withoutLinks(text: string): string {
  return text
    .replace(/<(https?:[^|>]*)\|([^>]*)>/g, '$2')
    .replace(/<https?:[^>]*>/g, '')
    .replace(/\bhttps?:\/\/\S+/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export interface LabelledLine {
  label: string;
  /** Already escaped / mention-safe for Slack. */
  slackValue: string;
  plainValue: string;
}

/** `*Label*: value` lines for Slack and `Label: value` for the plain rendering. */
export function labelledLines(heading: string, lines: readonly LabelledLine[]): { plain: string; mrkdwn: string } {
  const plain = [heading, ...lines.map((l) => `${l.label}: ${l.plainValue}`)].join('\n');
  const mrkdwn = [`*${escapeSlack(heading)}*`, ...lines.map((l) => `*${l.label}*: ${l.slackValue}`)].join('\n');
  return { plain, mrkdwn };
}

export function section(mrkdwn: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } };
}

export function line(label: string, value: string, slackValue = escapeSlack(value)): LabelledLine {
  return { label, plainValue: value, slackValue };
}

/** Multi-line values (actions) render as a list under their label. */
export function listLine(label: string, items: readonly string[], empty: string): LabelledLine {
  if (items.length === 0) return line(label, empty);
  if (items.length === 1) return line(label, items[0] ?? empty);
  return {
    label,
    plainValue: items.map((i) => `\n- ${i}`).join(''),
    slackValue: items.map((i) => `\n• ${escapeSlack(i)}`).join(''),
  };
}
