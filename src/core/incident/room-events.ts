// Events of a shared war room: who holds which role (and the hand-overs), and the two-person
// rule's requests and decisions. Part of the IncidentEvent union in events.ts.
import type { EventBase } from './event-base.ts';

/** The roles of an incident response; the commander's is `commander.changed`. */
export type ResponderRole = 'operations' | 'communications' | 'scribe';

export const RESPONDER_ROLES: readonly ResponderRole[] = ['operations', 'communications', 'scribe'];

/** Someone took a role or was given it; `from` is who held it before (a hand-over). */
export interface RoleAssignedEvent extends EventBase {
  type: 'role.assigned';
  role: ResponderRole;
  to: string;
  from: string | null;
}

/**
 * A command at or above the room's approval risk (or annotated `approve=2`) waits for a second
 * responder. Refers to the command's request by its seq.
 */
export interface ApprovalRequestedEvent extends EventBase {
  type: 'approval.requested';
  requestSeq: number;
  stepId: string;
  commandId: string;
  script: string;
  risk: string;
  /** Why approval is needed: `risk destructive (commands.approval = change)`, `approve=2`. */
  reason: string;
  /** Where it would run, as the requester's dialog showed it (cwd, kube context/namespace). */
  where?: string;
}

/** Another responder approved or rejected the request (with a reason). */
export interface ApprovalDecidedEvent extends EventBase {
  type: 'approval.decided';
  requestSeq: number;
  approved: boolean;
  reason: string | null;
}
