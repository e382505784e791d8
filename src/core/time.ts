// Time parsing and formatting for the whole app. Pure: callers pass `now`.

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const DURATION_AGO = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:\s+ago)?$/i;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
/** Clocks on two machines disagree a little; a detection this far "ahead" is still accepted. */
const FUTURE_TOLERANCE_MS = 60_000;

/**
 * `--detected-at`: an ISO time with a zone (`2026-11-26T10:00:00Z`, `...+01:00`) or a
 * duration ago (`14m`, `1h30m`, `14m50s`, `90s`, `2h`, optionally followed by `ago`).
 * A time without a zone is refused rather than guessed, since the clocks count from it.
 */
export function parseDetectedAt(input: string, now: Date): Result<Date> {
  const text = input.trim();
  const duration = DURATION_AGO.exec(text);
  // At least one part must be present: `''` and `ago` alone match the pattern but say nothing.
  if (duration !== null && (duration[1] ?? duration[2] ?? duration[3]) !== undefined) {
    const [, h = '0', m = '0', s = '0'] = duration;
    const ms = ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
    return { ok: true, value: new Date(now.getTime() - ms) };
  }
  if (ISO_WITHOUT_ZONE.test(text)) {
    return { ok: false, error: `detected-at "${input}" has no time zone: add Z for UTC, e.g. ${text.replace(' ', 'T')}Z` };
  }
  if (ISO_WITH_ZONE.test(text)) {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) return { ok: false, error: `detected-at "${input}" is not a valid time` };
    if (ms > now.getTime() + FUTURE_TOLERANCE_MS) {
      return { ok: false, error: `detected-at "${input}" is in the future` };
    }
    return { ok: true, value: new Date(ms) };
  }
  return {
    ok: false,
    error: `detected-at "${input}" is neither an ISO time (2026-11-26T10:00:00Z) nor a duration ago (14m, 1h30m, 90s)`,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Elapsed time as a stopwatch: `00:25:07`; hours keep counting past 24 (`26:00:00`). */
export function formatClock(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

/** Wall-clock time of day in UTC, `10:05:00`, for timelines. Takes an ISO string or epoch ms. */
export function formatTimeOfDay(time: string | number): string {
  const date = new Date(typeof time === 'number' ? time : Date.parse(time));
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/**
 * A duration in words-free short form: `42s` under a minute, `25m` under an hour, `1h 05m`
 * after. Rounds down, so a timer never claims more time than passed. Negative counts as 0.
 */
export function formatDuration(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h ${pad(minutes % 60)}m`;
}

/**
 * Time left as `04:12` (mm:ss), `1:04:12` past an hour. Rounds up, so it reads `00:00` only
 * when the moment has come. A negative value (overdue) is shown as `-04:12`.
 */
export function formatCountdown(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = ms < 0 ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const hours = Math.floor(total / 3600);
  const rest = `${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
  return hours > 0 ? `${sign}${hours}:${rest}` : `${sign}${rest}`;
}

/** `iso` plus some minutes, as an ISO string with milliseconds. */
export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

/** Milliseconds from `from` to `to` (ISO strings); negative when `to` is earlier. */
export function msBetween(from: string, to: string): number {
  return Date.parse(to) - Date.parse(from);
}
