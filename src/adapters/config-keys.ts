// The configuration keys warroom knows: one table drives `config set/get/list`, the env
// overrides, masking of secrets and the check of the file (config-check.ts). CONFIG_SCHEMA below
// states the same rules as a JSON schema, the file format's documentation; a test holds the two
// to accepting exactly the same files.
//
// Key syntax: dot-separated segments. A segment may be double-quoted to hold spaces or dots:
//   escalation.targets."Engineering Manager".slack
// In a shell, `escalation.targets."Engineering Manager".slack` unquoted reaches us as
// `escalation.targets.Engineering Manager.slack` (the shell drops the quotes), which parses to
// the same segments; single-quote the whole key when a role name contains a dot.
import { UsageError } from '../errors.ts';
import { DEFAULT_SEVERITY_MAP } from '../core/alerts/incident-fill.ts';
import { DEFAULT_IMPACT_MAP } from '../core/statuspage/requests.ts';
import { PAGE_IMPACTS } from '../core/statuspage/types.ts';
import { PROVIDER_NAMES } from './statuspage/providers.ts';
import { maskShareUrl, parseShareUrl } from './share/connection.ts';

export type ValueKind = 'text' | 'url' | 'positive-integer' | 'list' | 'choice' | 'map' | 'postgres-url';

/** A value as stored: maps (`runbooks.urlMap`, `alerts.severityMap`, `statuspage.impactMap`) are JSON objects of strings. */
export type ConfigValue = string | number | string[] | Record<string, string>;

export interface KeySpec {
  /** Segments, e.g. ['slack', 'token']; `*` stands for a role name under escalation.targets. */
  path: readonly string[];
  kind: ValueKind;
  secret: boolean;
  /** Environment variable that overrides the file. */
  env?: string;
  default?: ConfigValue;
  /** For kind 'choice', and the values of kind 'map': the accepted values. */
  choices?: readonly string[];
  help: string;
}

const APPROVALS = ['off', 'change', 'destructive'];
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
  { path: ['runbooks', 'urlMap'], kind: 'map', secret: false, help: 'runbook_url prefix → local folder (prefix=folder,… or a JSON object)' },
  { path: ['runbooks', 'fetchPrefixes'], kind: 'list', secret: false, help: 'URL prefixes a runbook may be fetched from over HTTP' },
  { path: ['runbooks', 'fetchMaxBytes'], kind: 'positive-integer', secret: false, default: 1_048_576, help: 'largest runbook fetched over HTTP, bytes' },
  { path: ['alertmanager', 'url'], kind: 'url', secret: false, env: 'WARROOM_ALERTMANAGER_URL', help: 'Alertmanager base URL, e.g. https://alertmanager.example:9093' },
  { path: ['alertmanager', 'token'], kind: 'text', secret: true, env: 'WARROOM_ALERTMANAGER_TOKEN', help: 'bearer token for Alertmanager (or a proxy in front of it)' },
  { path: ['alertmanager', 'username'], kind: 'text', secret: false, env: 'WARROOM_ALERTMANAGER_USERNAME', help: 'basic-auth user for Alertmanager' },
  { path: ['alertmanager', 'password'], kind: 'text', secret: true, env: 'WARROOM_ALERTMANAGER_PASSWORD', help: 'basic-auth password for Alertmanager' },
  { path: ['alertmanager', 'caFile'], kind: 'text', secret: false, env: 'WARROOM_ALERTMANAGER_CA_FILE', help: 'PEM file of the CA that signed Alertmanager\'s certificate' },
  { path: ['alerts', 'severityMap'], kind: 'map', secret: false, default: DEFAULT_SEVERITY_MAP, help: 'alert severity label → incident severity (replaces the default map)' },
  { path: ['pagerduty', 'apiToken'], kind: 'text', secret: true, env: 'WARROOM_PAGERDUTY_API_TOKEN', help: 'REST API v2 token (incidents assigned to you, acknowledge, notes, resolve)' },
  { path: ['pagerduty', 'apiUrl'], kind: 'url', secret: false, env: 'WARROOM_PAGERDUTY_API_URL', default: 'https://api.pagerduty.com', help: 'REST API base URL (EU: https://api.eu.pagerduty.com, tests)' },
  { path: ['pagerduty', 'email'], kind: 'text', secret: false, env: 'WARROOM_PAGERDUTY_EMAIL', help: 'your PagerDuty login email (finds your user; the From header of writes)' },
  { path: ['commands', 'timeoutSeconds'], kind: 'positive-integer', secret: false, help: 'default timeout for runbook commands' },
  { path: ['commands', 'approval'], kind: 'choice', choices: APPROVALS, secret: false, default: 'off', help: 'two-person rule in a shared room: commands at or above this risk wait for another responder (A)' },
  {
    path: ['commands', 'graceSeconds'],
    kind: 'positive-integer',
    secret: false,
    default: 5,
    help: 'seconds between SIGTERM and SIGKILL when a command is cancelled, times out or warroom is closed',
  },
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
    kind: 'map',
    choices: PAGE_IMPACTS,
    secret: false,
    default: { ...DEFAULT_IMPACT_MAP },
    help: 'severity to status-page impact (none, minor, major, critical), e.g. SEV-1=critical,SEV-2=major',
  },
  { path: ['statuspage', 'components'], kind: 'list', secret: false, help: "components preselected when the runbook's front matter names none" },
  { path: ['comms', 'internalDomains'], kind: 'list', secret: false, help: 'domains that never belong in a public update (e.g. corp.example.com)' },
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
export function parseValue(spec: KeySpec, key: string, raw: string): ConfigValue {
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
    case 'map':
      return parseMap(spec, key, value);
  }
}

/**
 * `a=b, c=d` (split at the first `=`) or a JSON object of strings. With `choices`, every value
 * must be one of them (`statuspage.impactMap` values are impacts).
 */
function parseMap(spec: KeySpec, key: string, value: string): Record<string, string> {
  const map: Record<string, string> = {};
  if (value.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new UsageError(`config ${key}: not a JSON object of strings`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !Object.values(parsed).every((v) => typeof v === 'string')) {
      throw new UsageError(`config ${key}: not a JSON object of strings`);
    }
    for (const [k, v] of Object.entries(parsed as Record<string, string>)) map[k.trim()] = v.trim();
  } else {
    for (const pair of value.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const at = pair.indexOf('=');
      if (at <= 0 || at === pair.length - 1) throw new UsageError(`config ${key}: expected key=value pairs, got ${pair}`);
      map[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
  }
  if (Object.keys(map).length === 0) throw new UsageError(`config ${key}: value is empty (use \`warroom config unset ${key}\`)`);
  if (spec.choices) {
    for (const [name, choice] of Object.entries(map)) {
      if (!spec.choices.includes(choice)) throw new UsageError(`config ${key}: ${name}: expected one of ${spec.choices.join(', ')}, got ${choice}`);
    }
  }
  return map;
}

/** A map as `a=b, c=d`, the form `config set` accepts back. */
export function formatMap(map: Readonly<Record<string, string>>): string {
  return Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
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
const stringMap = { type: 'object', additionalProperties: str } as const;
const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties, additionalProperties: false });

/** The file format as a JSON schema (properties); the file is ours, so unknown keys are refused. */
export const CONFIG_SCHEMA = {
  operator: str,
  commander: str,
  slack: obj({ webhookUrl: str, token: str, channel: str, apiUrl: str, mention: str }),
  pagerduty: obj({ routingKey: str, url: str, apiToken: str, apiUrl: str, email: str }),
  alertmanager: obj({ url: str, token: str, username: str, password: str, caFile: str }),
  alerts: obj({ severityMap: stringMap }),
  escalation: obj({
    countFrom: { type: 'string', enum: ['detection', 'open'] },
    targets: { type: 'object', additionalProperties: obj({ slack: str, pagerduty: str }) },
  }),
  updates: obj({ cadenceMinutes: { type: 'integer', minimum: 1 } }),
  flags: obj({ command: str, url: str }),
  runbooks: obj({
    folders: { type: 'array', items: str },
    urlMap: stringMap,
    fetchPrefixes: { type: 'array', items: str },
    fetchMaxBytes: { type: 'integer', minimum: 1 },
  }),
  commands: obj({ timeoutSeconds: { type: 'integer', minimum: 1 }, graceSeconds: { type: 'integer', minimum: 1 }, approval: { type: 'string', enum: APPROVALS } }),
  statuspage: obj({
    provider: { type: 'string', enum: PROVIDER_NAMES },
    apiKey: str,
    pageId: str,
    apiUrl: str,
    impactMap: stringMap,
    components: { type: 'array', items: str },
  }),
  comms: obj({ internalDomains: { type: 'array', items: str } }),
  share: obj({ url: str, caFile: str, terminal: str }),
} as const;
