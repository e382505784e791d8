// The incident alert posted when the war room opens, as in the seed's Slack script: an
// attachment titled `[SEV-2] Incident Alert`, red for SEV-1 and orange otherwise, with the
// fields Status `Triggered` and Engineer `<!here>`.
import type { IncidentState } from '../incident/state.ts';
import { escapeSlack, mentionOrText } from './format.ts';
import { fitSlackLimits } from './limits.ts';
import type { ComposedMessage } from './types.ts';

export const SEV1_COLOR = '#ff0000';
export const OTHER_SEV_COLOR = '#ffa500';
export const RESOLVED_COLOR = '#2eb67d';

export function severityColor(severity: string): string {
  return severity.trim().toUpperCase() === 'SEV-1' ? SEV1_COLOR : OTHER_SEV_COLOR;
}

export interface AlertOptions {
  /** Who the alert notifies: `slack.mention` (default `<!here>`). */
  mention: string;
}

/** The alert's body: the incident title and the runbook's trigger, when it has one. */
export function alertText(state: Pick<IncidentState, 'title' | 'runbook'>): string {
  const trigger = state.runbook.trigger;
  return trigger ? `${state.title}\nTrigger: ${trigger}` : state.title;
}

export function buildAlert(
  state: Pick<IncidentState, 'severity' | 'title' | 'runbook'>,
  options: AlertOptions,
): ComposedMessage {
  const title = `[${state.severity}] Incident Alert`;
  const text = alertText(state);
  const plain = `${title}\n${text}\nStatus: Triggered\nEngineer: ${options.mention}`;
  return {
    plain,
    slack: fitSlackLimits({
      text: `${escapeSlack(title)}: ${escapeSlack(state.title)} ${mentionOrText(options.mention)}`,
      attachments: [
        {
          color: severityColor(state.severity),
          title,
          text: escapeSlack(text),
          fields: [
            { title: 'Status', value: 'Triggered', short: true },
            { title: 'Engineer', value: mentionOrText(options.mention), short: true },
          ],
        },
      ],
    }),
  };
}
