// The dialog that covers the body of the dashboard, if any: help, severity or commander choice,
// note or commander prompt, resolve/reopen/leave question, a command's confirmation dialog, or
// the update composer. Each listens to its own keys while it is up; what changes the incident
// goes to the session.
import React, { type ReactNode } from 'react';
import type { ActiveBinding } from '../core/keys/bindings.ts';
import { setCommanderWithFeedback, setSeverityWithFeedback } from '../app/operator-actions.ts';
import { findStep } from '../core/incident/selectors.ts';
import { CommandChooser } from './command-chooser.tsx';
import { continueQueue, runAllCommands, runCommands } from './command-queue.ts';
import { ConfirmPrompt } from './confirm-prompt.tsx';
import { EscalatePrompt } from './escalate-prompt.tsx';
import { HelpScreen } from './help-screen.tsx';
import { RoomDialog } from './room-dialogs.tsx';
import type { Rect } from './layout.ts';
import { LeaveRunningDialog, LeftoverDialog } from './run-dialogs.tsx';
import { SelectDialog } from './select-dialog.tsx';
import { TextPrompt } from './text-prompt.tsx';
import { useSessionContext, useSnapshot } from './session-context.tsx';
import type { UiState } from './ui-state.ts';

const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'];

export interface OverlayProps {
  overlay: UiState['overlay'];
  /** The dashboard's bindings, for the help screen. */
  board: readonly ActiveBinding[];
  body: Rect;
  close: () => void;
  leave: () => void;
  /** Leave without asking about a running command (the leave-running dialog decided). */
  leaveNow?: () => void;
  /** Replace the overlay (the commander list's "Someone else…" opens a prompt). */
  open: (overlay: UiState['overlay']) => void;
  /** The overlay now (a queued command opens its dialog only over the bare dashboard). */
  current: () => UiState['overlay'];
}

/** The overlay, or null when the dashboard's panes should show. */
export function Overlay({ overlay, board, body, close, leave, leaveNow = leave, open, current }: OverlayProps): ReactNode {
  const { session, extensions, people } = useSessionContext();
  const { state } = useSnapshot();
  switch (overlay.kind) {
    case 'help':
      return <HelpScreen bindings={board} width={body.width} height={body.height} scroll={overlay.scroll ?? 0} />;
    case 'select':
      return overlay.purpose === 'severity' ? (
          <SelectDialog
            key="severity"
            title={`Severity (now ${state.severity})`}
            hint="enter sets it · esc keeps it"
            items={[...new Set([...SEVERITIES, state.severity])].map((s) => ({ label: s, value: s }))}
            initialIndex={SEVERITIES.indexOf(state.severity)}
            width={body.width}
            height={body.height}
            onSelect={(value) => {
              close();
              void setSeverityWithFeedback(session, value);
            }}
            onCancel={close}
          />
        ) : (
          <SelectDialog
            key="commander"
            title={`Hand over command (now ${state.commander})`}
            hint="enter hands over · esc keeps the current commander"
            items={[
              ...[...new Set([state.commander, session.actor, ...people, ...state.actors])]
                .filter((name) => name !== 'system')
                .map((name) => ({ label: name === state.commander ? `${name} (current)` : name, value: name })),
              { label: 'Someone else…', value: '\u0000other' },
            ]}
            width={body.width}
            height={body.height}
            onSelect={(value) => {
              if (value === '\u0000other') {
                open({ kind: 'prompt', purpose: 'commander' });
                return;
              }
              close();
              void setCommanderWithFeedback(session, value);
            }}
            onCancel={close}
          />
        );
    case 'prompt':
      return overlay.purpose === 'note' ? (
          <TextPrompt
            key="note"
            title="Add a note to the timeline"
            placeholder="what you saw, decided or tried"
            width={body.width}
            height={body.height}
            onSubmit={(text) => {
              close();
              // With the timeline hidden nothing on screen changes: say that the note was kept.
              void session.addNote(text).then((event) => {
                if (event) session.notify('info', 'note added to the timeline (t shows it)');
              });
            }}
            onCancel={close}
          />
        ) : (
          <TextPrompt
            key="commander"
            title="New incident commander"
            placeholder="name or @handle"
            width={body.width}
            height={body.height}
            onSubmit={(name) => {
              close();
              void setCommanderWithFeedback(session, name);
            }}
            onCancel={close}
          />
        );
    case 'confirm':
      return overlay.purpose === 'resolve' ? (
          <ConfirmPrompt
            question={state.alert?.firing && state.alert.source === 'alertmanager' ? `The alert ${state.alert.name} is still firing. Resolve "${state.title}" anyway?` : `Resolve "${state.title}"?`}
            detail="The clock stops, escalations stop, and the resolution is announced."
            width={body.width}
            height={body.height}
            onConfirm={() => {
              close();
              void session.resolve().then((event) => {
                if (!event) return;
                // Customers read the status page: its incident is resolved with ours (the composer opens on Resolved).
                if (extensions.statusPageOpen?.()) open({ kind: 'composer', updateKind: 'public', thenExpireSilence: Boolean(extensions.activeSilence?.()) });
                // A silence made for this incident should not outlive it unnoticed: offer to expire it.
                else if (extensions.activeSilence?.()) open({ kind: 'alert', purpose: 'expire-silence' });
              });
            }}
            onCancel={close}
          />
        ) : overlay.purpose === 'escalate' ? (
          <EscalatePrompt body={body} close={close} />
        ) : overlay.purpose === 'reopen' ? (
          <ConfirmPrompt
            question={`Reopen "${state.title}"?`}
            detail="Status goes back to investigating; escalation and update clocks count again from where they stopped."
            width={body.width}
            height={body.height}
            onConfirm={() => {
              close();
              void session.reopen();
            }}
            onCancel={close}
          />
        ) : (
          <ConfirmPrompt
            question="Leave the war room?"
            detail="The incident stays open; `warroom resume` reopens it. Ctrl-C again leaves now."
            width={body.width}
            height={body.height}
            onConfirm={leave}
            onCancel={close}
          />
        );
    case 'command': {
      const { queue } = overlay;
      const onDone = queue ? (ok: boolean) => continueQueue(session, extensions, open, current, queue, ok) : undefined;
      return extensions.commandDialog?.({ requestSeq: overlay.requestSeq, width: body.width, height: body.height, onClose: close, ...(onDone ? { onDone } : {}) }) ?? null;
    }
    case 'choose-command': {
      const step = findStep(state, overlay.stepId)?.step;
      if (!step) return null;
      return (
        <CommandChooser
          key={step.id}
          state={state}
          step={step}
          width={body.width}
          height={body.height}
          onChoose={(commandId) => {
            close();
            runCommands(session, extensions, open, step.id, [commandId]);
          }}
          onRunAll={() => {
            close();
            runAllCommands(session, extensions, open, step.id);
          }}
          onCancel={close}
        />
      );
    }
    case 'composer': {
      // Resolving offers the status page first, then the silence: neither outlives the incident unnoticed.
      const after = overlay.thenExpireSilence && extensions.activeSilence?.() ? () => open({ kind: 'alert', purpose: 'expire-silence' }) : close;
      return extensions.composer?.({ kind: overlay.updateKind, width: body.width, height: body.height, onClose: after }) ?? null;
    }
    case 'statuspage-resend':
      return extensions.resendDialog?.({ width: body.width, height: body.height, onClose: close }) ?? null;
    case 'leave-running':
      return <LeaveRunningDialog body={body} close={close} leaveNow={leaveNow} />;
    case 'leftover':
      return <LeftoverDialog key={overlay.requestSeq} requestSeq={overlay.requestSeq} body={body} close={close} />;
    case 'alert':
      return extensions.alertDialog?.({ purpose: overlay.purpose, width: body.width, height: body.height, onClose: close }) ?? null;
    case 'room':
      return <RoomDialog purpose={overlay.purpose} width={body.width} height={body.height} close={close} />;
    case 'none':
      return null;
  }
}
