// Read-side helpers over the Runbook model, shared by the war room, the journal and the UI.
import type { Runbook, RunbookCommand, RunbookSection, RunbookStep } from './types.ts';

/** Every step of a section, depth first, in document order. Iterative: nesting can be deep. */
export function allStepsOfSection(section: RunbookSection): RunbookStep[] {
  const out: RunbookStep[] = [];
  const stack: RunbookStep[] = [...section.steps].reverse();
  while (stack.length > 0) {
    const step = stack.pop();
    if (!step) break;
    out.push(step);
    for (let i = step.children.length - 1; i >= 0; i--) {
      const child = step.children[i];
      if (child) stack.push(child);
    }
  }
  return out;
}

/** Every step of the runbook, depth first, flattened, in document order. */
export function allSteps(runbook: Runbook): RunbookStep[] {
  return runbook.sections.flatMap(allStepsOfSection);
}

export function findStep(runbook: Runbook, stepId: string): RunbookStep | undefined {
  return allSteps(runbook).find((step) => step.id === stepId);
}

export function findCommand(runbook: Runbook, commandId: string): { step: RunbookStep; command: RunbookCommand } | undefined {
  for (const step of allSteps(runbook)) {
    const command = step.commands.find((c) => c.id === commandId);
    if (command) return { step, command };
  }
  return undefined;
}

/** Every command of the runbook in document order. */
export function allCommands(runbook: Runbook): RunbookCommand[] {
  return allSteps(runbook).flatMap((step) => step.commands);
}
