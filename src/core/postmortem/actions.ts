// Corrective Actions: what the operator wrote down as `action:` / `todo:` during the incident,
// then suggestions the journal can back up: runbook steps that were skipped, check and
// investigation steps nobody ticked, and runbook commands that failed. Suggestions are marked
// so a reviewer can keep or drop them; the journal cannot judge which matter.
import type { RunbookSection, RunbookStep } from '../runbook/types.ts';
import type { CommandRun, IncidentState, NoteEntry } from '../incident/state.ts';
import { commandSummary, inlineText } from './markdown.ts';
import { parseNoteTag } from './note-tags.ts';
import { stepIndex, stepName, stepNameById } from './runbook-steps.ts';

type StepsState = Pick<IncidentState, 'runbook' | 'steps'>;

/** Sections whose untouched steps are worth asking about (mitigations are alternatives). */
const ALWAYS_EXPECTED: ReadonlySet<RunbookSection['kind']> = new Set(['check', 'investigate']);

function finalState(state: StepsState, step: RunbookStep): 'open' | 'checked' | 'skipped' {
  return state.steps[step.id]?.state ?? (step.checked ? 'checked' : 'open');
}

function touched(state: StepsState, step: RunbookStep): boolean {
  return finalState(state, step) !== 'open' || step.children.some((c) => touched(state, c));
}

export function actionNotes(notes: readonly Pick<NoteEntry, 'text'>[]): string[] {
  return notes
    .map((n) => parseNoteTag(n.text))
    .filter((n) => n.tag === 'action' && n.body.length > 0)
    .map((n) => n.body);
}

function skippedSuggestions(state: StepsState): string[] {
  const out: string[] = [];
  for (const { step, section } of stepIndex(state.runbook).values()) {
    if (finalState(state, step) !== 'skipped') continue;
    const note = state.steps[step.id]?.note;
    const why = note ? ` (${inlineText(note, 200)})` : '';
    out.push(`Review runbook step "${stepName(step)}" (${inlineText(section.title, 80)}): skipped during the incident${why}.`);
  }
  return out;
}

function neverTickedSuggestions(state: StepsState): string[] {
  const out: string[] = [];
  // A ticked (or skipped) step covers its sub-steps; a step with ticked sub-steps counts as
  // worked on, so only its untouched sub-steps are asked about; an untouched step stands for
  // all of its sub-steps in one suggestion.
  const visit = (step: RunbookStep, section: RunbookSection): void => {
    if (finalState(state, step) !== 'open') return;
    if (!touched(state, step)) {
      out.push(`Review runbook step "${stepName(step)}" (${inlineText(section.title, 80)}): never ticked during the incident.`);
      return;
    }
    for (const child of step.children) visit(child, section);
  };
  for (const section of state.runbook.sections) {
    if (ALWAYS_EXPECTED.has(section.kind)) for (const step of section.steps) visit(step, section);
  }
  return out;
}

function failedCommandSuggestions(state: StepsState, commands: readonly CommandRun[]): string[] {
  const steps = stepIndex(state.runbook);
  return commands
    .filter((c) => c.phase === 'finished' && !c.dryRun && (c.error !== null || c.timedOut || (c.exitCode ?? 0) !== 0 || c.signal !== null))
    .map((c) => {
      const how = c.error !== null ? 'could not start' : c.timedOut ? 'timed out' : c.signal !== null ? `was killed (${c.signal})` : `exited ${c.exitCode}`;
      return `Check runbook command ${commandSummary(c.script ?? c.template, 80)} (step "${stepNameById(steps, c.stepId)}"): it ${how} during the incident.`;
    });
}

export function correctiveActionsMarkdown(state: StepsState & Pick<IncidentState, 'notes' | 'commands'>): string[] {
  const written = actionNotes(state.notes).map((a) => `- [ ] ${inlineText(a)}`);
  const suggested = [
    ...skippedSuggestions(state),
    ...neverTickedSuggestions(state),
    ...failedCommandSuggestions(state, state.commands),
  ].map((s) => `- [ ] _Suggested_: ${s}`);
  if (written.length === 0) {
    written.push('- [ ] _TODO: corrective actions: the fix, prevention, and detection (none were noted with `action:`)._');
  }
  return [...written, ...suggested];
}
