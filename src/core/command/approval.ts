// The two-person rule of a shared room: which commands wait for a second responder, and where a
// request stands. `commands.approval` names the lowest risk that needs approval (`off`: none);
// a fence annotated `approve=2` always does.
import type { IncidentState, ApprovalRecord } from '../incident/state.ts';
import type { Risk, RunbookCommand } from '../runbook/types.ts';

export type ApprovalPolicy = 'off' | 'change' | 'destructive';

const RANK: Record<Risk, number> = { read: 0, change: 1, destructive: 2 };

/** Why `command` needs a second responder's approval under `policy`, or null. */
export function approvalReason(command: Pick<RunbookCommand, 'risk' | 'annotations'>, policy: ApprovalPolicy): string | null {
  if (command.annotations.extra.approve === '2') return 'the runbook says approve=2';
  if (policy === 'off') return null;
  return RANK[command.risk] >= RANK[policy] ? `${command.risk} command (commands.approval = ${policy})` : null;
}

export type ApprovalStanding =
  | { kind: 'none' }
  | { kind: 'waiting'; record: ApprovalRecord }
  | { kind: 'approved'; record: ApprovalRecord; by: string }
  | { kind: 'rejected'; record: ApprovalRecord; by: string; reason: string | null };

/** The latest approval request of a command request, and its decision. */
export function approvalStanding(state: IncidentState, requestSeq: number): ApprovalStanding {
  const record = (state.approvals ?? []).filter((a) => a.requestSeq === requestSeq).at(-1);
  if (record === undefined) return { kind: 'none' };
  if (record.decision === null) return { kind: 'waiting', record };
  return record.decision.approved
    ? { kind: 'approved', record, by: record.decision.by }
    : { kind: 'rejected', record, by: record.decision.by, reason: record.decision.reason };
}

/** Requests waiting for someone other than `me` to decide, oldest first. */
export function approvalsFor(state: IncidentState, me: string): ApprovalRecord[] {
  return (state.approvals ?? []).filter((a) => a.decision === null && a.requester !== me);
}
