// The configuration keys warroom knows: one table drives `config set/get/list`, the env
// overrides, masking of secrets and the JSON schema conf validates the file with.
//
// Key syntax: dot-separated segments. A segment may be double-quoted to hold spaces or dots:
//   escalation.targets."Engineering Manager".slack
// In a shell, `escalation.targets."Engineering Manager".slack` unquoted reaches us as
// `escalation.targets.Engineering Manager.slack` (the shell drops the quotes), which parses to
// the same segments; single-quote the whole key when a role name contains a dot.
import { UsageError } from '../errors.ts';
import { maskShareUrl, parseShareUrl } from './share/connection.ts';

export type ValueKind = 'text' | 'url' | 'postgres-url' | 'positive-integer' | 'list' | 'choice';

export interface KeySpec {
  /** Segments, e.g. ['slack', 'token']; `*` stands for a role name under escalation.targets. */
  path: readonly string[];
  kind: ValueKind;
  secret: boolean;
  /** Environment variable that overrides the file. */
  env?: string;
  default?: string | number | string[];
  /** For kind 'choice': the accepted values. */
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
    path: ['share', 'url'],
    kind: 'postgres-url',
    secret: true,
    env: 'WARROOM_SHARE_URL',
    help: 'PostgreSQL holding shared war rooms: postgres://user:password@host:5432/db?sslmode=verify-full',
  },
  { path: ['share', 'caFile'], kind: 'text', secret: false, env: 'WARROOM_SHARE_CA_FILE', help: 'CA bundle (PEM) that signed the PostgreSQL server certificate' },
  { path: ['share', 'terminal'], kind: 'text', secret: false, help: 'name of this terminal in a shared room (default: user@host)' },
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
    case 'postgres-url':
      // Checked now (scheme, sslmode, parameters) so a typo is found here, not mid-incident.
      try {
        parseShareUrl(value);
      } catch (error) {
        throw new UsageError(`config ${key}: ${error instanceof Error ? error.message.replace(/^share\.url:? ?/, '') : String(error)}`);
      }
      return value;
    case 'positive-integer': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`config ${key}: expected a whole number ≥ 1, got ${raw}`);
      return n;
    }
    case 'choice':
      if (!spec.choices?.includes(value)) throw new UsageError(`config ${key}: expected one of ${spec.choices?.join(', ')}, got ${raw}`);
      return value;
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

/**
 * `xoxb…abcd` style: enough to recognise which secret is set, never enough to use it.
 * URLs keep their origin (the host is not the secret, the path is).
 */
export function maskSecret(value: string): string {
  // A database URL: user, host and database are not the secret, the password is.
  if (/^postgres(ql)?:\/\//.test(value)) return maskShareUrl(value);
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
  share: obj({ url: str, caFile: str, terminal: str }),
} as const;
