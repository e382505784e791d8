// Read-side helpers over the Runbook model, shared by the war room, the journal and the UI.
import type { Runbook, RunbookCommand, RunbookSection, RunbookStep, RunbookVariable } from './types.ts';

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

/**
 * The runbook variables as they stand when `command` runs: for each name, its latest
 * definition before the command in document order. A command uses `command.variables` of
 * them (substitute those), and a shell session would also carry the `exported` ones into its
 * environment.
 */
export function variablesBefore(runbook: Runbook, command: RunbookCommand): Map<string, RunbookVariable> {
  const at = command.position.start;
  const before = (p: { line: number; column: number }) => p.line < at.line || (p.line === at.line && p.column < at.column);
  const out = new Map<string, RunbookVariable>();
  for (const variable of runbook.variables) {
    if (before(variable.position.start)) out.set(variable.name, variable);
  }
  return out;
}
