// Toggling a feature flag for a runbook `flag` action: the configured command template, else a
// POST to the configured endpoint, else a manual step with the instruction shown. Config values
// arrive as plain parameters (config.ts owns reading them).
import { loadHttp } from './http-client.ts';
import { fillFlagCommand } from '../core/command/flag-command.ts';
import type { CommandRunner, RunStartInfo } from '../core/command/runner-port.ts';
import { OutputTail } from '../core/command/output-tail.ts';

export interface FlagSettings {
  /** e.g. `ldcli flags toggle --flag {flag} --value {value}`; null when not configured. */
  command: string | null;
  /** Endpoint that takes POST `{flag, value}` as JSON; null when not configured. May hold a secret. */
  url: string | null;
}

export interface FlagToggleRequest {
  flag: string;
  value: string;
  settings: FlagSettings;
  dryRun: boolean;
  runner: CommandRunner;
  cwd: string;
  /** Where the flag command's output goes (`commands/flag-<seq>.log`). */
  logFile: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The toggle command's shell started: its identity, to journal before its output shows. */
  onStart?: (pid: number, info: RunStartInfo) => void;
}

export type FlagToggleResult =
  | { via: 'command' | 'http' | 'dry-run'; ok: boolean; detail: string }
  | { via: 'manual'; instruction: string };

export const FLAG_HTTP_TIMEOUT_MS = 10_000;

/** What a human should do when warroom cannot toggle the flag itself. */
export function manualInstruction(flag: string, value: string): string {
  return `Set feature flag "${flag}" to "${value}" in your flag tool. Did you set ${flag} to ${value}? y records it as done by hand.`;
}

async function viaCommand(request: FlagToggleRequest, template: string): Promise<FlagToggleResult> {
  const script = fillFlagCommand(template, request.flag, request.value);
  const tail = new OutputTail({ maxLines: 5 });
  const outcome = await request.runner.run({
    script,
    cwd: request.cwd,
    logFile: request.logFile,
    timeoutMs: request.timeoutMs,
    tail,
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.onStart ? { onStart: request.onStart } : {}),
  });
  const last = tail.lines(1)[0];
  const how = outcome.error ?? (outcome.timedOut ? 'timed out' : outcome.signal ? `killed by ${outcome.signal}` : `exit ${outcome.exitCode}`);
  return { via: 'command', ok: outcome.exitCode === 0, detail: last ? `${how}: ${last}` : how };
}

async function viaHttp(request: FlagToggleRequest, url: string): Promise<FlagToggleResult> {
  const { default: ky, isHTTPError, isTimeoutError } = await loadHttp();
  try {
    const response = await ky.post(url, {
      json: { flag: request.flag, value: request.value },
      // POST is not retried by default; toggling to a fixed value is idempotent, so it is safe.
      retry: { limit: 2, methods: ['post'] },
      timeout: FLAG_HTTP_TIMEOUT_MS,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    return { via: 'http', ok: true, detail: `HTTP ${response.status}` };
  } catch (error) {
    // Never the URL in the detail: flag endpoints often carry a token in it.
    if (isHTTPError(error)) return { via: 'http', ok: false, detail: `HTTP ${error.response.status}` };
    if (isTimeoutError(error)) return { via: 'http', ok: false, detail: `no answer in ${FLAG_HTTP_TIMEOUT_MS / 1000} s` };
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { via: 'http', ok: false, detail: cause ?? (error instanceof Error ? error.name : 'request failed') };
  }
}

export async function toggleFlag(request: FlagToggleRequest): Promise<FlagToggleResult> {
  const { command, url } = request.settings;
  if (!command && !url) return { via: 'manual', instruction: manualInstruction(request.flag, request.value) };
  if (request.dryRun) {
    const what = command ? `run ${fillFlagCommand(command, request.flag, request.value)}` : 'POST to the configured flag endpoint';
    return { via: 'dry-run', ok: true, detail: `dry run: would ${what}` };
  }
  return command ? viaCommand(request, command) : viaHttp(request, url!);
}

/**
 * The flag's current value from the configured endpoint, when it answers `GET <url>?flag=<name>`
 * with JSON (`{"value": …}`, or `{"<name>": …}`) or a bare value; null when it cannot tell (no
 * endpoint, an error, an answer not understood). Never the URL in anything returned.
 */
export async function readFlag(url: string | null, flag: string, timeoutMs = 3000): Promise<string | null> {
  if (!url) return null;
  const { default: ky } = await loadHttp();
  try {
    const target = new URL(url);
    target.searchParams.set('flag', flag);
    const text = (await ky.get(target, { retry: 0, timeout: timeoutMs }).text()).trim();
    if (text === '') return null;
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // a bare value
    }
    const scalar = (v: unknown) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const record = body as Record<string, unknown>;
      return scalar(record.value) ?? scalar(record[flag]);
    }
    return scalar(body);
  } catch {
    return null;
  }
}
