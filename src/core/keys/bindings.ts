// The key table made live for one mode: each binding a view gives a handler becomes active,
// with its disabled reason (from the table's rule and the incident's facts) and its label. The
// same active list answers a key press, fills the help bar and the `?` screen, so what is shown
// is what works. The README's key list is generated from the table here too.
import { keymap, MODE_NAMES, KEYMAP_MODES, type ActionId, type KeyBinding, type KeyContext, type KeymapMode } from '../keymap.ts';
import type { KeyPress } from './key-press.ts';
import { keyLabel, matchesSpec, parseKeySpec, type KeySpec } from './key-spec.ts';
import { TEXT_FIELD_KEYS } from './text-edit.ts';

export type KeyHandler = (key: KeyPress) => void;

/** A handler, or a handler with the word the help bar should use right now (`run`, `no`). */
export type HandlerEntry = KeyHandler | { run: KeyHandler; label?: string };

export type KeyHandlers = Partial<Record<ActionId, HandlerEntry>>;

export interface ActiveBinding {
  action: ActionId;
  keys: readonly string[];
  specs: readonly KeySpec[];
  label: string;
  help: string;
  pairHelp?: string;
  bar: boolean;
  /** Why the key does nothing right now, or null. */
  disabled: string | null;
  /** The table's rule, to ask again with the facts of the moment a key arrives. */
  rule?: (ctx: KeyContext) => true | string;
  run: KeyHandler;
}

const specsByBinding = new Map<KeyBinding, KeySpec[]>(keymap.map((b) => [b, b.keys.map(parseKeySpec)]));

/** The bindings of `mode` that have a handler, in table order. */
export function activeBindings(mode: KeymapMode, handlers: KeyHandlers, ctx?: KeyContext): ActiveBinding[] {
  const active: ActiveBinding[] = [];
  for (const binding of keymap) {
    const entry = handlers[binding.action];
    if (!binding.modes.includes(mode) || entry === undefined) continue;
    const enabled = binding.enabledWhen && ctx ? binding.enabledWhen(ctx) : true;
    active.push({
      action: binding.action,
      keys: binding.keys,
      specs: specsByBinding.get(binding) ?? [],
      label: typeof entry === 'function' ? binding.label : (entry.label ?? binding.label),
      help: binding.help,
      ...(binding.pairHelp ? { pairHelp: binding.pairHelp } : {}),
      bar: binding.bar !== false,
      disabled: enabled === true ? null : enabled,
      ...(binding.enabledWhen ? { rule: binding.enabledWhen } : {}),
      run: typeof entry === 'function' ? entry : entry.run,
    });
  }
  return active;
}

export type KeyOutcome = { kind: 'ran'; binding: ActiveBinding } | { kind: 'disabled'; binding: ActiveBinding } | { kind: 'unbound' };

/**
 * Finds the binding a press triggers and runs its handler, unless the binding is disabled. `ctx`:
 * the facts as of this press (a burst of keys moves the cursor before its enter arrives).
 */
export function dispatchKey(bindings: readonly ActiveBinding[], key: KeyPress, ctx?: KeyContext): KeyOutcome {
  const found = bindings.find((b) => b.specs.some((spec) => matchesSpec(spec, key)));
  if (!found) return { kind: 'unbound' };
  const enabled = found.rule && ctx ? found.rule(ctx) : null;
  const binding = enabled === null ? found : { ...found, disabled: enabled === true ? null : enabled };
  if (binding.disabled !== null) return { kind: 'disabled', binding };
  binding.run(key);
  return { kind: 'ran', binding };
}

export function keysText(keys: readonly string[]): string {
  return keys.map(keyLabel).join('/');
}

export interface HelpBarItem {
  keys: string;
  label: string;
}

/**
 * The keys that work right now, for the help bar. Bindings that share a label (↑/k and ↓/j
 * "move") collapse into one item; disabled keys are left out, and Ctrl-C (on every screen,
 * explained in the full help) too: the bar has little room.
 */
export function helpBarItems(bindings: readonly ActiveBinding[]): HelpBarItem[] {
  const items: HelpBarItem[] = [];
  for (const binding of bindings) {
    if (!binding.bar || binding.disabled !== null || binding.action === 'interrupt') continue;
    const previous = items.at(-1);
    if (previous && previous.label === binding.label) {
      previous.keys = `${previous.keys}/${keysText(binding.keys)}`;
      continue;
    }
    items.push({ keys: keysText(binding.keys), label: binding.label });
  }
  return items;
}

function whereText(modes: readonly KeymapMode[]): string {
  if (modes.length === KEYMAP_MODES.length) return 'everywhere';
  return modes.map((m) => MODE_NAMES[m]).join(', ');
}

/** The README's key list: a Markdown table generated from the table above and the text-field keys. */
export function keymapMarkdown(): string {
  const cell = (keys: readonly string[]) => keys.map((k) => `\`${k === 'paste' ? 'paste' : keyLabel(k)}\``).join(' / ');
  const rows = keymap.map((b) => `| ${cell(b.keys)} | ${b.help.replaceAll('|', '\\|')} | ${whereText(b.modes)} |`);
  const text = TEXT_FIELD_KEYS.map((k) => `| ${cell(k.keys)} | ${k.help} | text fields |`);
  return ['| Keys | What it does | Where |', '| --- | --- | --- |', ...rows, ...text].join('\n') + '\n';
}
