// How warroom reaches the shared store: `share.url` (a postgres:// URL, a secret because of its
// password) and `share.caFile` become an explicit pg config, TLS included. pg would also read
// PGHOST, PGPASSWORD... from the environment and let `?sslmode=` in the URL override an ssl
// object given beside it; building every field here means what the user configured is exactly
// what is used. No message that leaves this module contains the password: errors name the store
// by its masked URL and are scrubbed of the password however the driver worded them.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type pg from 'pg';
import { UsageError, WarroomError } from '../../errors.ts';

export type SslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

export interface ShareTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  sslmode: SslMode;
  /** CA bundle path from `share.caFile` or `?sslrootcert=`. */
  caFile: string | null;
  /** `postgres://alice:•••@db.example:5432/warroom?sslmode=verify-full`: safe to show. */
  masked: string;
}

export interface ShareConnectionOptions {
  url: string;
  caFile?: string | null;
  /** Connect timeout, ms (default 5000): an unreachable store must mean "offline" quickly. */
  connectTimeoutMs?: number;
  /** Per-query timeout, ms (default 15000). */
  queryTimeoutMs?: number;
}

const SSL_MODES: readonly SslMode[] = ['disable', 'require', 'verify-ca', 'verify-full'];
const KNOWN_PARAMS = new Set(['sslmode', 'sslrootcert', 'application_name']);

/** One clear line about the shared store; `unreachable` when retrying later may help. */
export class ShareError extends WarroomError {
  override name = 'ShareError';
  readonly unreachable: boolean;
  /** The database answered with a PostgreSQL error code (e.g. 28P01), when it did. */
  readonly code: string | null;

  constructor(message: string, options: { unreachable?: boolean; code?: string | null; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.unreachable = options.unreachable ?? false;
    this.code = options.code ?? null;
  }
}

/** Parses `share.url`; refuses what it would otherwise silently ignore. Never echoes the URL. */
export function parseShareUrl(url: string, caFile: string | null = null): ShareTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError('share.url is not a valid URL (expected postgres://user:password@host:5432/database)');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new UsageError(`share.url must start with postgres:// (got ${parsed.protocol}//)`);
  }
  const decode = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new UsageError(`share.url: the ${what} has a bad %-escape`);
    }
  };
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new UsageError('share.url has no host');
  const user = decode(parsed.username, 'user name') || 'postgres';
  const password = decode(parsed.password, 'password');
  const database = decode(parsed.pathname.replace(/^\//, ''), 'database name') || user;
  for (const key of parsed.searchParams.keys()) {
    if (!KNOWN_PARAMS.has(key)) throw new UsageError(`share.url: unsupported parameter ${key} (supported: ${[...KNOWN_PARAMS].join(', ')})`);
  }
  const mode = parsed.searchParams.get('sslmode') ?? 'disable';
  if (!SSL_MODES.includes(mode as SslMode)) throw new UsageError(`share.url: sslmode must be one of ${SSL_MODES.join(', ')} (got ${mode})`);
  const port = parsed.port === '' ? 5432 : Number(parsed.port);
  const query = parsed.search === '' ? '' : `?${[...parsed.searchParams].map(([k, v]) => `${k}=${v}`).join('&')}`;
  const who = parsed.username === '' ? '' : `${parsed.username}${password === '' ? '' : ':•••'}@`;
  return {
    host,
    port,
    user,
    password,
    database,
    sslmode: mode as SslMode,
    caFile: caFile ?? parsed.searchParams.get('sslrootcert'),
    masked: `${parsed.protocol}//${who}${parsed.host}/${parsed.pathname.replace(/^\//, '')}${query}`,
  };
}

/** The store's URL with the password masked, for messages; `(invalid URL)` when it is not one. */
export function maskShareUrl(url: string): string {
  try {
    return parseShareUrl(url).masked;
  } catch {
    return '(invalid share.url)';
  }
}

function tlsOptions(target: ShareTarget): ConnectionOptions | false {
  if (target.sslmode === 'disable') return false;
  let ca: string | undefined;
  if (target.caFile !== null) {
    try {
      ca = readFileSync(target.caFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new UsageError(`share.caFile ${target.caFile}: cannot read it (${code})`);
    }
  }
  // `require` encrypts without checking who answers; verify-ca checks the chain; verify-full
  // also checks the host name against the certificate (Node's default identity check).
  if (target.sslmode === 'require') return { rejectUnauthorized: false };
  const base: ConnectionOptions = { rejectUnauthorized: true, ...(ca === undefined ? {} : { ca }) };
  if (target.sslmode === 'verify-ca') return { ...base, checkServerIdentity: () => undefined };
  return { ...base, servername: isIpAddress(target.host) ? undefined : target.host };
}

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

/** The pg client config for the store; every field explicit (no PG* environment fallback). */
export function clientConfig(target: ShareTarget, options: ShareConnectionOptions): pg.ClientConfig {
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    ssl: tlsOptions(target),
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    query_timeout: options.queryTimeoutMs ?? 15_000,
    // A transaction left open by a killed terminal must not hold the incident's row lock.
    idle_in_transaction_session_timeout: 30_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: 'warroom',
  };
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
// Class 08: connection exceptions; 57P01..03: the server is shutting down or restarting.
const UNREACHABLE_PG = /^(08|57P0[123])/;

/**
 * A one-line ShareError for anything pg threw, naming the store by its masked URL and never
 * containing the password.
 */
export function shareError(error: unknown, target: ShareTarget, doing: string): ShareError {
  if (error instanceof ShareError) return error;
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : null;
  const raw = typeof e?.message === 'string' ? e.message : String(error);
  const firstLine = raw.split('\n')[0] ?? raw;
  const where = `the shared store ${target.masked}`;
  let text: string;
  let unreachable = false;
  if (code === '28P01' || code === '28000') text = `${where} refused the login of ${target.user}: ${firstLine}`;
  else if (code === '3D000') text = `${where}: database ${target.database} does not exist`;
  else if ((code !== null && UNREACHABLE_CODES.has(code)) || (code !== null && UNREACHABLE_PG.test(code))) {
    text = `cannot reach ${where} while ${doing} (${code}: ${firstLine})`;
    unreachable = true;
  } else if (/timeout|timed out|Connection terminated|connection is closed|Client has encountered a connection error/i.test(firstLine)) {
    text = `cannot reach ${where} while ${doing} (${firstLine})`;
    unreachable = true;
  } else if (code?.startsWith('ERR_TLS') || code?.startsWith('CERT_') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN' || /certificate|SSL|TLS/i.test(firstLine)) {
    text = `TLS to ${where} failed: ${firstLine}`;
  } else text = `${where} failed while ${doing}: ${firstLine}${code ? ` (${code})` : ''}`;
  return new ShareError(scrub(text, target.password), { unreachable, code, cause: error });
}

/** Removes a password (as typed and %-encoded) from a text. */
export function scrub(text: string, password: string): string {
  if (password === '') return text;
  let out = text;
  for (const form of new Set([password, encodeURIComponent(password)])) out = out.split(form).join('•••');
  return out;
}
