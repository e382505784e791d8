// The internal status update, as in the seed's template:
//   [Ack] SEV-2: API High Latency
//   Incident Commander: @alice / Status / Impact / Actions / Next Update: 15 mins
import { DRILL_MARKER } from './drill.ts';
import type { IncidentState } from '../incident/state.ts';
import { commanderHandle, incidentLabel, labelledLines, line, listLine, mentionOrText, section } from './format.ts';
import { fitSlackLimits } from './limits.ts';
import { statusWord, type ComposedMessage, type InternalUpdateFields } from './types.ts';

/**
 * The heading's tag: `Ack` while investigating once someone acknowledged (as in the seed; never
 * before, or the update and the TTA metric would disagree), then the status word.
 */
export function updateTag(state: Pick<IncidentState, 'status' | 'acknowledged'>): string {
  if (state.status !== 'investigating') return statusWord(state.status);
  return state.acknowledged ? 'Ack' : statusWord(state.status);
}

/** Minutes from the Next Update field (`15`, `15 mins`, `15m`); null for none or nonsense. */
export function parseNextUpdateMinutes(text: string): number | null {
  const match = /^\s*(\d+)\s*(m|min|mins|minutes?)?\s*$/i.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]);
  return minutes > 0 ? minutes : null;
}

export function formatNextUpdate(text: string): string {
  const minutes = parseNextUpdateMinutes(text);
  if (minutes !== null) return `${minutes} mins`;
  return text.trim() === '' ? 'None' : text.trim();
}

/** Actions are edited as one line; `;` separates items. */
export function splitActions(text: string): string[] {
  return text
    .split(/\s*;\s*|\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function joinActions(items: readonly string[]): string {
  return items.join('; ');
}

export function buildInternalUpdate(
  state: Pick<IncidentState, 'severity' | 'title' | 'commander' | 'status' | 'acknowledged'> & { mode?: IncidentState['mode'] },
  fields: InternalUpdateFields,
): ComposedMessage {
  const heading = `${state.mode?.dryRun ? `${DRILL_MARKER} ` : ''}[${updateTag(state)}] ${incidentLabel(state)}`;
  const commander = commanderHandle(state.commander);
  const { plain, mrkdwn } = labelledLines(heading, [
    line('Incident Commander', commander, mentionOrText(commander)),
    line('Status', fields.status),
    line('Impact', fields.impact.trim() === '' ? 'Unknown' : fields.impact.trim()),
    listLine('Actions', splitActions(fields.actions), 'None yet'),
    line('Next Update', formatNextUpdate(fields.nextUpdate)),
  ]);
  return { plain, slack: fitSlackLimits({ text: mrkdwnFallback(mrkdwn), blocks: [section(mrkdwn)] }) };
}

/** The notification text: the same lines without the bold markers. */
export function mrkdwnFallback(mrkdwn: string): string {
  return mrkdwn.replace(/\*([^*\n]+)\*/g, '$1');
}
