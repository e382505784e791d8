// The public status update: a status word and plain-language text, as in the seed's template
// `**Investigating**: We are currently experiencing degraded performance on our API. ...`.
// Built from those two fields only, never from the incident state, so no command, host or
// person can reach it except through what the operator types; publicTextWarnings() flags that.
import type { IncidentState } from '../incident/state.ts';
import { escapeSlack } from './format.ts';
import { fitSlackLimits } from './limits.ts';
import type { ComposedMessage, PublicUpdateFields, StatusWord } from './types.ts';

/** Default texts; Investigating is the seed's template word for word. */
export const PUBLIC_TEMPLATES: Readonly<Record<StatusWord, string>> = {
  Investigating:
    'We are currently experiencing degraded performance on our API. Users may perceive slow loading times. Our team is investigating the issue.',
  Identified: 'We have identified the cause of the degraded performance on our API and are working on a fix.',
  Monitoring: 'A fix has been implemented and we are monitoring the results. Performance is returning to normal.',
  Resolved: 'This incident has been resolved. Our API is operating normally. We apologise for the inconvenience.',
};

export function buildPublicUpdate(fields: PublicUpdateFields): ComposedMessage {
  const text = fields.text.trim();
  const plain = `${fields.status}: ${text}`;
  return {
    plain,
    slack: fitSlackLimits({
      text: `${fields.status}: ${escapeSlack(text)}`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${fields.status}*: ${escapeSlack(text)}` } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Public status update' }] },
      ],
    }),
  };
}

const HOST = /\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:internal|local|lan|corp|svc|cluster\.local|prod|staging)\b/i;
const COMMAND_WORDS = /\b(?:kubectl|helm|ssh|sudo|curl|systemctl|docker|psql|mysql|redis-cli|aws|gcloud|az)\b/i;
const RESOURCE = /\b(?:deployment|deploy|pod|pods|statefulset|daemonset|svc|service|node|ns|namespace|configmap|secret)\/[\w.-]+/i;

/**
 * Internal details found in a public text: commands, hosts, resource names, and the names of
 * people in the incident. Shown as warnings in the composer; the text is the operator's call.
 */
export function publicTextWarnings(
  text: string,
  state: Pick<IncidentState, 'commander' | 'actors' | 'commands'>,
): string[] {
  const warnings: string[] = [];
  const command = COMMAND_WORDS.exec(text);
  if (command) warnings.push(`mentions a command (${command[0]})`);
  const host = HOST.exec(text);
  if (host) warnings.push(`mentions a host (${host[0]})`);
  const resource = RESOURCE.exec(text);
  if (resource) warnings.push(`mentions an internal resource (${resource[0]})`);
  const lower = text.toLowerCase();
  for (const name of new Set([state.commander, ...state.actors])) {
    const bare = name.replace(/^@/, '').trim();
    if (bare.length >= 2 && bare !== 'system' && new RegExp(`(^|[^\\w])@?${escapeRegExp(bare.toLowerCase())}($|[^\\w])`).test(lower)) {
      warnings.push(`names a person (${bare})`);
    }
  }
  for (const run of state.commands) {
    const script = (run.script ?? run.template).trim();
    if (script.length >= 8 && text.includes(script)) warnings.push('contains a command that ran');
  }
  return [...new Set(warnings)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
