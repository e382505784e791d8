// One phrase for how a command ended, shared by the timeline and the appendix so both say the
// same thing about the same run.
import type { CommandFinishedEvent } from '../incident/events.ts';
import { formatDuration } from '../time.ts';
import { inlineText } from './markdown.ts';

export type FinishedFacts = Pick<
  CommandFinishedEvent,
  'exitCode' | 'signal' | 'durationMs' | 'timedOut' | 'cancelled' | 'dryRun' | 'error'
> & { outcome?: 'unknown'; reason?: string | null };

export function commandResultText(f: FinishedFacts): string {
  const took = formatDuration(Math.max(0, f.durationMs));
  if (f.outcome === 'unknown') return `outcome unknown (${inlineText(f.reason ?? 'nobody saw it end', 200)})`;
  if (f.error !== null) return `failed to start: ${inlineText(f.error, 200)}`;
  if (f.dryRun) return 'drill, not executed';
  if (f.timedOut) return `timed out after ${took}`;
  if (f.cancelled) return `cancelled after ${took}`;
  if (f.signal !== null) return `killed by ${inlineText(f.signal, 40)} after ${took}`;
  if (f.exitCode !== null) return `exit ${f.exitCode} in ${took}`;
  return `ended without an exit code after ${took}`;
}
