// The first message of the incident, edited in place (chat.update) to show where things stand,
// so the channel has one live headline instead of a flood (as incident.io and Monzo's Response
// do). Same shape as the alert, with the current status instead of `Triggered`.
import type { IncidentState } from '../incident/state.ts';
import { formatTimeOfDay } from '../time.ts';
import { alertText, RESOLVED_COLOR, severityColor } from './alert.ts';
import { commanderHandle, escapeSlack, mentionOrText } from './format.ts';
import { fitSlackLimits } from './limits.ts';
import { statusWord, type ComposedMessage } from './types.ts';

export function buildHeadline(
  state: Pick<IncidentState, 'severity' | 'title' | 'runbook' | 'status' | 'commander' | 'updates' | 'resolvedAt'>,
  options: { mention: string; now: Date },
): ComposedMessage {
  const status = statusWord(state.status);
  const title = `[${state.severity}] Incident: ${state.title}`;
  const commander = commanderHandle(state.commander);
  const impact = [...state.updates].reverse().find((u) => u.kind === 'internal' && u.fields.impact)?.fields.impact;
  const text = impact ? `${alertText(state)}\nImpact: ${impact}` : alertText(state);
  const updated = `Updated ${formatTimeOfDay(options.now.getTime())} UTC`;
  const plain = `${title}\n${text}\nStatus: ${status}\nIncident Commander: ${commander}\n${updated}`;
  return {
    plain,
    slack: fitSlackLimits({
      text: `${escapeSlack(title)}: ${status}`,
      attachments: [
        {
          color: state.status === 'resolved' ? RESOLVED_COLOR : severityColor(state.severity),
          title,
          text: escapeSlack(text),
          fields: [
            { title: 'Status', value: status, short: true },
            { title: 'Incident Commander', value: mentionOrText(commander), short: true },
            { title: 'Engineer', value: mentionOrText(options.mention), short: true },
          ],
          footer: updated,
        },
      ],
    }),
  };
}
