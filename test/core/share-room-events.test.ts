// The shared room's events in the state, the timelines, the post-mortem and the shared log's
// intent rules: roles with their hand-overs, approvals requested and decided once.
import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../src/core/incident/events.ts';
import { replay } from '../../src/core/incident/reduce.ts';
import { timelineFromEvents } from '../../src/core/incident/timeline.ts';
import { headerMarkdown } from '../../src/core/postmortem/header.ts';
import { approvalReason, approvalStanding, approvalsFor } from '../../src/core/command/approval.ts';
import { noOpReason } from '../../src/core/share/intent.ts';
import { validateEvent } from '../../src/core/incident/validate-event.ts';
import { at, openedEvent } from './incident/fixtures.ts';

function events(): IncidentEvent[] {
  return [
    openedEvent(),
    { seq: 2, at: at(1), actor: 'bob', type: 'role.assigned', role: 'operations', to: 'bob', from: null },
    { seq: 3, at: at(2), actor: 'alice', type: 'role.assigned', role: 'operations', to: 'carol', from: 'bob' },
    { seq: 4, at: at(3), actor: 'alice', type: 'command.requested', stepId: 'mit/rollback', commandId: 'mit/rollback/c0', template: 'kubectl rollout undo deployment/api', risk: 'change' },
    { seq: 5, at: at(4), actor: 'alice', type: 'approval.requested', requestSeq: 4, stepId: 'mit/rollback', commandId: 'mit/rollback/c0', script: 'kubectl rollout undo deployment/api', risk: 'change', reason: 'change command (commands.approval = change)' },
    { seq: 6, at: at(5), actor: 'bob', type: 'approval.decided', requestSeq: 4, approved: true, reason: null },
  ] as IncidentEvent[];
}

describe('shared room events', () => {
  it('validate, fold into roles and approvals, and read in the timeline and the post-mortem', () => {
    for (const event of events()) expect(validateEvent(JSON.parse(JSON.stringify(event)))).toBeNull();
    const state = replay(events());
    expect(state.roles).toEqual({ operations: 'carol' });
    expect(state.roleHistory?.map((h) => [h.to, h.from])).toEqual([['bob', null], ['carol', 'bob']]);
    expect(approvalStanding(state, 4)).toMatchObject({ kind: 'approved', by: 'bob' });
    expect(approvalsFor(state, 'bob')).toEqual([]);
    const lines = timelineFromEvents(events()).map((e) => e.text);
    expect(lines).toContain('carol is operations (handed over by bob)');
    expect(lines.some((l) => l.startsWith('alice asked for approval to run kubectl rollout undo'))).toBe(true);
    expect(lines.some((l) => l.startsWith('bob approved kubectl rollout undo'))).toBe(true);
    expect(headerMarkdown(state, state.openedAt.slice(0, 10)).join('\n')).toMatch(/\*\*Roles\*\*: commander @?alice; operations @?carol \(before: @?bob\)/);
  });

  it('a decision on a decided request and a role its holder already has are no-ops in the shared log', () => {
    const state = replay(events());
    expect(noOpReason(state, { seq: 7, at: at(6), actor: 'carol', type: 'approval.decided', requestSeq: 4, approved: false, reason: 'no' })).toMatch(/no approval waiting/);
    expect(noOpReason(state, { seq: 7, at: at(6), actor: 'carol', type: 'role.assigned', role: 'operations', to: 'carol', from: 'carol' })).toMatch(/already operations/);
  });

  it('commands.approval and approve=2 decide which commands wait for a second responder', () => {
    const command = (risk: 'read' | 'change' | 'destructive', extra: Record<string, string> = {}) => ({ risk, annotations: { extra } });
    expect(approvalReason(command('destructive'), 'off')).toBeNull();
    expect(approvalReason(command('read', { approve: '2' }), 'off')).toBe('the runbook says approve=2');
    expect(approvalReason(command('change'), 'destructive')).toBeNull();
    expect(approvalReason(command('destructive'), 'destructive')).toMatch(/destructive command/);
    expect(approvalReason(command('change'), 'change')).toMatch(/change command/);
  });
});
