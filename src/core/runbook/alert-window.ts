// The evaluation window of an alert, read from a runbook's trigger line, e.g.
// "P99 Latency > 500ms for 5 minutes" → 5. An alert with such a window fires only after the
// condition has held that long, so impact began at least that long before detection: the one
// honest figure for time to detect when nobody recorded when impact started.

const WINDOW = /\bfor (?:at least |over |more than )?(\d+(?:\.\d+)?)\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)\b/i;

export function alertWindowMinutes(trigger: string | null): number | null {
  if (!trigger) return null;
  const match = WINDOW.exec(trigger);
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  const minutes = unit.startsWith('h') ? amount * 60 : unit.startsWith('s') ? amount / 60 : amount;
  return minutes > 0 && minutes <= 24 * 60 ? minutes : null;
}
