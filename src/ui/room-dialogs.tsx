// The shared room's two dialogs. `R`: take a role or give it to someone (commander, operations,
// communications, scribe); a hand-over is journaled like any other change. `A`: the two-person
// rule's other person: every command waiting for approval from someone else, then the whole
// command with its step, risk and requester, approved or rejected with a reason. `c` on a run whose
// terminal left the room: close it as unknown (orphan-dialog.tsx).
import React, { useEffect, useState, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { approvalsFor } from '../core/command/approval.ts';
import { RESPONDER_ROLES, type ResponderRole } from '../core/incident/room-events.ts';
import type { ApprovalRecord } from '../core/incident/state.ts';
import { findStep } from '../core/incident/selectors.ts';
import { SelectDialog } from './select-dialog.tsx';
import { TextPrompt } from './text-prompt.tsx';
import { OrphanDialog } from './orphan-dialog.tsx';
import { useSessionContext, useSnapshot } from './session-context.tsx';
import { useShare } from './share-badge.tsx';

export interface RoomDialogProps {
  purpose: 'role' | 'approve' | 'orphan';
  width: number;
  height: number;
  close: () => void;
}

type RoleChoice = 'commander' | ResponderRole;

export function RoomDialog(props: RoomDialogProps): ReactNode {
  if (props.purpose === 'orphan') return <OrphanDialog {...props} />;
  return props.purpose === 'role' ? <RoleDialog {...props} /> : <ApproveDialog {...props} />;
}

function RoleDialog({ width, height, close }: RoomDialogProps) {
  const { session, people } = useSessionContext();
  const { state } = useSnapshot();
  const share = useShare();
  const [role, setRole] = useState<RoleChoice | null>(null);
  const holder = (r: RoleChoice) => (r === 'commander' ? state.commander : (state.roles?.[r] ?? null));
  if (role === null) {
    return (
      <SelectDialog
        key="roles"
        title="Take or give a role"
        hint="enter picks the role · esc closes"
        items={(['commander', ...RESPONDER_ROLES] as RoleChoice[]).map((r) => ({ label: `${r}: ${holder(r) ?? 'nobody'}`, value: r }))}
        width={width}
        height={height}
        onSelect={setRole}
        onCancel={close}
      />
    );
  }
  const present = share?.present.map((p) => p.operator) ?? [];
  const names = [...new Set([session.actor, ...present, ...people, ...state.actors])].filter((n) => n !== 'system');
  return (
    <SelectDialog
      key="holder"
      title={`${role} (now ${holder(role) ?? 'nobody'}): who takes it?`}
      hint="enter hands it over · esc closes"
      items={names.map((name) => ({ label: name === session.actor ? `${name} (me)` : name, value: name }))}
      width={width}
      height={height}
      onSelect={(to) => {
        close();
        if (role === 'commander') void session.setCommander(to);
        else void session.dispatchWith((s) => (s.roles?.[role] === to ? null : { type: 'role.assigned', actor: session.actor, role, to, from: s.roles?.[role] ?? null }));
      }}
      onCancel={close}
    />
  );
}

function ApproveDialog({ width, height, close }: RoomDialogProps) {
  const { session } = useSessionContext();
  const { state } = useSnapshot();
  const waiting = approvalsFor(state, session.actor);
  const [chosen, setChosen] = useState<ApprovalRecord | null>(waiting.length === 1 ? (waiting[0] ?? null) : null);
  const [rejecting, setRejecting] = useState(false);
  useEffect(() => {
    if (waiting.length === 0 && chosen === null) {
      session.notify('info', 'nothing waits for your approval');
      close();
    }
  });
  if (waiting.length === 0 && chosen === null) return null;
  const decide = (record: ApprovalRecord, approved: boolean, reason: string | null) => {
    close();
    void session.dispatchWith((s) =>
      (s.approvals ?? []).some((a) => a.seq === record.seq && a.decision === null)
        ? { type: 'approval.decided', actor: session.actor, requestSeq: record.requestSeq, approved, reason }
        : null,
    );
  };
  if (chosen === null) {
    return (
      <SelectDialog
        key="waiting"
        title="Commands waiting for your approval"
        hint="enter opens it · esc closes"
        items={waiting.map((a) => ({ label: `${a.requester}: ${a.script.split('\n')[0] ?? ''}`, value: a }))}
        width={width}
        height={height}
        onSelect={setChosen}
        onCancel={close}
      />
    );
  }
  if (rejecting) {
    return (
      <TextPrompt
        title={`Reject ${chosen.requester}'s command: why?`}
        placeholder="the reason they will read"
        width={width}
        height={height}
        onSubmit={(reason) => decide(chosen, false, reason.trim() || null)}
        onCancel={close}
      />
    );
  }
  const step = findStep(state, chosen.stepId)?.step.text ?? chosen.stepId;
  const detail = [`requested by ${chosen.requester} · step: ${step}`, `risk ${chosen.risk} · ${chosen.reason}`, ...(chosen.where ? [`runs in: ${chosen.where}`] : [])];
  const scriptLines = chosen.script.split('\n');
  const listHeight = Math.max(3, height - detail.length - scriptLines.length - 1);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {detail.map((line) => (
        <Text key={line} wrap="wrap">
          {line}
        </Text>
      ))}
      {scriptLines.map((line, i) => (
        <Text key={`s${i}`} bold wrap="wrap">
          {i === 0 ? '$ ' : '  '}
          {line}
        </Text>
      ))}
      <SelectDialog
        key="decide"
        title={`Approve running this for ${chosen.requester}?`}
        hint="enter decides · esc closes (nothing decided)"
        items={[
          { label: 'Approve: it may run', value: 'approve' as const },
          { label: 'Reject… (with a reason)', value: 'reject' as const },
        ]}
        width={width}
        height={listHeight}
        onSelect={(choice) => (choice === 'approve' ? decide(chosen, true, null) : setRejecting(true))}
        onCancel={close}
      />
    </Box>
  );
}
