// The last pass of the parser: every position it returns lies inside the file, whatever
// micromark or our own line arithmetic produced.
import { PositionClamp } from './source-guard.ts';
import { allSteps } from './query.ts';
import type { Runbook, SourceRange } from './types.ts';

export function clampPositions(runbook: Runbook, text: string): Runbook {
  const clamp = new PositionClamp(text);
  const range = (r: SourceRange): SourceRange => {
    const start = clamp.point(r.start);
    let end = clamp.point(r.end);
    if (end.line < start.line || (end.line === start.line && end.column < start.column)) end = { ...start };
    return { start, end };
  };
  for (const section of runbook.sections) section.position = range(section.position);
  for (const step of allSteps(runbook)) {
    step.position = range(step.position);
    for (const command of step.commands) command.position = range(command.position);
    for (const query of step.queries) query.position = range(query.position);
  }
  for (const threshold of runbook.escalation) threshold.position = range(threshold.position);
  for (const diagnostic of runbook.diagnostics) {
    const p = clamp.point(diagnostic);
    diagnostic.line = p.line;
    diagnostic.column = p.column;
  }
  return runbook;
}
