// Finding a runbook step by id, with the section it belongs to, in the snapshot the incident
// was opened with (never the file on disk: it may have changed since).
import type { Runbook, RunbookSection, RunbookStep } from '../runbook/types.ts';
import { inlineText } from './markdown.ts';

export interface StepRef {
  step: RunbookStep;
  section: RunbookSection;
}

export function stepIndex(runbook: Runbook): Map<string, StepRef> {
  const index = new Map<string, StepRef>();
  const visit = (step: RunbookStep, section: RunbookSection): void => {
    index.set(step.id, { step, section });
    for (const child of step.children) visit(child, section);
  };
  for (const section of runbook.sections) for (const step of section.steps) visit(step, section);
  return index;
}

/** How a step reads in the draft: its bold label when it has one, else its text. */
export function stepName(step: RunbookStep): string {
  const label = step.label?.trim();
  return inlineText(label && label.length > 0 ? label : step.text, 120);
}

/** A step id that is not in the snapshot (should not happen) still gets a readable name. */
export function stepNameById(index: Map<string, StepRef>, stepId: string): string {
  const ref = index.get(stepId);
  return ref ? stepName(ref.step) : `step ${inlineText(stepId, 80)}`;
}
