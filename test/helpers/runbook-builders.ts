// Hand-built pieces of the Runbook model for tests that need a runbook without parsing one.
import type { RunbookStep, SourceRange } from '../../src/core/runbook/types.ts';

/** A source position for built pieces (they come from no file). */
export const testPosition: SourceRange = { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };

/** An open task-list step at depth 0 with nothing attached; `extra` overrides any field. */
export function runbookStep(sectionId: string, id: string, text: string, extra: Partial<RunbookStep> = {}): RunbookStep {
  return {
    id,
    sectionId,
    text,
    label: null,
    depth: 0,
    task: true,
    checked: false,
    fromHeading: false,
    children: [],
    commands: [],
    variables: [],
    queries: [],
    action: null,
    position: testPosition,
    ...extra,
  };
}
