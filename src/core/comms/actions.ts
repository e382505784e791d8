// The Actions line of an internal update, written from what actually ran: finished mitigation
// commands and feature-flag toggles since a given journal seq, each with its result, e.g.
// "Rolled back deployment/api-service (ok, 42s)". The operator can still edit it.
import type { RunbookStep, SectionKind } from '../runbook/types.ts';
import type { CommandRun, FlagChange, IncidentState } from '../incident/state.ts';
import { formatDuration } from '../time.ts';
import { mitigationsSince } from '../incident/selectors.ts';

const MITIGATION_SECTIONS: ReadonlySet<SectionKind> = new Set(['mitigate', 'rollback']);

function sectionKindByStep(state: Pick<IncidentState, 'runbook'>): Map<string, SectionKind> {
  const kinds = new Map<string, SectionKind>();
  const walk = (steps: readonly RunbookStep[], kind: SectionKind) => {
    for (const step of steps) {
      kinds.set(step.id, kind);
      walk(step.children, kind);
    }
  };
  for (const section of state.runbook.sections) walk(section.steps, section.kind);
  return kinds;
}

/** A mitigation: it ran in a mitigate/rollback section, or it could change something. */
export function isMitigation(run: CommandRun, kinds: Map<string, SectionKind>): boolean {
  const kind = kinds.get(run.stepId);
  return (kind !== undefined && MITIGATION_SECTIONS.has(kind)) || run.risk !== 'read';
}

const VERBS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/\bkubectl\b.*\brollout\s+undo\s+(\S+)/, (m) => `Rolled back ${m[1]}`],
  [/\bkubectl\b.*\brollout\s+restart\s+(\S+)/, (m) => `Restarted ${m[1]}`],
  [/\bkubectl\b.*\bscale\s+(\S+).*--replicas[= ](\d+)/, (m) => `Scaled ${m[1]} to ${m[2]} replicas`],
  [/\bkubectl\b.*\bset\s+image\s+(\S+)/, (m) => `Changed the image of ${m[1]}`],
  [/\bkubectl\b.*\bdelete\s+(\S+)\s+(\S+)/, (m) => `Deleted ${m[1]} ${m[2]}`],
  [/\bkubectl\b.*\bcordon\s+(\S+)/, (m) => `Cordoned ${m[1]}`],
  [/\bkubectl\b.*\bdrain\s+(\S+)/, (m) => `Drained ${m[1]}`],
  [/\bhelm\b.*\brollback\s+(\S+)/, (m) => `Rolled back release ${m[1]}`],
  [/\bsystemctl\s+restart\s+(\S+)/, (m) => `Restarted ${m[1]}`],
];

/** What a command did, in words. */
export function describeCommand(run: Pick<CommandRun, 'script' | 'template'>, label: string | null): string {
  const script = (run.script ?? run.template).trim();
  for (const [pattern, words] of VERBS) {
    const match = pattern.exec(script);
    if (match) return words(match);
  }
  const firstLine = script.split('\n')[0] ?? script;
  if (label) return `${label}: ${firstLine}`;
  return `Ran ${firstLine}`;
}

/** How it ended: `ok, 42s`, `failed: exit 1, 3s`, `timed out, 1m`, `dry run`. */
export function commandOutcome(run: CommandRun): string {
  const took = formatDuration(run.durationMs ?? 0);
  if (run.error !== null) return `could not start: ${run.error}`;
  if (run.dryRun) return 'dry run';
  if (run.timedOut) return `timed out, ${took}`;
  if (run.cancelled) return `cancelled, ${took}`;
  if (run.exitCode === 0) return `ok, ${took}`;
  if (run.signal !== null) return `killed by ${run.signal}, ${took}`;
  return `failed: exit ${run.exitCode ?? '?'}, ${took}`;
}

export function describeFlagAction(flag: FlagChange): string {
  if (flag.via === 'dry-run') return `Would have set feature flag ${flag.flag} to ${flag.value} (drill, not changed)`;
  const outcome = flag.outcomeUnknown ? 'outcome unknown' : flag.via === 'manual' && flag.ok ? 'done by hand' : flag.ok ? 'ok' : `failed${flag.detail ? `: ${flag.detail}` : ''}`;
  return `Set feature flag ${flag.flag} to ${flag.value} (${outcome})`;
}

function stepLabel(state: Pick<IncidentState, 'runbook'>, stepId: string): string | null {
  let found: string | null = null;
  const walk = (steps: readonly RunbookStep[]) => {
    for (const step of steps) {
      if (step.id === stepId) found = step.label;
      walk(step.children);
    }
  };
  for (const section of state.runbook.sections) walk(section.steps);
  return found;
}

/**
 * Mitigations finished after `sinceSeq` (the last internal update's seq), in the order they
 * finished, as the Actions items. Selection is the engine's mitigationsSince(); read-only
 * investigation commands outside mitigate/rollback sections are left out: they are not actions.
 */
export function mitigationActions(state: IncidentState, sinceSeq: number): string[] {
  const kinds = sectionKindByStep(state);
  const items: string[] = [];
  for (const m of mitigationsSince(state, sinceSeq)) {
    if (m.kind === 'flag') items.push(describeFlagAction(m.flag));
    else if (isMitigation(m.run, kinds) && m.run.dryRun && m.run.error === null) {
      items.push(`Would have run: ${describeCommand(m.run, stepLabel(state, m.run.stepId))} (drill, not run)`);
    } else if (isMitigation(m.run, kinds)) {
      items.push(`${describeCommand(m.run, stepLabel(state, m.run.stepId))} (${commandOutcome(m.run)})`);
    }
  }
  return items;
}
