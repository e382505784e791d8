// Silencing the alert a war room works on: exact matchers from its labels (so the silence
// covers that alert and nothing wider), a start and an end, who and why. The confirmation
// dialog shows `matchersText` so the operator sees exactly what will be muted.
import type { Alert, Matcher } from './model.ts';
import { formatMatcher } from './model.ts';

export interface SilenceRequest {
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export interface SilenceInput {
  alert: Alert;
  /** When the silence starts (now, from the caller's clock). */
  now: Date;
  durationMinutes: number;
  createdBy: string;
  comment: string;
  /** Only these labels (default: all of the alert's labels, which is exactly this alert). */
  labelNames?: readonly string[];
}

export type SilenceBuild = { ok: true; request: SilenceRequest } | { ok: false; error: string };

/** Longest silence warroom creates from a war room: a forgotten week-long silence hides the next outage. */
export const MAX_SILENCE_MINUTES = 7 * 24 * 60;

export function silenceMatchers(alert: Alert, labelNames?: readonly string[]): Matcher[] {
  const names = labelNames ?? Object.keys(alert.labels).sort();
  return names
    .filter((name) => alert.labels[name] !== undefined)
    .map((name) => ({ name, value: alert.labels[name] ?? '', isRegex: false, isEqual: true }));
}

export function buildSilence(input: SilenceInput): SilenceBuild {
  const { durationMinutes } = input;
  if (!Number.isInteger(durationMinutes) || durationMinutes < 1) return { ok: false, error: 'the silence needs a duration of at least 1 minute' };
  if (durationMinutes > MAX_SILENCE_MINUTES) return { ok: false, error: `a silence from the war room lasts at most ${MAX_SILENCE_MINUTES / 1440} days` };
  const matchers = silenceMatchers(input.alert, input.labelNames);
  if (!matchers.some((m) => m.name === 'alertname')) return { ok: false, error: 'the matchers must include alertname, or the silence would mute other alerts' };
  const comment = input.comment.trim();
  if (comment === '') return { ok: false, error: 'Alertmanager needs a comment for a silence' };
  const createdBy = input.createdBy.trim();
  if (createdBy === '') return { ok: false, error: 'a silence needs createdBy (the operator)' };
  return {
    ok: true,
    request: {
      matchers,
      startsAt: input.now.toISOString(),
      endsAt: new Date(input.now.getTime() + durationMinutes * 60_000).toISOString(),
      createdBy,
      comment,
    },
  };
}

/** `alertname="X", namespace="shop"`: the whole set, for the confirmation dialog. */
export function matchersText(matchers: readonly Matcher[]): string {
  return matchers.map(formatMatcher).join(', ');
}

/** `2h`, `90m`, `1h30m`, `1d` → minutes; null when it is none of those. */
export function parseSilenceDuration(text: string): number | null {
  const match = /^\s*(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*$/i.exec(text);
  if (!match || (match[1] ?? match[2] ?? match[3]) === undefined) return null;
  const [, d = '0', h = '0', m = '0'] = match;
  return (Number(d) * 24 + Number(h)) * 60 + Number(m);
}
