// The configuration of alert sources: Alertmanager, the PagerDuty REST API, how a runbook_url
// becomes a local file or a fetched copy, and the severity map. Read from the same store and
// with the same precedence (env, file, default) as the rest of WarroomConfig, but kept apart
// so that adding alert sources changes nothing for code that never talks to them.
import { effectiveValue, openConfigStore, readStoredConfig } from './config.ts';
import { DEFAULT_SEVERITY_MAP } from '../core/alerts/incident-fill.ts';
import { WarroomError } from '../errors.ts';

export interface AlertmanagerConfig {
  /** Base URL without a trailing slash. */
  url: string;
  /** Bearer token (secret). */
  token: string | null;
  basicAuth: { username: string; password: string } | null;
  caFile: string | null;
}

export interface PagerDutyRestConfig {
  /** REST API token (secret). */
  apiToken: string;
  /** Base URL without a trailing slash: https://api.pagerduty.com, the EU one, or a test server. */
  apiUrl: string;
  /** The operator's PagerDuty login: finds their user id and is the `From` header of writes. */
  email: string | null;
}

export interface RunbookSourcesConfig {
  /** Folders the picker lists (runbooks.folders); alert names are looked up among their files. */
  folders: string[];
  /** runbook_url prefix → local folder. */
  urlMap: Record<string, string>;
  /** Prefixes a runbook may be fetched from over HTTP; empty = never fetch. */
  fetchPrefixes: string[];
  fetchMaxBytes: number;
}

export interface AlertingConfig {
  /** Null when alertmanager.url is not set. */
  alertmanager: AlertmanagerConfig | null;
  /** Null when pagerduty.apiToken is not set. */
  pagerduty: PagerDutyRestConfig | null;
  runbooks: RunbookSourcesConfig;
  /** Alert `severity` label (lower case) → incident severity. */
  severityMap: Record<string, string>;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function loadAlertingConfig(env: NodeJS.ProcessEnv = process.env): AlertingConfig {
  const store = openConfigStore(env);
  const stored = readStoredConfig(store);
  const value = (...segments: string[]) => effectiveValue(stored, env, ...segments);
  const text = (...segments: string[]) => {
    const v = value(...segments);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
  };
  const list = (...segments: string[]) => {
    const v = value(...segments);
    return Array.isArray(v) ? v : [];
  };
  const map = (...segments: string[]): Record<string, string> => {
    const v = value(...segments);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...v } : {};
  };

  const amUrl = text('alertmanager', 'url');
  const username = text('alertmanager', 'username');
  const password = text('alertmanager', 'password');
  const token = text('alertmanager', 'token');
  if ((username === null) !== (password === null)) {
    throw new WarroomError(`alertmanager.${username === null ? 'username' : 'password'} is not set: basic auth needs both`);
  }
  if (token !== null && username !== null) {
    throw new WarroomError('alertmanager.token and alertmanager.username/password are both set: keep one way to log in');
  }
  const apiToken = text('pagerduty', 'apiToken');
  const maxBytes = value('runbooks', 'fetchMaxBytes');
  const severityMap = map('alerts', 'severityMap');
  return {
    alertmanager: amUrl
      ? {
          url: trimSlash(amUrl),
          token,
          basicAuth: username !== null && password !== null ? { username, password } : null,
          caFile: text('alertmanager', 'caFile'),
        }
      : null,
    pagerduty: apiToken
      ? { apiToken, apiUrl: trimSlash(text('pagerduty', 'apiUrl') ?? 'https://api.pagerduty.com'), email: text('pagerduty', 'email') }
      : null,
    runbooks: {
      folders: list('runbooks', 'folders'),
      urlMap: map('runbooks', 'urlMap'),
      fetchPrefixes: list('runbooks', 'fetchPrefixes'),
      fetchMaxBytes: typeof maxBytes === 'number' ? maxBytes : 1_048_576,
    },
    severityMap: Object.keys(severityMap).length > 0 ? lowerKeys(severityMap) : { ...DEFAULT_SEVERITY_MAP },
  };
}

function lowerKeys(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k.trim().toLowerCase(), v.trim()]));
}

/** Every secret in the alerting config, for redaction next to configSecrets(config). */
export function alertingSecrets(config: AlertingConfig): string[] {
  const secrets = [config.alertmanager?.token, config.alertmanager?.basicAuth?.password, config.pagerduty?.apiToken];
  return secrets.filter((s): s is string => typeof s === 'string' && s !== '');
}
