// What views, messages and the post-mortem ask of an incident, derived from IncidentState.
import type { Runbook, RunbookStep, SectionKind } from '../runbook/types.ts';
import { formatDuration } from '../time.ts';
import type { UpdateKind } from './events.ts';
import type { CommandRun, DeliveryRecord, FlagChange, IncidentState, PostedUpdate, StepState } from './state.ts';

export interface FlatStep {
  step: RunbookStep;
  /** Nesting below the section: 0 for top-level items. */
  depth: number;
  sectionId: string;
}

interface RunbookIndex {
  flat: FlatStep[];
  byId: Map<string, FlatStep>;
}

// The runbook snapshot never changes during an incident and reduce() shares it between
// states, so its flattening is computed once per snapshot object.
const indexes = new WeakMap<Runbook, RunbookIndex>();

function indexOf(runbook: Runbook): RunbookIndex {
  const cached = indexes.get(runbook);
  if (cached !== undefined) return cached;
  const flat: FlatStep[] = [];
  const visit = (step: RunbookStep, depth: number, sectionId: string) => {
    flat.push({ step, depth, sectionId });
    for (const child of step.children) visit(child, depth + 1, sectionId);
  };
  for (const section of runbook.sections) for (const step of section.steps) visit(step, 0, section.id);
  const index = { flat, byId: new Map(flat.map((entry) => [entry.step.id, entry])) };
  indexes.set(runbook, index);
  return index;
}

/** Every step of the runbook, depth first in reading order, nested steps after their parent. */
export function flatSteps(state: IncidentState): FlatStep[] {
  return indexOf(state.runbook).flat;
}

/** The runbook step with this id, or null when the snapshot has none. */
export function findStep(state: IncidentState, stepId: string): FlatStep | null {
  return indexOf(state.runbook).byId.get(stepId) ?? null;
}

/** Current state of a step: the last event about it, else its `- [x]` state in the runbook. */
export function stepStateOf(state: IncidentState, stepId: string): StepState {
  const progress = state.steps[stepId];
  if (progress !== undefined) return progress.state;
  return findStep(state, stepId)?.step.checked === true ? 'checked' : 'open';
}

export interface SectionProgress {
  sectionId: string;
  title: string;
  kind: SectionKind;
  /** Steps checked or skipped, nested ones included. */
  done: number;
  total: number;
}

export function sectionProgress(state: IncidentState): SectionProgress[] {
  const counts = new Map<string, { done: number; total: number }>();
  for (const { step, sectionId } of flatSteps(state)) {
    const count = counts.get(sectionId) ?? { done: 0, total: 0 };
    count.total += 1;
    if (stepStateOf(state, step.id) !== 'open') count.done += 1;
    counts.set(sectionId, count);
  }
  return state.runbook.sections.map((section) => ({
    sectionId: section.id,
    title: section.title,
    kind: section.kind,
    ...(counts.get(section.id) ?? { done: 0, total: 0 }),
  }));
}

/** The command currently running (the latest one, should a journal show two), or null. */
export function runningCommand(state: IncidentState): CommandRun | null {
  return state.commands.findLast((run) => run.phase === 'running') ?? null;
}

/** Commands that finished (ran to an exit, timed out, were killed, or were a dry run). */
export function commandsRun(state: IncidentState): CommandRun[] {
  return state.commands.filter((run) => run.phase === 'finished');
}

/** True when a finished command did what it was asked: exit 0, really ran, not cut short. */
export function succeeded(run: CommandRun): boolean {
  return run.phase === 'finished' && run.exitCode === 0 && !run.dryRun && !run.timedOut && !run.cancelled && run.error === null;
}

export type CommandOutcome = Pick<
  CommandRun,
  'phase' | 'exitCode' | 'signal' | 'durationMs' | 'timedOut' | 'cancelled' | 'dryRun' | 'error' | 'cancelReason' | 'outcomeUnknown' | 'reason'
>;

/** `exit 0 in 42s`, `exit 1 in 3s`, `timed out after 5m`, `killed by SIGTERM`, `dry run`... */
export function describeOutcome(run: CommandOutcome): string {
  if (run.phase === 'cancelled') return run.cancelReason === null ? 'cancelled before it ran' : `cancelled before it ran (${run.cancelReason})`;
  if (run.phase !== 'finished') return run.phase;
  if (run.outcomeUnknown) return `unknown: ${run.reason ?? 'nobody saw it end'}`;
  if (run.dryRun && run.error === null) return 'would have run (drill, nothing ran)';
  if (run.error !== null) return `failed to start: ${run.error}`;
  const took = run.durationMs === null ? '' : formatDuration(run.durationMs);
  if (run.timedOut) return `timed out after ${took}`;
  if (run.cancelled) {
    const why = [run.reason, run.signal].filter((part) => part !== null && part !== undefined).join(', ');
    return `cancelled after ${took}${why === '' ? '' : ` (${why})`}`;
  }
  if (run.signal !== null) return `killed by ${run.signal} after ${took}`;
  return `exit ${run.exitCode ?? '?'} in ${took}`;
}

export type Mitigation =
  | { kind: 'command'; seq: number; at: string; ok: boolean; text: string; run: CommandRun }
  | { kind: 'flag'; seq: number; at: string; ok: boolean; text: string; flag: FlagChange };

/**
 * Actions taken after `seq` (usually the last update's), oldest first: finished commands and
 * flag toggles, each with a one-line `text` for the Actions field of an update, e.g.
 * `Rollback Deployment: kubectl rollout undo deployment/api-service (exit 0 in 42s)`.
 */
export function mitigationsSince(state: IncidentState, seq: number): Mitigation[] {
  const found: Mitigation[] = [];
  for (const run of commandsRun(state)) {
    const finishedSeq = run.finishedSeq ?? run.requestSeq;
    if (finishedSeq <= seq) continue;
    const label = findStep(state, run.stepId)?.step.label;
    const text = `${label === null || label === undefined ? '' : `${label}: `}${run.script ?? run.template} (${describeOutcome(run)})`;
    found.push({ kind: 'command', seq: finishedSeq, at: run.finishedAt ?? run.requestedAt, ok: succeeded(run), text, run });
  }
  for (const flag of state.flags) {
    if (flag.seq <= seq) continue;
    found.push({ kind: 'flag', seq: flag.seq, at: flag.at, ok: flag.ok, text: describeFlag(flag), flag });
  }
  return found.sort((a, b) => a.seq - b.seq);
}

/** `circuit_breaker_api set to true (http)`, or `... failed: HTTP 500`. */
export function describeFlag(flag: Pick<FlagChange, 'flag' | 'value' | 'via' | 'ok' | 'detail' | 'outcomeUnknown'>): string {
  const base = `${flag.flag} set to ${flag.value}`;
  // Nobody saw the toggle end: never "set", the flag may or may not have changed.
  if (flag.outcomeUnknown) return `${flag.flag} → ${flag.value}: outcome unknown${flag.detail === null ? '' : ` (${flag.detail})`}`;
  if (flag.via === 'dry-run') return `would have set ${flag.flag} to ${flag.value} (drill)`;
  if (flag.via === 'manual' && flag.ok) return `${base} (done by hand)`;
  if (!flag.ok) return `${base} failed${flag.detail === null ? '' : `: ${flag.detail}`}`;
  return `${base} (${flag.via})`;
}

/** Deliveries still on their way: waiting for a first attempt or for a retry. */
export function pendingDeliveries(state: IncidentState): DeliveryRecord[] {
  return state.deliveries.filter((d) => d.phase === 'pending');
}

/** Deliveries the outbox gave up on; the operator should know. */
export function failedDeliveries(state: IncidentState): DeliveryRecord[] {
  return state.deliveries.filter((d) => d.phase === 'failed');
}

/** The latest posted update of a kind (any kind when omitted), or null. */
export function lastUpdate(state: IncidentState, kind?: UpdateKind): PostedUpdate | null {
  return state.updates.findLast((update) => kind === undefined || update.kind === kind) ?? null;
}
