// Escalation targets are matched by name against config `escalation.targets`, so the parser
// keeps only who to reach: not how (`via PagerDuty`), not when (`immediately`), not asides.
import { describe, expect, it } from 'vitest';
import { parseEscalationLine } from '../../../src/core/runbook/escalation.ts';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';

describe('escalation targets', () => {
  it.each([
    ['If not resolved in 15 mins → Page Engineering Manager via PagerDuty', 15, 'page', 'Engineering Manager'],
    ['In 15 min → page the on-call engineer (via PagerDuty)', 15, 'page', 'on-call engineer'],
    ['Page the Incident Commander immediately', 0, 'page', 'Incident Commander'],
    ['If not resolved in 15 mins → Page Engineering Manager (Jane)', 15, 'page', 'Engineering Manager'],
    ['Page EM (15 mins)', 15, 'page', 'EM'],
    ['After 30 minutes -> notify Support on Slack', 30, 'notify', 'Support'],
    ['1h -> Page the engineer on the Database team', 60, 'page', 'engineer on the Database team'],
    ['If not resolved in 15 mins -> Page Engineering Manager', 15, 'page', 'Engineering Manager'],
  ])('%s', (line, afterMinutes, action, target) => {
    expect(parseEscalationLine(line)).toEqual({ afterMinutes, action, target });
  });

  it('a runbook policy gives targets that match config names', () => {
    const r = parseRunbook('# T\n\n## Escalation Policy\n- If not resolved in 15 mins -> Page Engineering Manager via PagerDuty\n- Page the CTO immediately if data was lost\n', 'x.md');
    expect(r.escalation.map((t) => [t.afterMinutes, t.target])).toEqual([[0, 'CTO'], [15, 'Engineering Manager']]);
  });
});

describe('escalation items the war room cannot act on', () => {
  it('are reported at file:line:column, not silently dropped', () => {
    const r = parseRunbook('# T\n\nIntro.\n\n## Escalation Policy\n\nFollow these in order.\n\n- If not resolved in 15 mins -> Page EM\n- If still broken, ask someone\n1. Tell the customer\n', 'x.md');
    expect(r.escalation.map((t) => t.target)).toEqual(['EM']);
    expect(r.diagnostics.filter((d) => d.code.startsWith('escalation')).map((d) => [d.code, d.line, d.column, d.severity])).toEqual([
      ['escalation-untimed', 10, 3, 'info'],
      ['escalation-untimed', 11, 4, 'info'],
    ]);
  });
});
