// UI-only state: cursor, focused pane, what overlay is open. A pure reducer over key actions,
// so the input handler can fold several keys of one stdin chunk in order ("jj " moves twice and
// ticks) without stale React closures. Anything that changes the incident is returned as an
// effect for the app to hand to the session; nothing here touches the journal.
import type { ActionId } from '../core/keymap.ts';
import type { UpdateKind } from '../core/incident/events.ts';

export type Pane = 'checklist' | 'output';

export type Overlay =
  | { kind: 'none' }
  | { kind: 'help'; scroll?: number }
  | { kind: 'select'; purpose: 'severity' | 'commander' }
  | { kind: 'prompt'; purpose: 'note' | 'commander' }
  | { kind: 'confirm'; purpose: 'resolve' | 'reopen' | 'quit' | 'escalate' }
  | { kind: 'command'; requestSeq: number; queue?: CommandQueue }
  /** Enter on a step with several commands: which one. */
  | { kind: 'choose-command'; stepId: string }
  /** `thenExpireSilence`: after the resolved status-page update, offer to expire the alert's silence. */
  | { kind: 'composer'; updateKind: UpdateKind; thenExpireSilence?: boolean }
  | { kind: 'alert'; purpose: 'silence' | 'expire-silence' }
  | { kind: 'statuspage-resend' }
  | { kind: 'leave-running' }
  | { kind: 'leftover'; requestSeq: number }
  | { kind: 'room'; purpose: 'role' | 'approve' | 'orphan' };

/** `x`: the commands of a step still to run, in order, after the one whose dialog is open. */
export interface CommandQueue {
  stepId: string;
  rest: string[];
}

export interface UiState {
  /** Index into the flattened step list. */
  cursor: number;
  pane: Pane;
  timeline: boolean;
  overlay: Overlay;
  /** Lines scrolled up from the bottom of the output / timeline (0 = follow the end). */
  outputScroll: number;
  timelineScroll: number;
  /** Ctrl-C was pressed once; the next Ctrl-C leaves. */
  interruptArmed: boolean;
}

export type UiEffect =
  | { kind: 'toggle-step'; index: number }
  | { kind: 'run-step'; index: number }
  | { kind: 'run-all'; index: number }
  | { kind: 'shell-out'; index: number }
  | { kind: 'set-status'; to: 'identified' | 'monitoring' }
  | { kind: 'escalate' }
  | { kind: 'acknowledge' }
  | { kind: 'cancel-command' }
  | { kind: 'open-composer'; updateKind: UpdateKind }
  | { kind: 'quit' }
  | { kind: 'notice'; text: string };

export const initialUiState: UiState = {
  cursor: 0,
  pane: 'checklist',
  timeline: false,
  overlay: { kind: 'none' },
  outputScroll: 0,
  timelineScroll: 0,
  interruptArmed: false,
};

/** The dashboard listens for its own keys on the board and under the help screen; a dialog owns its keys. */
export function boardListens(ui: UiState): boolean {
  return ui.overlay.kind === 'none' || ui.overlay.kind === 'help';
}

export interface UiView {
  stepCount: number;
  /** Lines each scrollable pane holds, for clamping scroll offsets. */
  outputLines: number;
  timelineLines: number;
  /** Lines each pane shows at once: scrolling stops when its first line is at the top. Default 1. */
  outputRows?: number;
  timelineRows?: number;
}

export interface UiResult {
  ui: UiState;
  effect?: UiEffect;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

/** Moves whatever the arrows move right now: the cursor, or the focused pane's scroll. */
function move(ui: UiState, delta: number, view: UiView): UiState {
  if (ui.pane === 'output') {
    // Scroll is counted from the end; at most until the first line reaches the top of the pane
    // (further would leave the pane blank, or empty above the first line).
    if (ui.timeline) {
      const most = Math.max(0, view.timelineLines - Math.max(1, view.timelineRows ?? 1));
      return { ...ui, timelineScroll: clamp(ui.timelineScroll - delta, 0, most) };
    }
    const most = Math.max(0, view.outputLines - Math.max(1, view.outputRows ?? 1));
    return { ...ui, outputScroll: clamp(ui.outputScroll - delta, 0, most) };
  }
  return { ...ui, cursor: clamp(ui.cursor + delta, 0, Math.max(0, view.stepCount - 1)) };
}

/** The actions the dashboard itself handles (dialogs handle the rest with their own bindings). */
export const BOARD_ACTIONS = [
  'move-up', 'move-down', 'first', 'last', 'toggle-step', 'run-step', 'switch-pane', 'timeline', 'note', 'update-internal',
  'update-public', 'status-identified', 'status-monitoring', 'status-resolved', 'reopen', 'escalate', 'acknowledge', 'severity', 'commander',
  'take-role', 'approve', 'cancel-command', 'run-all', 'shell-out', 'help', 'quit', 'close-help', 'help-down', 'help-up', 'interrupt', 'silence', 'statuspage-resend',
] as const satisfies readonly ActionId[];

export type BoardAction = (typeof BOARD_ACTIONS)[number];

export function uiReduce(ui: UiState, action: BoardAction, view: UiView): UiResult {
  // Any key other than a second Ctrl-C disarms the first one.
  const base = action === 'interrupt' ? ui : ui.interruptArmed ? { ...ui, interruptArmed: false } : ui;
  switch (action) {
    case 'move-up':
      return { ui: move(base, -1, view) };
    case 'move-down':
      return { ui: move(base, 1, view) };
    case 'first':
      return { ui: move(base, -Number.MAX_SAFE_INTEGER, view) };
    case 'last':
      return { ui: move(base, Number.MAX_SAFE_INTEGER, view) };
    case 'toggle-step':
      return view.stepCount > 0 ? { ui: base, effect: { kind: 'toggle-step', index: base.cursor } } : { ui: base };
    case 'run-step':
      return view.stepCount > 0 ? { ui: base, effect: { kind: 'run-step', index: base.cursor } } : { ui: base };
    case 'run-all':
      return view.stepCount > 0 ? { ui: base, effect: { kind: 'run-all', index: base.cursor } } : { ui: base };
    case 'shell-out':
      return view.stepCount > 0 ? { ui: base, effect: { kind: 'shell-out', index: base.cursor } } : { ui: base };
    case 'switch-pane':
      return { ui: { ...base, pane: base.pane === 'checklist' ? 'output' : 'checklist' } };
    case 'timeline':
      return { ui: { ...base, timeline: !base.timeline, timelineScroll: 0 } };
    case 'note':
      return { ui: { ...base, overlay: { kind: 'prompt', purpose: 'note' } } };
    case 'update-internal':
      return { ui: base, effect: { kind: 'open-composer', updateKind: 'internal' } };
    case 'update-public':
      return { ui: base, effect: { kind: 'open-composer', updateKind: 'public' } };
    case 'status-identified':
      return { ui: base, effect: { kind: 'set-status', to: 'identified' } };
    case 'status-monitoring':
      return { ui: base, effect: { kind: 'set-status', to: 'monitoring' } };
    case 'status-resolved':
      return { ui: { ...base, overlay: { kind: 'confirm', purpose: 'resolve' } } };
    case 'reopen':
      return { ui: { ...base, overlay: { kind: 'confirm', purpose: 'reopen' } } };
    case 'escalate':
      return { ui: base, effect: { kind: 'escalate' } };
    case 'acknowledge':
      return { ui: base, effect: { kind: 'acknowledge' } };
    case 'severity':
      return { ui: { ...base, overlay: { kind: 'select', purpose: 'severity' } } };
    case 'commander':
      return { ui: { ...base, overlay: { kind: 'select', purpose: 'commander' } } };
    case 'take-role':
      return { ui: { ...base, overlay: { kind: 'room', purpose: 'role' } } };
    case 'approve':
      return { ui: { ...base, overlay: { kind: 'room', purpose: 'approve' } } };
    case 'cancel-command':
      return { ui: base, effect: { kind: 'cancel-command' } };
    case 'help':
      return { ui: { ...base, overlay: { kind: 'help' } } };
    case 'silence':
      return { ui: { ...base, overlay: { kind: 'alert', purpose: 'silence' } } };
    case 'statuspage-resend':
      return { ui: { ...base, overlay: { kind: 'statuspage-resend' } } };
    case 'close-help':
      return { ui: closeOverlay(base) };
    case 'help-down':
    case 'help-up': {
      if (base.overlay.kind !== 'help') return { ui: base };
      // The help screen stops at its last line itself; this only bounds the count.
      const scroll = clamp((base.overlay.scroll ?? 0) + (action === 'help-down' ? 1 : -1), 0, 80);
      return { ui: { ...base, overlay: { kind: 'help', scroll } } };
    }
    case 'quit':
      return { ui: base, effect: { kind: 'quit' } };
    case 'interrupt':
      if (ui.interruptArmed) return { ui: { ...ui, interruptArmed: false }, effect: { kind: 'quit' } };
      return {
        ui: { ...ui, interruptArmed: true, overlay: { kind: 'confirm', purpose: 'quit' } },
        effect: { kind: 'notice', text: 'Leave the war room? y leaves, esc stays; Ctrl-C again leaves now' },
      };
  }
}

export function closeOverlay(ui: UiState): UiState {
  return { ...ui, overlay: { kind: 'none' }, interruptArmed: false };
}
