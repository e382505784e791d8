// The dashboard's own keys: each board binding of the keymap gets a handler that folds its
// action into the UI state and hands what changes the incident to the session (which journals
// it before the screen changes). Active on the board and under the help screen; a dialog owns
// the keyboard otherwise.
import { activeRun } from '../core/incident/run-selectors.ts';
import { flatSteps, runningCommand } from '../core/incident/selectors.ts';
import { timelineFromEvents } from '../core/incident/timeline.ts';
import type { IncidentState } from '../core/incident/state.ts';
import { activeBindings, keysText, type ActiveBinding, type KeyHandlers } from '../core/keys/bindings.ts';
import { bindingOf, type KeyContext } from '../core/keymap.ts';
import { errorMessage } from '../errors.ts';
import type { Session } from '../app/session.ts';
import { acknowledge, escalationPreview, setStatusWithFeedback } from '../app/operator-actions.ts';
import type { DashboardExtensions } from './extensions.ts';
import { runAllCommands } from './command-queue.ts';
import { useHandOver } from './hand-over.ts';
import type { HandOver } from '../app/interactive-run.ts';
import { computeLayout } from './layout.ts';
import { useKeys } from './keys/use-keys.ts';
import { outputLinesOf } from './output-live.tsx';
import { outputRowCount } from './output-pane.tsx';
import { useSessionContext } from './session-context.tsx';
import { BOARD_ACTIONS, boardListens, type BoardAction, type UiEffect, type UiState } from './ui-state.ts';
import type { UiStore } from './use-ui-state.ts';

export function keyContext(state: IncidentState, ui: UiState, extensions: DashboardExtensions): KeyContext {
  const steps = flatSteps(state);
  const current = steps[Math.min(ui.cursor, Math.max(0, steps.length - 1))]?.step;
  const action = current ? (current.action?.kind === 'flag' ? 'flag' : current.commands.length > 0 ? 'command' : null) : null;
  // Keys pressed while the services load are handled once they are there (the key gate).
  const loading = extensions.servicesLoading === true;
  return {
    status: state.status,
    hasStep: current !== undefined,
    stepAction: action,
    commandRunning: runningCommand(state) !== null,
    runBusy: activeRun(state) !== null,
    orphanedRun: extensions.orphanedRun?.() != null,
    // A dead warroom's run still alive here counts too: once watched, a flag toggle is no command
    // 'running' in the journal, and c is how it is stopped later.
    runningHere: (extensions.runningHere?.().length ?? 0) > 0 || (extensions.leftovers?.snapshot().length ?? 0) > 0,
    commandFlowAvailable: loading || Boolean(extensions.runStep && extensions.commandDialog),
    commsAvailable: loading || Boolean(extensions.composer),
    readonly: state.mode.readonly,
    alertSilenceable: extensions.silenceUnavailable
      ? (extensions.silenceUnavailable() ?? true)
      : state.alert
        ? loading || 'the alert service is not loaded yet'
        : 'the war room was not opened from an Alertmanager alert',
    acknowledged: state.acknowledged !== null,
  };
}

function runEffect(effect: UiEffect, session: Session, store: UiStore, extensions: DashboardExtensions, leave: () => void, handOver: HandOver): void {
  const stepAt = (index: number) => flatSteps(session.state)[index]?.step ?? null;
  const failed = (error: unknown) => session.notify('error', errorMessage(error));
  switch (effect.kind) {
    case 'toggle-step': {
      const step = stepAt(effect.index);
      if (step) void session.toggleStep(step.id);
      return;
    }
    case 'run-step': {
      const step = stepAt(effect.index);
      if (!step || !extensions.runStep) return;
      if (step.action?.kind !== 'flag' && step.commands.length > 1) {
        store.commit({ ...store.current(), overlay: { kind: 'choose-command', stepId: step.id } });
        return;
      }
      extensions
        .runStep(step.id)
        .then((opened) => {
          if (opened) store.commit({ ...store.current(), overlay: { kind: 'command', requestSeq: opened.requestSeq } });
        })
        .catch(failed);
      return;
    }
    case 'run-all': {
      const step = stepAt(effect.index);
      if (step) runAllCommands(session, extensions, (overlay) => store.commit({ ...store.current(), overlay }), step.id);
      return;
    }
    case 'shell-out': {
      const step = stepAt(effect.index);
      if (!step || !extensions.shellOut) return;
      extensions
        .shellOut(step.id, handOver)
        .then((opened) => {
          if (opened) store.commit({ ...store.current(), overlay: { kind: 'command', requestSeq: opened.requestSeq } });
        })
        .catch(failed);
      return;
    }
    case 'set-status':
      void setStatusWithFeedback(session, effect.to);
      return;
    case 'escalate':
      // Who is paged and how is shown first; with every level paged, say so instead.
      if (escalationPreview(session)) store.commit({ ...store.current(), overlay: { kind: 'confirm', purpose: 'escalate' } });
      else session.notify('warn', 'every level of the escalation policy was already paged');
      return;
    case 'acknowledge':
      void acknowledge(session);
      return;
    case 'cancel-command':
      // Nothing of ours runs, and the run going on belongs to a terminal that left the room:
      // offer to close it, since nothing here can stop it.
      if ((extensions.runningHere?.() ?? []).length === 0 && extensions.orphanedRun?.()) {
        store.commit({ ...store.current(), overlay: { kind: 'room', purpose: 'orphan' } });
        return;
      }
      void Promise.resolve()
        .then(() => extensions.cancelCommand?.())
        .catch(failed);
      return;
    case 'open-composer':
      store.commit({ ...store.current(), overlay: { kind: 'composer', updateKind: effect.updateKind } });
      return;
    case 'quit':
      leave();
      return;
    case 'notice':
      session.notify('warn', effect.text);
      return;
  }
}

export interface DashboardKeys {
  context: KeyContext;
  /** The dashboard's bindings as they stand now, for the `?` screen (also while it is open). */
  board: readonly ActiveBinding[];
}

export function useDashboardKeys(store: UiStore, size: { columns: number; rows: number }, leave: () => void): DashboardKeys {
  const { session, extensions } = useSessionContext();
  const handOver = useHandOver();
  const context = () => keyContext(session.state, store.current(), extensions);
  const act = (action: BoardAction) => {
    const current = store.current();
    const panes = computeLayout(size.columns, size.rows, current.pane);
    const effect = store.apply(action, {
      stepCount: flatSteps(session.state).length,
      // Counted only when a key asks (scrolling the output), never for j/k during a flood of output.
      get outputLines() {
        return outputRowCount(outputLinesOf(session.state, extensions.output), panes.output.width, current.pane === 'output');
      },
      timelineLines: current.timeline ? timelineFromEvents(session.events).length : 0,
      // Less the pane's title and the output's summary row.
      outputRows: Math.max(1, panes.output.height - 2),
      timelineRows: Math.max(1, panes.timeline.height - 1),
    });
    if (effect) runEffect(effect, session, store, extensions, leave, handOver);
  };
  const handlers: KeyHandlers = {};
  for (const action of BOARD_ACTIONS) handlers[action] = () => act(action);
  // Silencing is about the alert the war room was opened from: without one, `z` is not a key here.
  if (session.state.alert === null) delete handlers.silence;
  // `P` is for a status-page update the provider refused; with none, it is not a key here.
  if (!extensions.refusedStatusUpdate?.()) delete handlers['statuspage-resend'];
  const help = store.ui.overlay.kind === 'help';
  useKeys(help ? 'help' : 'dashboard', handlers, {
    active: boardListens(store.ui),
    tracksReady: false,
    context,
    listening: () => boardListens(store.current()),
    onDisabled: (binding) => session.notify('warn', `${keysText(binding.keys)}: ${binding.disabled}`),
    onPaste: () => session.notify('warn', `a paste is text, never keys: ${keysText(bindingOf('note').keys)} adds a note, then paste into it`),
  });
  const now = context();
  return { context: now, board: activeBindings('dashboard', handlers, now) };
}
