// The check every journal line passes before it is trusted as an event.
// Minimal envelope check; replaced by the core's full validateEvent() once it exists.

/** Returns null when `value` looks like an event, else one line saying what is wrong. */
export function checkEvent(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const event = value as Record<string, unknown>;
  if (typeof event.seq !== 'number' || !Number.isInteger(event.seq) || event.seq < 1) return 'seq must be a positive integer';
  if (typeof event.at !== 'string') return 'at must be an ISO time';
  if (typeof event.actor !== 'string') return 'actor must be a string';
  if (typeof event.type !== 'string') return 'type must be a string';
  return null;
}
