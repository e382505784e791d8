import type { IncidentOpenedEvent } from '../incident/events.ts';

// Times in the post-mortem are UTC wall-clock, minutes only, as in the seed's template
// (`10:05 UTC`); the date is shown only when an entry falls on another day than the incident.

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2026-11-26` for an ISO instant; `unknown` when it does not parse. */
export function utcDay(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'unknown';
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** `10:05 UTC`, or `2026-11-27 00:05 UTC` when the day differs from `referenceDay`. */
export function utcTime(iso: string, referenceDay: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'unknown time';
  const clock = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())} UTC`;
  const day = utcDay(iso);
  return day === referenceDay ? clock : `${day} ${clock}`;
}

/** When the incident started, as well as the journal knows: impact, else detection, else opening. */
export function incidentStartedAt(opened: Pick<IncidentOpenedEvent, 'impactStartedAt' | 'detectedAt' | 'at'>): string {
  return opened.impactStartedAt ?? opened.detectedAt ?? opened.at;
}
