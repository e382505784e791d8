// The NOTIFY channel every append and command-log write signals on. A payload is a wake-up, not
// data: `{"i": incident, "s": seq}` or `{"i": incident, "log": runKey, "n": chunk}`, well under
// PostgreSQL's 8,000-byte limit (ids are at most 200 characters).
export const WAKE_CHANNEL = 'warroom';

export type Wake =
  | { kind: 'event'; incidentId: string; seq: number }
  | { kind: 'log'; incidentId: string; runKey: string; chunk: number }
  /** The listener (re)connected: notifications may have been missed, catch up. */
  | { kind: 'reconnected' };

/** A notification payload as a Wake; null for anything else (payloads are untrusted too). */
export function parseWake(payload: string | undefined): Wake | null {
  let value: unknown;
  try {
    value = JSON.parse(payload ?? '');
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { i, s, log, n } = value as Record<string, unknown>;
  if (typeof i !== 'string') return null;
  if (typeof log === 'string' && Number.isSafeInteger(n)) return { kind: 'log', incidentId: i, runKey: log, chunk: n as number };
  if (Number.isSafeInteger(s)) return { kind: 'event', incidentId: i, seq: s as number };
  return null;
}
