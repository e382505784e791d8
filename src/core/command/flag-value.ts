// Which value Enter on a feature-flag step proposes. The runbook names one value ("Toggle flag
// circuit_breaker=true"); once the flag is known to be at it (read from the flag tool, or set
// by an earlier toggle of this step), Enter proposes the opposite, so the same key turns a
// flag back off instead of setting it on again.
import type { IncidentState } from '../incident/state.ts';

const OPPOSITES: readonly [string, string][] = [
  ['true', 'false'],
  ['on', 'off'],
  ['enabled', 'disabled'],
  ['enable', 'disable'],
  ['yes', 'no'],
  ['1', '0'],
];

/** `true` → `false`, `On` → `Off`; null when the value has no obvious opposite. */
export function oppositeValue(value: string): string | null {
  const lower = value.trim().toLowerCase();
  for (const [a, b] of OPPOSITES) {
    const other = lower === a ? b : lower === b ? a : null;
    if (other === null) continue;
    // Keep the runbook's spelling: `True` → `False`, `ON` → `OFF`.
    if (value === value.toUpperCase() && value !== value.toLowerCase()) return other.toUpperCase();
    if (value[0] === value[0]?.toUpperCase() && value !== value.toLowerCase()) return other[0]!.toUpperCase() + other.slice(1);
    return other;
  }
  return null;
}

/** The value the flag is at as far as the journal knows: the last toggle of this step that worked. */
export function lastSetValue(state: Pick<IncidentState, 'flags'>, stepId: string): string | null {
  const last = state.flags.findLast((f) => f.stepId === stepId && f.ok && !f.outcomeUnknown);
  return last?.value ?? null;
}

/**
 * What to propose: the runbook's value, unless the flag is already at it (as read now, or else as
 * last set from this step), then its opposite when it has one.
 */
export function proposedFlagValue(state: Pick<IncidentState, 'flags'>, stepId: string, runbookValue: string, current: string | null): string {
  const known = current ?? lastSetValue(state, stepId);
  if (known === null || known.trim().toLowerCase() !== runbookValue.trim().toLowerCase()) return runbookValue;
  return oppositeValue(runbookValue) ?? runbookValue;
}
