// What every journal event carries, whatever its type (the types are in events.ts).

export interface EventBase {
  /** Monotonic, starting at 1 for the opened event; never reused. */
  seq: number;
  /** ISO 8601, UTC, with milliseconds: `2026-11-26T10:00:00.000Z`. */
  at: string;
  /** The operator's name (config or $USER), or `system` for clocks and the outbox. */
  actor: string;
}
