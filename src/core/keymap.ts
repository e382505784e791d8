// THE key table. Every mode's input handling (through useKeys), the help bar, the `?` help
// screen and the README's key list are all generated from this one array, so they cannot
// disagree. Pure: it knows key names and incident facts, never Ink. A binding does something
// only where a view gives it a handler (src/core/keys/bindings.ts); a row without one is
// neither matched nor shown.
import type { IncidentStatus } from './incident/events.ts';

export type KeymapMode = 'dashboard' | 'help' | 'select' | 'prompt' | 'question' | 'dialog' | 'dialog-text' | 'composer';

export const KEYMAP_MODES: readonly KeymapMode[] = ['dashboard', 'help', 'select', 'prompt', 'question', 'dialog', 'dialog-text', 'composer'];

/** Modes with a text field: every printable key is text there, so no binding may claim one. */
export const TEXT_MODES: ReadonlySet<KeymapMode> = new Set(['prompt', 'dialog-text', 'composer']);

export type ActionId =
  | 'move-up'
  | 'move-down'
  | 'first'
  | 'last'
  | 'toggle-step'
  | 'run-step'
  | 'switch-pane'
  | 'timeline'
  | 'note'
  | 'update-internal'
  | 'update-public'
  | 'status-identified'
  | 'status-monitoring'
  | 'status-resolved'
  | 'reopen'
  | 'escalate'
  | 'acknowledge'
  | 'severity'
  | 'commander'
  | 'take-role'
  | 'approve'
  | 'cancel-command'
  | 'run-all'
  | 'shell-out'
  | 'help'
  | 'quit'
  | 'close-help'
  | 'help-down'
  | 'help-up'
  | 'select-move'
  | 'select-choose'
  | 'leave-picker'
  | 'picker-help'
  | 'picker-severity'
  | 'silence'
  | 'statuspage-resend'
  | 'prompt-submit'
  | 'question-yes'
  | 'question-no'
  | 'dialog-confirm'
  | 'dialog-enter'
  | 'dialog-decline'
  | 'dialog-preview'
  | 'dialog-submit'
  | 'dialog-preview-tab'
  | 'dialog-scroll-up'
  | 'dialog-scroll-down'
  | 'dialog-page-up'
  | 'dialog-page-down'
  | 'dialog-change-values'
  | 'composer-prev-field'
  | 'composer-next-field'
  | 'composer-status-word'
  | 'composer-send'
  | 'cancel'
  | 'interrupt';

/** Facts about the incident and the screen that decide whether a dashboard key works right now. */
export interface KeyContext {
  status: IncidentStatus;
  /** The step under the cursor: does it exist, and does it hold a command or a flag? */
  hasStep: boolean;
  stepAction: 'command' | 'flag' | null;
  commandRunning: boolean;
  /** A command or flag change is confirmed and not finished (one at a time). */
  runBusy: boolean;
  /** In a shared room: the run going on belongs to a terminal that left the room. */
  orphanedRun?: boolean;
  /** This warroom runs a command or a flag change now, or watches one a dead warroom left (c stops it). */
  runningHere?: boolean;
  /** The command flow and the comms service are wired into this session. */
  commandFlowAvailable: boolean;
  commsAvailable: boolean;
  readonly: boolean;
  /** `z` can silence the linked alert (true), or why not. */
  alertSilenceable?: true | string;
  /** Someone acknowledged the incident already (`a` has nothing left to record). */
  acknowledged?: boolean;
}

export interface KeyBinding {
  action: ActionId;
  /** Key specs (src/core/keys/key-spec.ts): `up`, `k`, `space`, `shift+tab`, `ctrl+c`. */
  keys: string[];
  /** Short word for the help bar (a handler may say it better for the moment: `run` / `no`). */
  label: string;
  /** One sentence for the help screen and the README. */
  help: string;
  modes: KeymapMode[];
  /** true, or the reason the key does nothing right now (shown when pressed and in help). */
  enabledWhen?: (ctx: KeyContext) => true | string;
  /** false: listed in the help screen and README only; the bar keeps its room for the rest. */
  bar?: boolean;
  /**
   * Set on the first of two bindings that the help screen shows as one row (↑/k and ↓/j, g
   * and G): the row's text. Two rows fewer lets the whole list fit one column at 80×24.
   */
  pairHelp?: string;
}

const board: KeymapMode[] = ['dashboard'];
const notResolved = (ctx: KeyContext): true | string => (ctx.status === 'resolved' ? 'the incident is resolved' : true);
const needsStep = (ctx: KeyContext): true | string => (ctx.hasStep ? true : 'no step under the cursor');
const needsComms = (ctx: KeyContext): true | string => (ctx.commsAvailable ? true : 'status updates are not available in this session');

export const keymap: readonly KeyBinding[] = [
  {
    action: 'move-up', keys: ['up', 'k'], label: 'move', help: 'Move the cursor up one step.', modes: board,
    pairHelp: 'Move the cursor up or down one step (with tab: scroll the output or timeline).',
  },
  { action: 'move-down', keys: ['down', 'j'], label: 'move', help: 'Move the cursor down one step.', modes: board },
  {
    action: 'first', keys: ['g', 'home'], label: 'first', help: 'Jump to the first step (or the top of the focused pane).', modes: board, bar: false,
    pairHelp: 'Jump to the first or last step (or the top or end of the focused pane).',
  },
  { action: 'last', keys: ['G', 'end'], label: 'last', help: 'Jump to the last step (or the bottom of the focused pane).', modes: board, bar: false },
  { action: 'toggle-step', keys: ['space'], label: 'tick', help: 'Tick or untick the step under the cursor.', modes: board, enabledWhen: needsStep },
  {
    action: 'run-step', keys: ['return'], label: 'run', help: "Start the step's command or feature flag, through the confirmation dialog.", modes: board,
    enabledWhen: (ctx) => {
      if (!ctx.hasStep || ctx.stepAction === null) return 'this step has no command or flag';
      if (!ctx.commandFlowAvailable) return 'running commands is not available in this session';
      if (ctx.commandRunning) return 'a command is already running (c cancels it)';
      if (ctx.runBusy) return 'a feature flag change is in progress';
      return true;
    },
  },
  {
    action: 'run-all', keys: ['x'], label: 'run all', help: "Run all of the step's commands in order, each through its own confirmation; a failure stops the rest.",
    modes: ['dashboard', 'select'],
    pairHelp: "Run the step's commands in order (x); its last log in $PAGER, or the terminal for its interactive command (v).",
    enabledWhen: (ctx) => {
      if (!ctx.hasStep || ctx.stepAction !== 'command') return 'this step has no command';
      if (!ctx.commandFlowAvailable) return 'running commands is not available in this session';
      if (ctx.runBusy) return 'a command or flag change is already in progress';
      return true;
    },
  },
  {
    action: 'shell-out', keys: ['v'], label: 'log/terminal', modes: board,
    help: "Open the step's last finished command's full log in $PAGER, or hand the terminal to the step's interactive command.",
    enabledWhen: (ctx) => {
      if (!ctx.hasStep || ctx.stepAction !== 'command') return 'this step has no command';
      if (!ctx.commandFlowAvailable) return 'running commands is not available in this session';
      return true;
    },
  },
  { action: 'switch-pane', keys: ['tab'], label: 'pane', help: 'Switch focus between the checklist and the output pane.', modes: board },
  { action: 'timeline', keys: ['t'], label: 'timeline', help: "Show or hide the timeline of the incident's events.", modes: board },
  { action: 'note', keys: ['n'], label: 'note', help: 'Add a note to the journal and the timeline.', modes: board },
  { action: 'update-internal', keys: ['s'], label: 'update', help: 'Compose an internal status update (Slack).', modes: board, enabledWhen: needsComms },
  { action: 'update-public', keys: ['p'], label: 'public', help: 'Compose a public status update.', modes: board, enabledWhen: needsComms },
  {
    action: 'status-identified', keys: ['i'], label: 'status', help: 'Set the status to identified.', modes: board,
    pairHelp: 'Set the status to identified (i) or monitoring (m).',
    enabledWhen: (ctx) => (ctx.status === 'identified' ? 'the status is already identified' : notResolved(ctx)),
  },
  {
    action: 'status-monitoring', keys: ['m'], label: 'status', help: 'Set the status to monitoring.', modes: board,
    enabledWhen: (ctx) => (ctx.status === 'monitoring' ? 'the status is already monitoring' : notResolved(ctx)),
  },
  {
    action: 'status-resolved', keys: ['r'], label: 'status', help: 'Resolve the incident (asks for confirmation).', modes: board, enabledWhen: notResolved,
    pairHelp: 'Resolve (r) or reopen (o) the incident, after asking; reopened, the clocks count again.',
  },
  {
    action: 'reopen', keys: ['o'], label: 'reopen', help: 'Reopen a resolved incident (asks for confirmation); the clocks count again.', modes: board,
    enabledWhen: (ctx) => (ctx.status === 'resolved' ? true : 'the incident is not resolved'),
  },
  {
    action: 'escalate', keys: ['e'], label: 'escalate', modes: board, enabledWhen: notResolved,
    help: 'Escalate now: page the next level of the policy not yet paged (asks first; its threshold will not page it again).',
  },
  {
    action: 'acknowledge', keys: ['a'], label: 'ack', help: "Acknowledge: you are on it (records who and when; gives time to acknowledge).", modes: board,
    enabledWhen: (ctx) => (ctx.acknowledged ? 'the incident is already acknowledged' : notResolved(ctx)),
  },
  { action: 'severity', keys: ['S'], label: 'severity', help: 'Change the severity.', modes: board },
  { action: 'commander', keys: ['C'], label: 'commander', help: 'Hand over command to someone else.', modes: board },
  { action: 'take-role', keys: ['R'], label: 'role', help: 'Take a role or give it to someone (commander, operations, communications, scribe).', modes: board, bar: false },
  { action: 'approve', keys: ['A'], label: 'approve', help: 'Approve or reject a command that waits for a second responder (two-person rule).', modes: board, bar: false },
  {
    action: 'cancel-command', keys: ['c'], label: 'cancel cmd', help: 'Cancel the running command (SIGTERM, then SIGKILL).', modes: board,
    enabledWhen: (ctx) => (ctx.commandRunning || ctx.orphanedRun || ctx.runningHere ? true : 'no command is running'),
  },
  {
    action: 'silence', keys: ['z'], label: 'silence', help: "Silence the war room's alert in Alertmanager (asks duration and comment, shows the matchers).", modes: board,
    enabledWhen: (ctx) => (ctx.alertSilenceable === true ? true : (ctx.alertSilenceable ?? 'the war room was not opened from an Alertmanager alert')),
  },
  { action: 'statuspage-resend', keys: ['P'], label: 'resend', help: 'Fix and resend the status-page update the provider refused.', modes: board },
  { action: 'help', keys: ['?'], label: 'help', help: 'Show every key and what it does.', modes: board },
  { action: 'quit', keys: ['q'], label: 'leave', help: 'Leave the war room; the incident stays open and `warroom resume` reopens it.', modes: board },
  { action: 'close-help', keys: ['?', 'escape', 'q'], label: 'close', help: 'Close the help screen.', modes: ['help'] },
  { action: 'help-down', keys: ['down', 'j', 'space'], label: 'more', help: 'Scroll the help screen down.', modes: ['help'], bar: false },
  { action: 'help-up', keys: ['up', 'k'], label: 'back', help: 'Scroll the help screen up.', modes: ['help'], bar: false },
  { action: 'select-move', keys: ['up', 'down'], label: 'choose', help: 'Move through the choices.', modes: ['select'] },
  { action: 'select-choose', keys: ['return'], label: 'select', help: 'Take the highlighted choice.', modes: ['select'] },
  { action: 'leave-picker', keys: ['q'], label: 'leave', help: 'Leave the picker without choosing.', modes: ['select'], bar: false },
  { action: 'picker-help', keys: ['?'], label: 'help', help: 'The picker: what resume, start, live and drill mean.', modes: ['select'] },
  { action: 'picker-severity', keys: ['S'], label: 'severity', help: 'Change the severity of the highlighted alert, then open it.', modes: ['select'] },
  { action: 'prompt-submit', keys: ['return'], label: 'save', help: 'Save what you typed.', modes: ['prompt'] },
  { action: 'question-yes', keys: ['y'], label: 'yes', help: 'Yes (the default is No).', modes: ['question'] },
  { action: 'question-no', keys: ['n', 'return'], label: 'no', help: 'No: keep things as they are.', modes: ['question'], bar: false },
  { action: 'dialog-confirm', keys: ['y'], label: 'yes', help: 'Run it (the only key that runs a change).', modes: ['dialog'] },
  { action: 'dialog-enter', keys: ['return'], label: 'run', help: 'Runs a read command; for anything else enter is No, the default.', modes: ['dialog'] },
  { action: 'dialog-decline', keys: ['n'], label: 'no', help: 'No: close the dialog without running anything.', modes: ['dialog'], bar: false },
  { action: 'dialog-preview', keys: ['d'], label: 'preview', help: 'Preview a kubectl change with --dry-run=server before running it.', modes: ['dialog'] },
  { action: 'dialog-submit', keys: ['return'], label: 'save', help: 'Save the parameter value, or run once the confirmation word is typed.', modes: ['dialog-text'] },
  { action: 'dialog-preview-tab', keys: ['tab'], label: 'preview', help: 'Preview with --dry-run=server while typing the confirmation word.', modes: ['dialog-text'] },
  {
    action: 'dialog-scroll-up', keys: ['up'], label: 'scroll', help: 'Scroll a command taller than the dialog (it runs only once its end has been shown).', modes: ['dialog', 'dialog-text'],
    pairHelp: 'Scroll a command taller than the dialog up or down (it runs only once its end has been shown).',
  },
  { action: 'dialog-scroll-down', keys: ['down'], label: 'scroll', help: 'Scroll a command taller than the dialog down.', modes: ['dialog', 'dialog-text'] },
  {
    action: 'dialog-change-values', keys: ['ctrl+e'], label: 'change values', help: "Type the command's values again, those taken from the alert included.", modes: ['dialog', 'dialog-text'], bar: false,
  },
  { action: 'dialog-page-up', keys: ['pageup'], label: 'page', help: 'Scroll a tall command up by a page.', modes: ['dialog', 'dialog-text'], bar: false },
  { action: 'dialog-page-down', keys: ['pagedown'], label: 'page', help: 'Scroll a tall command down by a page.', modes: ['dialog', 'dialog-text'], bar: false },
  { action: 'composer-prev-field', keys: ['shift+tab'], label: 'previous', help: 'Move to the previous field of the update.', modes: ['composer'] },
  { action: 'composer-next-field', keys: ['tab'], label: 'next field', help: 'Move to the next field of the update.', modes: ['composer'] },
  {
    action: 'composer-status-word', keys: ['left', 'right'], label: 'status word', modes: ['composer'],
    help: 'Public update: change the status word (Investigating, Identified, Monitoring, Resolved).',
  },
  { action: 'composer-send', keys: ['ctrl+s'], label: 'send', help: 'Send the update exactly as previewed.', modes: ['composer'] },
  {
    action: 'cancel', keys: ['escape'], label: 'cancel', help: 'Cancel and close without changing anything.',
    modes: ['select', 'prompt', 'question', 'dialog', 'dialog-text', 'composer'],
  },
  { action: 'interrupt', keys: ['ctrl+c'], label: 'quit', help: 'Asks before leaving; pressed twice, leaves at once.', modes: [...KEYMAP_MODES] },
];

export function bindingOf(action: ActionId): KeyBinding {
  const found = keymap.find((b) => b.action === action);
  if (!found) throw new Error(`no key binding for ${action}`);
  return found;
}

export const MODE_NAMES: Readonly<Record<KeymapMode, string>> = {
  dashboard: 'dashboard',
  help: 'help screen',
  select: 'choice list',
  prompt: 'text prompt',
  question: 'yes/no question',
  dialog: 'confirmation dialog',
  'dialog-text': 'typing in a dialog',
  composer: 'update composer',
};
