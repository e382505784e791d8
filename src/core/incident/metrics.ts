// Incident response metrics from the journal. A metric whose inputs are unknown is null and
// prints as "unknown": a made-up number would mislead a post-mortem more than a gap does.
import { formatDuration, msBetween } from '../time.ts';
import { findStep, succeeded } from './selectors.ts';
import type { IncidentState } from './state.ts';

export interface IncidentMetrics {
  /** Impact started (trigger) → detected. */
  timeToDetectMs: number | null;
  /** Detected → war room opened. */
  timeToAcknowledgeMs: number | null;
  /** Detection (or open, when detection is unknown) → first mitigation. */
  timeToMitigateMs: number | null;
  /** Detection (or open) → resolved. */
  timeToResolveMs: number | null;
  /** War room opened → resolved. */
  durationMs: number | null;
  /** What counted as the first mitigation and when, for the post-mortem. */
  mitigatedAt: string | null;
  mitigatedBy: string | null;
}

/** Time between two known moments; null when either is unknown or they are out of order. */
function span(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  const ms = msBetween(from, to);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

interface Candidate {
  at: string;
  by: string;
}

/**
 * The first sign the bleeding stopped: status `monitoring`, a successful command (exit 0,
 * really ran) in a mitigate or rollback section, or a flag toggle that worked.
 */
export function firstMitigation(state: IncidentState): Candidate | null {
  // In a drill nothing ran: nothing mitigated anything, whatever the status says.
  if (state.mode.dryRun) return null;
  const candidates: Candidate[] = [];
  const monitoring = state.statusHistory.find((change) => change.to === 'monitoring');
  if (monitoring !== undefined) candidates.push({ at: monitoring.at, by: 'status monitoring' });
  const sectionKinds = new Map(state.runbook.sections.map((s) => [s.id, s.kind]));
  const command = state.commands.find((run) => {
    if (!succeeded(run) || run.finishedAt === null) return false;
    const sectionId = findStep(state, run.stepId)?.sectionId;
    const kind = sectionId === undefined ? undefined : sectionKinds.get(sectionId);
    return kind === 'mitigate' || kind === 'rollback';
  });
  if (command !== undefined && command.finishedAt !== null) candidates.push({ at: command.finishedAt, by: command.script ?? command.template });
  const flag = state.flags.find((f) => f.ok && f.via !== 'dry-run');
  if (flag !== undefined) candidates.push({ at: flag.at, by: `${flag.flag} set to ${flag.value}` });
  candidates.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return candidates[0] ?? null;
}

export function computeMetrics(state: IncidentState): IncidentMetrics {
  const start = state.detectedAt ?? state.openedAt;
  const resolvedAt = state.status === 'resolved' ? state.resolvedAt : null;
  const mitigation = firstMitigation(state);
  return {
    timeToDetectMs: span(state.impactStartedAt, state.detectedAt),
    timeToAcknowledgeMs: span(start, state.acknowledged?.at ?? null),
    timeToMitigateMs: span(start, mitigation?.at ?? null),
    timeToResolveMs: span(start, resolvedAt),
    durationMs: span(state.openedAt, resolvedAt),
    mitigatedAt: mitigation?.at ?? null,
    mitigatedBy: mitigation?.by ?? null,
  };
}

/** `25m`, `1h 05m`, or `unknown`. */
export function formatMetric(ms: number | null): string {
  return ms === null ? 'unknown' : formatDuration(ms);
}
