// Keys as bindings name them: `k`, `G`, `?`, `space`, `up`, `home`, `return`, `escape`,
// `shift+tab`, `ctrl+s`. A spec matches a press with exactly its modifiers, so `tab` and
// `shift+tab` can never both match one press.
import type { KeyPress } from './key-press.ts';

export interface KeySpec {
  name: string;
  ctrl: boolean;
  meta: boolean;
  shift: boolean;
}

export function parseKeySpec(spec: string): KeySpec {
  const parts = spec.split('+');
  const name = parts.pop() ?? '';
  const mods = new Set(parts);
  return { name, ctrl: mods.has('ctrl'), meta: mods.has('meta'), shift: mods.has('shift') };
}

export function matchesSpec(spec: KeySpec, key: KeyPress): boolean {
  return spec.name === key.name && spec.ctrl === key.ctrl && spec.meta === key.meta && spec.shift === key.shift;
}

const SHOWN: Readonly<Record<string, string>> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  return: 'enter',
  escape: 'esc',
  home: 'Home',
  end: 'End',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  backspace: 'Backspace',
  delete: 'Delete',
};

/** As shown to people: `↑`, `enter`, `esc`, `Ctrl-S`, `shift+tab`, `Home`. */
export function keyLabel(spec: string): string {
  const { name, ctrl, meta, shift } = parseKeySpec(spec);
  const base = SHOWN[name] ?? name;
  if (ctrl) return `Ctrl-${base.toUpperCase()}`;
  if (meta) return `Alt-${base}`;
  return shift ? `shift+${base}` : base;
}
