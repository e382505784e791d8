// THE key table. Input handling, the help bar (keys that work now), the `?` help screen and the
// README's key list are all generated from this one array, so they cannot disagree.
// Pure: it knows key names and incident facts, never Ink. `KeyInfo` is the subset of Ink's
// `Key` that matching needs, declared here so src/core stays free of UI imports.
import type { IncidentStatus } from './incident/events.ts';

export type KeymapMode = 'dashboard' | 'timeline' | 'dialog' | 'composer' | 'help' | 'select' | 'prompt';

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
  | 'severity'
  | 'commander'
  | 'cancel-command'
  | 'help'
  | 'quit'
  | 'interrupt'
  | 'close-help'
  | 'select-move'
  | 'select-choose'
  | 'prompt-submit'
  | 'dialog-confirm'
  | 'dialog-preview'
  | 'composer-prev-field'
  | 'composer-next-field'
  | 'composer-status-word'
  | 'composer-send'
  | 'cancel';

/** What matching needs from a key press (structurally a subset of Ink's `Key`). */
export interface KeyInfo {
  upArrow: boolean;
  downArrow: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
  tab: boolean;
  shift?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  meta?: boolean;
  home?: boolean;
  end?: boolean;
}

/** Facts about the incident and the screen that decide whether a key works right now. */
export interface KeyContext {
  status: IncidentStatus;
  /** The step under the cursor: does it exist, and does it hold a command or a flag? */
  hasStep: boolean;
  stepAction: 'command' | 'flag' | null;
  commandRunning: boolean;
  /** The command flow (issue 5) and comms service (issue 6) are wired into this session. */
  commandFlowAvailable: boolean;
  commsAvailable: boolean;
  readonly: boolean;
  /** false when the open dialog is a plain yes/no question (resolve, leave): no `d` preview. */
  previewOffered?: boolean;
}

export interface KeyBinding {
  action: ActionId;
  /** As shown to people: `↑/k`, `space`, `Ctrl-C`. */
  keys: string[];
  match: (input: string, key: KeyInfo) => boolean;
  /** Short word for the help bar. */
  label: string;
  /** One sentence for the help screen and the README. */
  help: string;
  /** true, or the reason the key does nothing right now (shown when pressed and in help). */
  enabledWhen: (ctx: KeyContext) => true | string;
  modes: KeymapMode[];
  /** false: listed in the help screen and README only; the bar keeps its room for the rest. */
  bar?: boolean;
  /**
   * Set on the first of two bindings that the help screen shows as one row (↑/k and ↓/j, g
   * and G): the row's text. Two rows fewer lets the whole list fit one column at 80×24.
   */
  pairHelp?: string;
}

const always = (): true => true;
const plain = (ch: string) => (input: string, key: KeyInfo) => input === ch && !key.ctrl && !key.meta;
const board: KeymapMode[] = ['dashboard', 'timeline'];

function notResolved(ctx: KeyContext): true | string {
  return ctx.status === 'resolved' ? 'the incident is resolved' : true;
}

function needsStep(ctx: KeyContext): true | string {
  return ctx.hasStep ? true : 'no step under the cursor';
}

export const keymap: readonly KeyBinding[] = [
  {
    action: 'move-up', keys: ['↑', 'k'], label: 'move', help: 'Move the cursor up one step.',
    pairHelp: 'Move the cursor up or down one step (with tab: scroll the output or timeline).',
    match: (input, key) => key.upArrow || plain('k')(input, key), enabledWhen: always, modes: board,
  },
  {
    action: 'move-down', keys: ['↓', 'j'], label: 'move', help: 'Move the cursor down one step.',
    match: (input, key) => key.downArrow || plain('j')(input, key), enabledWhen: always, modes: board,
  },
  {
    action: 'first', keys: ['g'], label: 'first', help: 'Jump to the first step (or the top of the focused pane).',
    pairHelp: 'Jump to the first or last step (or the top or end of the focused pane).',
    match: (input, key) => plain('g')(input, key) || key.home === true, enabledWhen: always, modes: board, bar: false,
  },
  {
    action: 'last', keys: ['G'], label: 'last', help: 'Jump to the last step (or the bottom of the focused pane).',
    match: (input, key) => plain('G')(input, key) || key.end === true, enabledWhen: always, modes: board, bar: false,
  },
  {
    action: 'toggle-step', keys: ['space'], label: 'tick', help: 'Tick or untick the step under the cursor.',
    match: plain(' '), enabledWhen: needsStep, modes: board,
  },
  {
    action: 'run-step', keys: ['enter'], label: 'run',
    help: "Start the step's command or feature flag, through the confirmation dialog.",
    match: (_input, key) => key.return,
    enabledWhen: (ctx) => {
      if (!ctx.hasStep || ctx.stepAction === null) return 'this step has no command or flag';
      if (!ctx.commandFlowAvailable) return 'running commands is not available in this session';
      if (ctx.commandRunning) return 'a command is already running (c cancels it)';
      return true;
    },
    modes: board,
  },
  {
    action: 'switch-pane', keys: ['tab'], label: 'pane', help: 'Switch focus between the checklist and the output pane.',
    match: (_input, key) => key.tab && !key.shift, enabledWhen: always, modes: board,
  },
  {
    action: 'timeline', keys: ['t'], label: 'timeline', help: "Show or hide the timeline of the incident's events.",
    match: plain('t'), enabledWhen: always, modes: board,
  },
  {
    action: 'note', keys: ['n'], label: 'note', help: 'Add a note to the journal and the timeline.',
    match: plain('n'), enabledWhen: always, modes: board,
  },
  {
    action: 'update-internal', keys: ['s'], label: 'update', help: 'Compose an internal status update (Slack).',
    match: plain('s'),
    enabledWhen: (ctx) => (ctx.commsAvailable ? true : 'status updates are not available in this session'),
    modes: board,
  },
  {
    action: 'update-public', keys: ['p'], label: 'public', help: 'Compose a public status update.',
    match: plain('p'),
    enabledWhen: (ctx) => (ctx.commsAvailable ? true : 'status updates are not available in this session'),
    modes: board,
  },
  {
    action: 'status-identified', keys: ['i'], label: 'status', help: 'Set the status to identified.',
    pairHelp: 'Set the status to identified (i) or monitoring (m).',
    match: plain('i'),
    enabledWhen: (ctx) => (ctx.status === 'identified' ? 'the status is already identified' : notResolved(ctx)),
    modes: board,
  },
  {
    action: 'status-monitoring', keys: ['m'], label: 'status', help: 'Set the status to monitoring.',
    match: plain('m'),
    enabledWhen: (ctx) => (ctx.status === 'monitoring' ? 'the status is already monitoring' : notResolved(ctx)),
    modes: board,
  },
  {
    action: 'status-resolved', keys: ['r'], label: 'status', help: 'Resolve the incident (asks for confirmation).',
    match: plain('r'), enabledWhen: notResolved, modes: board,
  },
  {
    action: 'reopen', keys: ['o'], label: 'reopen', help: 'Reopen a resolved incident (asks for confirmation); the clocks count again.',
    match: plain('o'), enabledWhen: (ctx) => (ctx.status === 'resolved' ? true : 'the incident is not resolved'), modes: board,
  },
  {
    action: 'escalate', keys: ['e'], label: 'escalate', help: 'Escalate now: page the next target of the escalation policy.',
    match: plain('e'), enabledWhen: notResolved, modes: board,
  },
  {
    action: 'severity', keys: ['S'], label: 'severity', help: 'Change the severity.',
    match: plain('S'), enabledWhen: always, modes: board,
  },
  {
    action: 'commander', keys: ['C'], label: 'commander', help: 'Hand over command to someone else.',
    match: plain('C'), enabledWhen: always, modes: board,
  },
  {
    action: 'cancel-command', keys: ['c'], label: 'cancel cmd', help: 'Cancel the running command (SIGTERM, then SIGKILL).',
    match: plain('c'),
    enabledWhen: (ctx) => (ctx.commandRunning ? true : 'no command is running'),
    modes: board,
  },
  {
    action: 'help', keys: ['?'], label: 'help', help: 'Show every key and what it does.',
    match: plain('?'), enabledWhen: always, modes: board,
  },
  {
    action: 'quit', keys: ['q'], label: 'leave',
    help: 'Leave the war room; the incident stays open and `warroom resume` reopens it.',
    match: plain('q'), enabledWhen: always, modes: board,
  },
  {
    action: 'close-help', keys: ['?', 'esc', 'q'], label: 'close', help: 'Close the help screen.',
    match: (input, key) => key.escape || plain('?')(input, key) || plain('q')(input, key),
    enabledWhen: always, modes: ['help'],
  },
  {
    action: 'select-move', keys: ['↑', '↓'], label: 'choose', help: 'Move through the choices.',
    match: (_input, key) => key.upArrow || key.downArrow, enabledWhen: always, modes: ['select'],
  },
  {
    action: 'select-choose', keys: ['enter'], label: 'select', help: 'Take the highlighted choice.',
    match: (_input, key) => key.return, enabledWhen: always, modes: ['select'],
  },
  {
    action: 'prompt-submit', keys: ['enter'], label: 'save', help: 'Save what you typed.',
    match: (_input, key) => key.return, enabledWhen: always, modes: ['prompt'],
  },
  {
    action: 'dialog-confirm', keys: ['y'], label: 'yes', help: 'Confirm (the default is No).',
    match: plain('y'), enabledWhen: always, modes: ['dialog'],
  },
  {
    action: 'dialog-preview', keys: ['d'], label: 'preview',
    help: 'Preview a kubectl change with --dry-run=server before running it.',
    match: plain('d'),
    enabledWhen: (ctx) => (ctx.previewOffered === false ? 'only a command can be previewed' : true),
    modes: ['dialog'],
  },
  {
    action: 'composer-prev-field', keys: ['shift+tab'], label: 'previous', help: 'Move to the previous field of the update.',
    match: (_input, key) => key.tab && key.shift === true, enabledWhen: always, modes: ['composer'],
  },
  {
    action: 'composer-next-field', keys: ['tab'], label: 'next field', help: 'Move to the next field of the update.',
    match: (_input, key) => key.tab, enabledWhen: always, modes: ['composer'],
  },
  {
    action: 'composer-status-word', keys: ['←', '→'], label: 'status word',
    help: 'Public update: change the status word (Investigating, Identified, Monitoring, Resolved).',
    match: (_input, key) => key.leftArrow === true || key.rightArrow === true, enabledWhen: always, modes: ['composer'],
  },
  {
    action: 'composer-send', keys: ['Ctrl-S'], label: 'send', help: 'Send the update exactly as previewed.',
    match: (input, key) => key.ctrl && input === 's', enabledWhen: always, modes: ['composer'],
  },
  {
    action: 'cancel', keys: ['esc'], label: 'cancel', help: 'Cancel and close without changing anything.',
    match: (_input, key) => key.escape, enabledWhen: always, modes: ['select', 'prompt', 'dialog', 'composer'],
  },
  {
    action: 'interrupt', keys: ['Ctrl-C'], label: 'quit', help: 'Asks before leaving; pressed twice, leaves at once.',
    match: (input, key) => key.ctrl && input === 'c',
    enabledWhen: always, modes: ['dashboard', 'timeline', 'dialog', 'composer', 'help', 'select', 'prompt'],
  },
];

/** The binding a key press triggers in this mode, or null. Earlier rows win. */
export function bindingFor(mode: KeymapMode, input: string, key: KeyInfo): KeyBinding | null {
  for (const binding of keymap) {
    if (binding.modes.includes(mode) && binding.match(input, key)) return binding;
  }
  return null;
}

export function bindingOf(action: ActionId): KeyBinding {
  const found = keymap.find((b) => b.action === action);
  if (!found) throw new Error(`no key binding for ${action}`);
  return found;
}

export interface HelpBarItem {
  keys: string;
  label: string;
}

/**
 * The keys that work right now in this mode, for the help bar. Bindings that share a label
 * (↑/k and ↓/j "move") collapse into one item; disabled keys are left out.
 */
export function helpBarItems(mode: KeymapMode, ctx: KeyContext): HelpBarItem[] {
  const items: HelpBarItem[] = [];
  for (const binding of keymap) {
    if (!binding.modes.includes(mode) || binding.bar === false || binding.enabledWhen(ctx) !== true) continue;
    // The bar has little room: Ctrl-C is on every screen and explained in the full help.
    if (binding.action === 'interrupt') continue;
    const previous = items.at(-1);
    if (previous && previous.label === binding.label) {
      previous.keys = `${previous.keys}/${binding.keys.join('/')}`;
      continue;
    }
    items.push({ keys: binding.keys.join('/'), label: binding.label });
  }
  return items;
}

const modeNames: Record<KeymapMode, string> = {
  dashboard: 'dashboard',
  timeline: 'timeline',
  dialog: 'confirmation dialog',
  composer: 'update composer',
  help: 'help screen',
  select: 'choice list',
  prompt: 'text prompt',
};

function whereText(modes: KeymapMode[]): string {
  if (modes.length === 7) return 'everywhere';
  if (modes.length === 2 && modes[0] === 'dashboard' && modes[1] === 'timeline') return 'dashboard';
  return modes.map((m) => modeNames[m]).join(', ');
}

/** The README's key list: a Markdown table generated from the table above. */
export function keymapMarkdown(): string {
  const rows = keymap.map((b) => {
    const keys = b.keys.map((k) => `\`${k}\``).join(' / ');
    return `| ${keys} | ${b.help.replaceAll('|', '\\|')} | ${whereText(b.modes)} |`;
  });
  return ['| Keys | What it does | Where |', '| --- | --- | --- |', ...rows].join('\n') + '\n';
}
