// One key press, as every mode's bindings and text fields see it, and the one splitter that turns
// what Ink hands a listener into presses. Ink splits escape sequences and backspace bytes into
// their own events but hands a run of typed text ("jj ", "ab\r") over as one string; here each
// character of such a run is its own press, so several keys in one stdin read all count. A paste
// (bracketed paste mode) is one `paste` press: text for a text field, never commands.

export type NamedKey =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'home'
  | 'end'
  | 'pageup'
  | 'pagedown'
  | 'return'
  | 'escape'
  | 'tab'
  | 'backspace'
  | 'delete'
  | 'space';

export interface KeyPress {
  /** A NamedKey, `paste`, or the character itself (`k`, `G`, `?`, `é`; a letter with ctrl). */
  name: string;
  ctrl: boolean;
  meta: boolean;
  /** Only for named keys (shift+tab); a character's case is in its name. */
  shift: boolean;
  /** What the press types into a text field: the character, the pasted text, or ''. */
  text: string;
}

/** The part of Ink's `Key` the splitter reads (declared here so src/core stays free of Ink). */
export interface InkKeyFlags {
  upArrow: boolean;
  downArrow: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  pageUp: boolean;
  pageDown: boolean;
  home: boolean;
  end: boolean;
  return: boolean;
  escape: boolean;
  tab: boolean;
  backspace: boolean;
  delete: boolean;
  ctrl: boolean;
  shift: boolean;
  meta: boolean;
}

const FLAG_NAMES: readonly [keyof InkKeyFlags, NamedKey][] = [
  ['upArrow', 'up'],
  ['downArrow', 'down'],
  ['leftArrow', 'left'],
  ['rightArrow', 'right'],
  ['pageUp', 'pageup'],
  ['pageDown', 'pagedown'],
  ['home', 'home'],
  ['end', 'end'],
  ['return', 'return'],
  ['escape', 'escape'],
  ['tab', 'tab'],
  ['backspace', 'backspace'],
  ['delete', 'delete'],
];

export function press(name: string, modifiers: Partial<Pick<KeyPress, 'ctrl' | 'meta' | 'shift'>> = {}, text = ''): KeyPress {
  return { name, ctrl: modifiers.ctrl ?? false, meta: modifiers.meta ?? false, shift: modifiers.shift ?? false, text };
}

export function pastePress(text: string): KeyPress {
  return press('paste', {}, text);
}

/** One character of a typed run: control characters are the keys a terminal sends for them. */
function characterPress(ch: string): KeyPress {
  if (ch === '\r' || ch === '\n') return press('return');
  if (ch === '\t') return press('tab');
  if (ch === '\u007f' || ch === '\b') return press('backspace');
  if (ch === '\u001b') return press('escape');
  if (ch === ' ') return press('space', {}, ' ');
  const code = ch.codePointAt(0) ?? 0;
  // Ctrl-A … Ctrl-Z arrive as 0x01 … 0x1a (Ctrl-S inside "x\x13y" is still Ctrl-S).
  if (code >= 1 && code <= 26) return press(String.fromCharCode(code + 96), { ctrl: true });
  if (code < 0x20) return press('unknown');
  return press(ch, {}, ch);
}

/** Every key press in one Ink input event, in order. */
export function keyPresses(input: string, key: InkKeyFlags): KeyPress[] {
  const modifiers = { ctrl: key.ctrl, meta: key.meta, shift: key.shift };
  for (const [flag, name] of FLAG_NAMES) {
    if (!key[flag]) continue;
    // Ink reports a lone ESC with `meta` set; it is just escape.
    return [press(name, name === 'escape' ? { ctrl: key.ctrl, shift: key.shift } : modifiers)];
  }
  const chars = Array.from(input);
  const only = chars[0];
  if (chars.length === 1 && only !== undefined && (key.ctrl || key.meta)) {
    if (only === ' ') return [press('space', { ctrl: key.ctrl, meta: key.meta })];
    return [press(key.ctrl ? only.toLowerCase() : only, { ctrl: key.ctrl, meta: key.meta })];
  }
  return chars.map(characterPress).filter((p) => p.name !== 'unknown');
}
