// Side effects once across the terminals of a shared room. Appending an event is once by
// construction (the shared log's order); doing something is not, so each is claimed with a
// lease in the shared store first (server time decides expiry):
//   - an outgoing message is sent only once its delivery.requested is in the shared log (a
//     request dropped there, like the page of an escalation another terminal fired first, is
//     never sent), and only by the terminal holding `delivery:<id>`; once delivered the claim is
//     done for good. A terminal that dies holding it stops renewing: another takes it over when
//     the lease expires.
//   - a command run is claimed as `command:<step>/<command>` before it is confirmed; a second
//     terminal is refused with who runs it and for how long, until it has finished.
import type { DeliveryRecord } from '../../core/incident/state.ts';
import type { OutboxGate } from '../../adapters/outbox.ts';
import type { ClaimAnswer, SharedRoom } from '../../adapters/share/room.ts';
import { approvalReason, approvalStanding, type ApprovalPolicy } from '../../core/command/approval.ts';
import { findStep } from '../../core/incident/selectors.ts';
import { othersRuns, othersRunsNotices } from '../../core/command/others-runs.ts';
import { CommandRefusedError } from '../../errors.ts';
import type { CommandDialog } from '../command-dialog.ts';
import type { SharedIncident } from './open-shared.ts';

export interface GateOptions {
  /** Lease on a message being sent or a command running, ms (renewed at a third of it). */
  leaseMs?: number;
  now?: () => number;
  /** `commands.approval`: the two-person rule (default off; `approve=2` fences still need it). */
  approval?: ApprovalPolicy;
}

export const DEFAULT_LEASE_MS = 30_000;

type Room = Pick<SharedRoom, 'claim' | 'renew' | 'release'>;

/** Renews a lease until stopped; the lease lapses on its own if this process dies. */
function keepRenewing(room: Room, incidentId: string, key: string, terminal: string, leaseMs: number): () => void {
  const timer = setInterval(() => {
    room.renew(incidentId, key, { terminal, leaseMs }).catch(() => undefined);
  }, Math.max(200, Math.floor(leaseMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}

function retryIn(answer: Exclude<ClaimAnswer, { kind: 'won' }>, now: number, leaseMs: number): number {
  if (answer.kind === 'done') return 500;
  const until = Date.parse(answer.until);
  return Number.isFinite(until) ? Math.min(leaseMs, Math.max(250, until - now + 50)) : 500;
}

export function deliveryGate(share: SharedIncident, options: GateOptions = {}): OutboxGate {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const now = options.now ?? Date.now;
  const { incidentId, terminal, operator } = share;
  const room = share.shared.room;
  return async (delivery: DeliveryRecord) => {
    const sharedState = share.store.replica.sharedState;
    const isShared = sharedState?.deliveries.some((d) => d.deliveryId === delivery.deliveryId) ?? false;
    // Not in the shared log yet (or never will be): nothing may go out for it.
    if (!isShared) return { go: false, retryInMs: 250 };
    const key = `delivery:${delivery.deliveryId}`;
    const answer = await room.claim(incidentId, key, { kind: 'message', terminal, operator, leaseMs });
    if (answer.kind !== 'won') return { go: false, retryInMs: retryIn(answer, now(), leaseMs) };
    const stop = keepRenewing(room, incidentId, key, terminal, leaseMs);
    return {
      go: true,
      after: async () => {
        stop();
        const phase = share.store.state.deliveries.find((d) => d.deliveryId === delivery.deliveryId)?.phase;
        await room.release(incidentId, key, { terminal, done: phase === 'delivered' });
      },
    };
  };
}

function seconds(sinceIso: string, now: number): string {
  const since = Date.parse(sinceIso);
  return Number.isFinite(since) ? `${Math.max(0, Math.round((now - since) / 1000))}s` : 'just now';
}

/** CommandFlow's claimRun for a shared room. */
export function commandGate(share: SharedIncident, options: GateOptions = {}): (dialog: CommandDialog) => Promise<() => Promise<void>> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const now = options.now ?? Date.now;
  const { incidentId, terminal, operator } = share;
  const room = share.shared.room;
  return async (dialog) => {
    await requireApproval(share, dialog, options.approval ?? 'off');
    const key = `command:${dialog.stepId}/${dialog.commandId}`;
    let answer: ClaimAnswer;
    try {
      answer = await room.claim(incidentId, key, { kind: 'command', terminal, operator, leaseMs });
    } catch (error) {
      throw new CommandRefusedError(`cannot check whether another terminal is running this (${error instanceof Error ? error.message : String(error)}); try again`);
    }
    if (answer.kind !== 'won') {
      const who = answer.by.operator || 'another terminal';
      const since = answer.kind === 'held' ? answer.since : answer.at;
      throw new CommandRefusedError(`${who} is running ${dialog.script.split('\n')[0] ?? dialog.script} (${seconds(since, now())})`);
    }
    const stop = keepRenewing(room, incidentId, key, terminal, leaseMs);
    return async () => {
      stop();
      await room.release(incidentId, key, { terminal }).catch(() => undefined);
    };
  };
}

/**
 * The two-person rule: a command that needs it runs only once another responder approved its
 * request. The first confirm asks (journaled); until then confirming says who can approve.
 */
async function requireApproval(share: SharedIncident, dialog: CommandDialog, policy: ApprovalPolicy): Promise<void> {
  const state = share.store.state;
  const command = findStep(state, dialog.stepId)?.step.commands.find((c) => c.id === dialog.commandId);
  const reason = command ? approvalReason(command, policy) : null;
  if (reason === null) return;
  const standing = approvalStanding(state, dialog.requestSeq);
  // An approval is for the command as it was shown: a script changed since needs a new one.
  if (standing.kind === 'approved' && standing.record.script === dialog.script) return;
  if (standing.kind === 'rejected') {
    throw new CommandRefusedError(`${standing.by} rejected running this${standing.reason ? `: ${standing.reason}` : ''}`);
  }
  const others = [...new Set(share.view.getSnapshot().present.map((p) => p.operator))].filter((name) => name !== share.operator);
  const who = others.length > 0 ? `${others.join(', ')} can approve it with A` : `nobody else is in the room: another responder must join (warroom join ${share.incidentId}) and approve it with A`;
  if (standing.kind === 'none' || standing.kind === 'approved') {
    await share.store.append({
      type: 'approval.requested',
      actor: share.operator,
      requestSeq: dialog.requestSeq,
      stepId: dialog.stepId,
      commandId: dialog.commandId,
      script: dialog.script,
      risk: dialog.risk,
      reason,
      where: approvalWhere(dialog),
    });
  }
  throw new CommandRefusedError(`approval required (${reason}); waiting: ${who}`);
}

/** The word to type before running again what someone else ran or runs. */
export const AGAIN_WORD = 'again';

/**
 * CommandFlow's adjustDialog for a shared room: who runs or ran this command, and a typed
 * confirmation (`again`) to run it anyway, unless the risk already asks for one.
 */
export function sharedDialog(share: SharedIncident, options: GateOptions = {}): (dialog: CommandDialog) => CommandDialog {
  const now = options.now ?? Date.now;
  return (dialog) => {
    const notices = othersRunsNotices(othersRuns(share.store.state, dialog.stepId, dialog.commandId, share.operator), now());
    if (notices.length === 0) return dialog;
    const kind = dialog.confirmation.kind;
    const confirmation = kind === 'typed' || kind === 'disabled' ? dialog.confirmation : { kind: 'typed' as const, word: AGAIN_WORD };
    return { ...dialog, confirmation, roomNotices: [...(dialog.roomNotices ?? []), ...notices] };
  };
}

/** Where the command would run, in the words of the requester's dialog: the approver decides on it too. */
function approvalWhere(dialog: CommandDialog): string {
  const kube = dialog.kube ? ` · kube context ${dialog.kube.context ?? 'none'}, namespace ${dialog.kube.namespace ?? 'default'}` : '';
  return `cwd ${dialog.cwd}${kube}`;
}
