// The shared room's events folded into the state: roles and their hand-overs, and the
// two-person rule's requests and decisions (a request is decided once: the first decision in
// the log counts, a later one for the same request changes nothing).
import type { ApprovalDecidedEvent, ApprovalRequestedEvent, RoleAssignedEvent } from './room-events.ts';
import type { Ops } from './reduce-ops.ts';
import type { IncidentState } from './state.ts';

export type RoomEvent = RoleAssignedEvent | ApprovalRequestedEvent | ApprovalDecidedEvent;

export function applyRoomEvent(state: IncidentState, event: RoomEvent, ops: Ops): IncidentState {
  switch (event.type) {
    case 'role.assigned':
      return ops.with(state, {
        roles: { ...state.roles, [event.role]: event.to },
        roleHistory: ops.push(state.roleHistory ?? [], { seq: event.seq, at: event.at, role: event.role, to: event.to, from: event.from }),
      });
    case 'approval.requested': {
      const approvals = state.approvals ?? [];
      // One open request per command request: asking again changes nothing.
      if (approvals.some((a) => a.requestSeq === event.requestSeq && a.decision === null)) return state;
      const { seq, at, actor: requester, requestSeq, stepId, commandId, script, risk, reason } = event;
      const where = event.where !== undefined ? { where: event.where } : {};
      return ops.with(state, { approvals: ops.push(approvals, { seq, at, requester, requestSeq, stepId, commandId, script, risk, reason, ...where, decision: null }) });
    }
    case 'approval.decided': {
      const approvals = state.approvals ?? [];
      const index = approvals.findIndex((a) => a.requestSeq === event.requestSeq && a.decision === null);
      const open = approvals[index];
      if (open === undefined) return state;
      const decision = { seq: event.seq, at: event.at, by: event.actor, approved: event.approved, reason: event.reason };
      return ops.with(state, { approvals: ops.replaceAt(approvals, index, { ...open, decision }) });
    }
  }
}
