// What two polls of Alertmanager say about the alert a war room works on: did it stop firing
// (or fire again), and which related alerts (same namespace or service) started or stopped.
// The poll must ask for silenced and inhibited alerts too: once the war room silences its
// alert, an "unsilenced only" poll would no longer see it and would call it resolved.
import type { Alert } from './model.ts';

export type WatchedChange = 'still-firing' | 'stopped' | 'fired-again' | 'still-stopped';

export interface PollDiff {
  watched: WatchedChange;
  /** Related alerts present now and not in the previous poll. */
  relatedStarted: Alert[];
  /** Related alerts in the previous poll and gone now. */
  relatedStopped: Alert[];
}

/** Firing at `now`: listed, and its endsAt (when Alertmanager gave one) not yet passed. */
export function isFiring(alert: Alert, now: Date): boolean {
  return alert.endsAt === null || Date.parse(alert.endsAt) > now.getTime();
}

/** Same `namespace` label, or same `service` label; never the alert itself. */
export function isRelated(watched: Alert, other: Alert): boolean {
  if (other.fingerprint === watched.fingerprint) return false;
  const same = (label: string) => {
    const a = watched.labels[label];
    return a !== undefined && a !== '' && other.labels[label] === a;
  };
  return same('namespace') || same('service');
}

export function relatedAlerts(watched: Alert, alerts: readonly Alert[]): Alert[] {
  return alerts.filter((a) => isRelated(watched, a));
}

/**
 * Compare the previous poll (or the alerts known when the war room opened) with this one.
 * `watched` is the alert as recorded at open: it keeps the labels after the alert is gone.
 * Pass as `previous` what the last diff saw firing (`current` filtered by isFiring).
 */
export function diffPolls(watched: Alert, previous: readonly Alert[], current: readonly Alert[], now: Date): PollDiff {
  const firingNow = current.filter((a) => isFiring(a, now));
  const was = previous.some((a) => a.fingerprint === watched.fingerprint);
  const is = firingNow.some((a) => a.fingerprint === watched.fingerprint);
  const watchedChange: WatchedChange = was ? (is ? 'still-firing' : 'stopped') : is ? 'fired-again' : 'still-stopped';
  const before = new Set(relatedAlerts(watched, previous).map((a) => a.fingerprint));
  const after = relatedAlerts(watched, firingNow);
  const afterIds = new Set(after.map((a) => a.fingerprint));
  return {
    watched: watchedChange,
    relatedStarted: after.filter((a) => !before.has(a.fingerprint)),
    relatedStopped: relatedAlerts(watched, previous).filter((a) => !afterIds.has(a.fingerprint)),
  };
}

export const POLL_INTERVAL_MS = 15_000;
export const POLL_MAX_BACKOFF_MS = 120_000;

/** 15 s while Alertmanager answers; after failures 30 s, 60 s, then every 2 min. */
export function nextPollDelayMs(consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return POLL_INTERVAL_MS;
  return Math.min(POLL_MAX_BACKOFF_MS, POLL_INTERVAL_MS * 2 ** consecutiveFailures);
}
