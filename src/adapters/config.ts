// warroom's configuration: config.json (checked against the key table, mode 0600, written
// atomically: config-store.ts) in warroomPaths(env).configDir, with environment variables
// overriding secrets and endpoints. A corrupt or invalid file is reported with its path and
// left alone: a silently reset file means a Slack token found missing in the middle of an
// incident.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { errorMessage, WarroomError } from '../errors.ts';
import { warroomPaths } from './home.ts';
import { DEFAULT_GRACE_SECONDS } from './shutdown.ts';
import { CONFIG_KEYS, findKeySpec, formatKey, type ConfigValue, type KeySpec } from './config-keys.ts';
import { ConfigStore, type Store } from './config-store.ts';
import { parseShareUrl } from './share/connection.ts';
import type { ClockOrigin } from '../core/incident/events.ts';
import { impactMapFrom } from '../core/statuspage/requests.ts';
import type { PageImpact } from '../core/statuspage/types.ts';

export interface EscalationTargetConfig {
  /** Slack mention, e.g. `<!subteam^S123>` or `@em-oncall`. */
  slack?: string;
  /** PagerDuty routing key (secret). */
  pagerduty?: string;
}

export interface WarroomConfig {
  operator: string | null;
  commander: string | null;
  slack: {
    webhookUrl: string | null;
    token: string | null;
    channel: string | null;
    apiUrl: string;
    mention: string;
  };
  pagerduty: { routingKey: string | null; url: string };
  escalation: { countFrom: ClockOrigin; targets: Record<string, EscalationTargetConfig> };
  updates: { cadenceMinutes: number };
  flags: { command: string | null; url: string | null };
  runbooks: { folders: string[] };
  /** graceSeconds: SIGTERM → SIGKILL for a command stopped (cancel, timeout, hang-up); loadConfig sets it. */
  commands: { timeoutSeconds: number | null; graceSeconds?: number; approval?: 'off' | 'change' | 'destructive' };
  // Optional so a config built by hand (tests, older callers) need not name them; loadConfig
  // always sets both.
  statuspage?: StatusPageConfig;
  comms?: { internalDomains: string[] };
  /** The shared war room (PostgreSQL); absent or url null: sharing is off. loadConfig always sets it. */
  share?: { url: string | null; caFile: string | null; terminal: string | null };
  /** Where the file lives (it may not exist yet). */
  path: string;
}

export interface StatusPageConfig {
  /** A name from src/adapters/statuspage/providers.ts. */
  provider: string;
  apiKey: string | null;
  pageId: string | null;
  /** null: the provider's public API. */
  apiUrl: string | null;
  /** Severity (as the runbook writes it) to impact, the defaults filled in. */
  impactMap: Record<string, PageImpact>;
  /** Components preselected when the runbook's front matter names none. */
  components: string[];
}

export { ConfigStore } from './config-store.ts';

/** The config file's store. Nothing is read (or created) until a value is asked for. */
export function openConfigStore(env: NodeJS.ProcessEnv = process.env): ConfigStore {
  return new ConfigStore(path.join(warroomPaths(env).configDir, 'config.json'));
}

export function configFileError(file: string, error: unknown): WarroomError {
  const firstLine = errorMessage(error);
  if (error instanceof SyntaxError) {
    const detail = jsonErrorDetail(file);
    const where = detail?.line ? `${file}:${detail.line}:${detail.column}` : file;
    const why = detail ? `: ${detail.reason}` : '';
    return new WarroomError(`${where}: config file is not valid JSON${why}; fix or remove it`, { cause: error });
  }
  if (error instanceof WarroomError) return error;
  return new WarroomError(`${file}: ${firstLine}`, { cause: error });
}

/** Re-parse the file to say where it is broken (a SyntaxError from JSON.parse names no line). */
function jsonErrorDetail(file: string): { reason: string; line?: number; column?: number } | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const message = errorMessage(error);
    const at = /\(line (\d+) column (\d+)\)/.exec(message);
    const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
    return at ? { reason, line: Number(at[1]), column: Number(at[2]) } : { reason };
  }
}

/** The store's dot-notation key for segments, escaping dots inside a segment (role names). */
export function confKey(segments: readonly string[]): string {
  return segments.map((s) => s.replaceAll('.', '\\.')).join('.');
}

/** The whole file as stored (no defaults, no env). */
export function readStoredConfig(store: ConfigStore): Store {
  try {
    return structuredClone(store.store) as Store;
  } catch (error) {
    throw configFileError(store.path, error);
  }
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let node = root;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

export interface ConfigEntry {
  key: string;
  segments: string[];
  spec: KeySpec;
  value: ConfigValue | null;
  source: 'file' | 'env' | 'default' | 'unset';
  /** The env variable that supplied the value, when source is env. */
  env?: string;
}

/** Every known key with its effective value and where it came from (role keys per role). */
export function configEntries(stored: Store, env: NodeJS.ProcessEnv): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  const targets = valueAt(stored, ['escalation', 'targets']);
  const roles = targets && typeof targets === 'object' ? Object.keys(targets) : [];
  for (const spec of CONFIG_KEYS) {
    const expansions = spec.path.includes('*')
      ? roles.map((role) => spec.path.map((p) => (p === '*' ? role : p)))
      : [[...spec.path]];
    for (const segments of expansions) {
      entries.push(effectiveEntry(stored, env, segments, spec));
    }
  }
  return entries;
}

export function effectiveEntry(stored: Store, env: NodeJS.ProcessEnv, segments: string[], spec: KeySpec): ConfigEntry {
  const key = formatKey(segments);
  const fromEnv = spec.env ? env[spec.env] : undefined;
  if (spec.env && fromEnv) return { key, segments, spec, value: fromEnv, source: 'env', env: spec.env };
  const fromFile = valueAt(stored, segments);
  if (fromFile !== undefined) return { key, segments, spec, value: fromFile as ConfigEntry['value'], source: 'file' };
  if (spec.default !== undefined) return { key, segments, spec, value: spec.default, source: 'default' };
  return { key, segments, spec, value: null, source: 'unset' };
}

/** One key's effective value (env, file, default), for loaders of other config sections. */
export function effectiveValue(stored: Store, env: NodeJS.ProcessEnv, ...segments: string[]): ConfigEntry['value'] {
  const spec = findKeySpec(segments);
  if (!spec) throw new Error(`unknown config key ${segments.join('.')}`);
  return effectiveEntry(stored, env, segments, spec).value;
}

/** Load the effective configuration: file values, then env overrides, then defaults. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WarroomConfig {
  const store = openConfigStore(env);
  const stored = readStoredConfig(store);
  const get = (...segments: string[]): ConfigEntry['value'] => {
    const spec = findKeySpec(segments);
    if (!spec) throw new Error(`unknown config key ${segments.join('.')}`);
    return effectiveEntry(stored, env, segments, spec).value;
  };
  const text = (...segments: string[]) => {
    const v = get(...segments);
    return typeof v === 'string' ? v : null;
  };
  const targetsRaw = valueAt(stored, ['escalation', 'targets']);
  const targets: Record<string, EscalationTargetConfig> = {};
  if (targetsRaw && typeof targetsRaw === 'object') {
    for (const [role, value] of Object.entries(targetsRaw as Record<string, EscalationTargetConfig>)) {
      targets[role] = { ...value };
    }
  }
  const cadence = get('updates', 'cadenceMinutes');
  const timeout = get('commands', 'timeoutSeconds');
  const grace = get('commands', 'graceSeconds');
  const folders = get('runbooks', 'folders');
  const list = (...segments: string[]) => {
    const v = get(...segments);
    return Array.isArray(v) ? v : [];
  };
  const map = (...segments: string[]): Record<string, string> => {
    const v = get(...segments);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
  };
  return {
    operator: text('operator'),
    commander: text('commander'),
    slack: {
      webhookUrl: text('slack', 'webhookUrl'),
      token: text('slack', 'token'),
      channel: text('slack', 'channel'),
      apiUrl: (text('slack', 'apiUrl') ?? 'https://slack.com/api').replace(/\/+$/, ''),
      mention: text('slack', 'mention') ?? '<!here>',
    },
    pagerduty: {
      routingKey: text('pagerduty', 'routingKey'),
      url: text('pagerduty', 'url') ?? 'https://events.pagerduty.com/v2/enqueue',
    },
    escalation: { countFrom: text('escalation', 'countFrom') === 'open' ? 'open' : 'detection', targets },
    updates: { cadenceMinutes: typeof cadence === 'number' ? cadence : 15 },
    flags: { command: text('flags', 'command'), url: text('flags', 'url') },
    runbooks: { folders: Array.isArray(folders) ? folders : [] },
    commands: { timeoutSeconds: typeof timeout === 'number' ? timeout : null, graceSeconds: typeof grace === 'number' ? grace : DEFAULT_GRACE_SECONDS, approval: approvalPolicy(text('commands', 'approval')) },
    statuspage: {
      provider: text('statuspage', 'provider') ?? 'atlassian',
      apiKey: text('statuspage', 'apiKey'),
      pageId: text('statuspage', 'pageId'),
      apiUrl: text('statuspage', 'apiUrl')?.replace(/\/+$/, '') ?? null,
      impactMap: impactMapFrom(map('statuspage', 'impactMap')),
      components: list('statuspage', 'components'),
    },
    comms: { internalDomains: list('comms', 'internalDomains') },
    share: { url: text('share', 'url'), caFile: text('share', 'caFile'), terminal: text('share', 'terminal') },
    path: store.path,
  };
}

/** The configured target for a runbook role, matched case-insensitively (`cto` = `CTO`). */
export function escalationTarget(config: WarroomConfig, role: string): EscalationTargetConfig | null {
  const wanted = role.trim().toLowerCase();
  for (const [name, target] of Object.entries(config.escalation.targets)) {
    if (name.trim().toLowerCase() === wanted) return target;
  }
  return null;
}

function approvalPolicy(value: string | null): 'off' | 'change' | 'destructive' {
  return value === 'change' || value === 'destructive' ? value : 'off';
}

/** Every secret value in the effective config, for redaction and for tests that grep for them. */
export function configSecrets(config: WarroomConfig): string[] {
  const secrets = [config.slack.webhookUrl, config.slack.token, config.pagerduty.routingKey, config.statuspage?.apiKey ?? null];
  for (const target of Object.values(config.escalation.targets)) secrets.push(target.pagerduty ?? null);
  const shareUrl = config.share?.url ?? null;
  if (shareUrl !== null) secrets.push(shareUrl, sharePassword(shareUrl));
  return secrets.filter((s): s is string => typeof s === 'string' && s !== '');
}

/** The password in `share.url`, or null (also when the URL does not parse). */
function sharePassword(url: string): string | null {
  try {
    return parseShareUrl(url).password || null;
  } catch {
    return null;
  }
}
