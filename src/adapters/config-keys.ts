// The configuration keys warroom knows: one table drives `config set/get/list`, the env
// overrides, masking of secrets and the JSON schema conf validates the file with.
//
// Key syntax: dot-separated segments. A segment may be double-quoted to hold spaces or dots:
//   escalation.targets."Engineering Manager".slack
// In a shell, `escalation.targets."Engineering Manager".slack` unquoted reaches us as
// `escalation.targets.Engineering Manager.slack` (the shell drops the quotes), which parses to
// the same segments; single-quote the whole key when a role name contains a dot.
import { UsageError } from '../errors.ts';
import { DEFAULT_IMPACT_MAP } from '../core/statuspage/requests.ts';
import { PAGE_IMPACTS } from '../core/statuspage/types.ts';
import { PROVIDER_NAMES } from './statuspage/providers.ts';

/** `pairs`: `KEY=value` entries (typed `SEV-1=critical,SEV-2=major` or as a JSON object), values from `choices`. */
export type ValueKind = 'text' | 'url' | 'positive-integer' | 'list' | 'choice' | 'pairs';

export interface KeySpec {
  /** Segments, e.g. ['slack', 'token']; `*` stands for a role name under escalation.targets. */
  path: readonly string[];
  kind: ValueKind;
  secret: boolean;
  /** Environment variable that overrides the file. */
  env?: string;
  default?: string | number | string[];
  /** For kind 'choice' (and the values of kind 'pairs'): the accepted values. */
  choices?: readonly string[];
  help: string;
}

export const CONFIG_KEYS: readonly KeySpec[] = [
  { path: ['operator'], kind: 'text', secret: false, help: 'your name in the journal (default: $USER)' },
  { path: ['commander'], kind: 'text', secret: false, help: 'default incident commander (default: the operator)' },
  { path: ['slack', 'webhookUrl'], kind: 'url', secret: true, env: 'WARROOM_SLACK_WEBHOOK_URL', help: 'incoming webhook URL (webhook mode)' },
  { path: ['slack', 'token'], kind: 'text', secret: true, env: 'WARROOM_SLACK_TOKEN', help: 'bot token xoxb-… (Web API mode, with slack.channel)' },
  { path: ['slack', 'channel'], kind: 'text', secret: false, env: 'WARROOM_SLACK_CHANNEL', help: 'channel id or #name for the Web API' },
  { path: ['slack', 'apiUrl'], kind: 'url', secret: false, env: 'WARROOM_SLACK_API_URL', default: 'https://slack.com/api', help: 'Slack Web API base URL (GovSlack, tests)' },
  { path: ['slack', 'mention'], kind: 'text', secret: false, default: '<!here>', help: 'who the incident alert notifies' },
  { path: ['pagerduty', 'routingKey'], kind: 'text', secret: true, env: 'WARROOM_PAGERDUTY_ROUTING_KEY', help: 'Events API v2 routing key used when a target has none' },
  { path: ['pagerduty', 'url'], kind: 'url', secret: false, env: 'WARROOM_PAGERDUTY_URL', default: 'https://events.pagerduty.com/v2/enqueue', help: 'Events API v2 endpoint (EU region, tests)' },
  {
    path: ['escalation', 'countFrom'],
    kind: 'choice',
    choices: ['detection', 'open'],
    secret: false,
    default: 'detection',
    help: 'where thresholds count from: detection (the alert, when --detected-at gives it) or open (when the war room opened)',
  },
  { path: ['escalation', 'targets', '*', 'slack'], kind: 'text', secret: false, help: 'Slack mention for a role, e.g. <!subteam^S123>' },
  { path: ['escalation', 'targets', '*', 'pagerduty'], kind: 'text', secret: true, help: 'PagerDuty routing key for a role' },
  { path: ['updates', 'cadenceMinutes'], kind: 'positive-integer', secret: false, default: 15, help: 'minutes promised until the next update' },
  { path: ['flags', 'command'], kind: 'text', secret: false, help: 'command that toggles a feature flag ({flag} and {value} filled in)' },
  { path: ['flags', 'url'], kind: 'url', secret: false, help: 'HTTP endpoint that toggles a feature flag' },
  { path: ['runbooks', 'folders'], kind: 'list', secret: false, help: 'extra runbook folders (comma-separated or a JSON array)' },
  { path: ['commands', 'timeoutSeconds'], kind: 'positive-integer', secret: false, help: 'default timeout for runbook commands' },
  {
    path: ['statuspage', 'provider'],
    kind: 'choice',
    choices: PROVIDER_NAMES,
    secret: false,
    env: 'WARROOM_STATUSPAGE_PROVIDER',
    default: 'atlassian',
    help: 'which status page public updates go to: atlassian (Statuspage) or incidentio',
  },
  { path: ['statuspage', 'apiKey'], kind: 'text', secret: true, env: 'WARROOM_STATUSPAGE_API_KEY', help: 'status page API key (Statuspage OAuth key, incident.io key with the status page scope)' },
  { path: ['statuspage', 'pageId'], kind: 'text', secret: false, env: 'WARROOM_STATUSPAGE_PAGE_ID', help: 'the Statuspage page id, or the incident.io status page id' },
  { path: ['statuspage', 'apiUrl'], kind: 'url', secret: false, env: 'WARROOM_STATUSPAGE_API_URL', help: "API base URL (tests); default: the provider's public API" },
  {
    path: ['statuspage', 'impactMap'],
    kind: 'pairs',
    choices: PAGE_IMPACTS,
    secret: false,
    default: Object.entries(DEFAULT_IMPACT_MAP).map(([severity, impact]) => `${severity}=${impact}`),
    help: 'severity to status-page impact (none, minor, major, critical), e.g. SEV-1=critical,SEV-2=major',
  },
  { path: ['statuspage', 'components'], kind: 'list', secret: false, help: "components preselected when the runbook's front matter names none" },
  { path: ['comms', 'internalDomains'], kind: 'list', secret: false, help: 'domains that never belong in a public update (e.g. corp.example.com)' },
];

/** Split a key into segments, honouring double-quoted segments. */
export function parseKey(key: string): string[] {
  const segments: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of key) {
    if (char === '"') quoted = !quoted;
    else if (char === '.' && !quoted) {
      segments.push(current);
      current = '';
    } else current += char;
  }
  if (quoted) throw new UsageError(`config key ${key}: unbalanced quote`);
  segments.push(current);
  if (segments.some((s) => s.trim() === '')) throw new UsageError(`config key ${key}: empty segment`);
  return segments.map((s) => s.trim());
}

/** The key as written back to the user: segments with spaces or dots are quoted. */
export function formatKey(segments: readonly string[]): string {
  return segments.map((s) => (/[\s."]/.test(s) ? `"${s}"` : s)).join('.');
}

export function findKeySpec(segments: readonly string[]): KeySpec | undefined {
  return CONFIG_KEYS.find(
    (spec) => spec.path.length === segments.length && spec.path.every((p, i) => p === '*' || p === segments[i]),
  );
}

export function knownKeysLine(): string {
  return CONFIG_KEYS.map((spec) => formatKey(spec.path.map((p) => (p === '*' ? '<Role>' : p)))).join(', ');
}

/** Check and convert a value typed on the command line for a key. */
export function parseValue(spec: KeySpec, key: string, raw: string): string | number | string[] {
  const value = raw.trim();
  switch (spec.kind) {
    case 'text':
      if (value === '') throw new UsageError(`config ${key}: value is empty (use \`warroom config unset ${key}\`)`);
      return value;
    case 'url': {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new UsageError(`config ${key}: not a URL (expected http:// or https://)`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new UsageError(`config ${key}: not an http(s) URL`);
      }
      return value;
    }
    case 'positive-integer': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`config ${key}: expected a whole number ≥ 1, got ${raw}`);
      return n;
    }
    case 'choice':
      if (!spec.choices?.includes(value)) throw new UsageError(`config ${key}: expected one of ${spec.choices?.join(', ')}, got ${raw}`);
      return value;
    case 'pairs':
      return parsePairs(spec, key, value);
    case 'list': {
      if (value.startsWith('[')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(value);
        } catch {
          throw new UsageError(`config ${key}: not a JSON array of strings`);
        }
        if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) {
          throw new UsageError(`config ${key}: not a JSON array of strings`);
        }
        return parsed;
      }
      return value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    }
  }
}

function parsePairs(spec: KeySpec, key: string, value: string): string[] {
  let entries: [string, string][];
  if (value.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new UsageError(`config ${key}: not a JSON object`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`config ${key}: not a JSON object`);
    entries = Object.entries(parsed).map(([k, v]) => [k, String(v)]);
  } else {
    entries = value
      .split(',')
      .map((pair) => pair.trim())
      .filter((pair) => pair !== '')
      .map((pair) => {
        const at = pair.indexOf('=');
        if (at <= 0) throw new UsageError(`config ${key}: expected KEY=value pairs, got ${pair}`);
        return [pair.slice(0, at), pair.slice(at + 1)];
      });
  }
  return entries.map(([k, v]) => {
    const name = k.trim();
    const choice = v.trim();
    if (name === '') throw new UsageError(`config ${key}: a pair has an empty key`);
    if (!spec.choices?.includes(choice)) throw new UsageError(`config ${key}: ${name}: expected one of ${spec.choices?.join(', ')}, got ${choice}`);
    return `${name}=${choice}`;
  });
}

/**
 * `xoxb…abcd` style: enough to recognise which secret is set, never enough to use it.
 * URLs keep their origin (the host is not the secret, the path is).
 */
export function maskSecret(value: string): string {
  if (/^https?:\/\//.test(value)) {
    try {
      const url = new URL(value);
      return `${url.origin}/…${value.length > 24 ? value.slice(-4) : ''}`;
    } catch {
      // not a URL after all: fall through
    }
  }
  if (value.length <= 12) return '••••';
  return `${value.slice(0, 4)}…${value.slice(-4)}`;
}

const str = { type: 'string' } as const;
const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties, additionalProperties: false });

/** JSON schema (properties) for conf; the file is ours, so unknown keys are refused. */
export const CONFIG_SCHEMA = {
  operator: str,
  commander: str,
  slack: obj({ webhookUrl: str, token: str, channel: str, apiUrl: str, mention: str }),
  pagerduty: obj({ routingKey: str, url: str }),
  escalation: obj({
    countFrom: { type: 'string', enum: ['detection', 'open'] },
    targets: { type: 'object', additionalProperties: obj({ slack: str, pagerduty: str }) },
  }),
  updates: obj({ cadenceMinutes: { type: 'integer', minimum: 1 } }),
  flags: obj({ command: str, url: str }),
  runbooks: obj({ folders: { type: 'array', items: str } }),
  commands: obj({ timeoutSeconds: { type: 'integer', minimum: 1 } }),
  statuspage: obj({
    provider: { type: 'string', enum: PROVIDER_NAMES },
    apiKey: str,
    pageId: str,
    apiUrl: str,
    impactMap: { type: 'array', items: str },
    components: { type: 'array', items: str },
  }),
  comms: obj({ internalDomains: { type: 'array', items: str } }),
} as const;
