// Every position the runbook parser reports must lie inside the file it parsed.
import { allSteps } from '../../src/core/runbook/query.ts';
import type { Runbook, SourcePoint } from '../../src/core/runbook/types.ts';

/** Positions that fall outside `source` (empty when all are inside), as readable strings. */
export function positionsOutside(runbook: Runbook, source: string): string[] {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lengths = text.split(/\r\n|\r|\n/).map((l) => l.length);
  const bad: string[] = [];
  const check = (what: string, p: SourcePoint) => {
    const ok = Number.isInteger(p.line) && Number.isInteger(p.column) && p.line >= 1 && p.line <= lengths.length && p.column >= 1 && p.column <= (lengths[p.line - 1] ?? 0) + 1;
    if (!ok) bad.push(`${what} ${p.line}:${p.column}`);
  };
  for (const s of runbook.sections) {
    check(`section ${s.id}`, s.position.start);
    check(`section ${s.id} end`, s.position.end);
  }
  for (const step of allSteps(runbook)) {
    check(`step ${step.id}`, step.position.start);
    check(`step ${step.id} end`, step.position.end);
    for (const c of step.commands) {
      check(`command ${c.id}`, c.position.start);
      check(`command ${c.id} end`, c.position.end);
    }
    for (const q of step.queries) check(`query on ${step.id}`, q.position.start);
  }
  for (const e of runbook.escalation) check(`escalation ${e.text}`, e.position.start);
  for (const d of runbook.diagnostics) check(`diagnostic ${d.code}`, d);
  return bad;
}
