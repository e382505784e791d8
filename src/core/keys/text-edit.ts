// One line of editable text and what a key press does to it. Pure, and applied to the latest
// value for every press, so three Backspaces in one stdin read delete three characters.
import type { KeyPress } from './key-press.ts';

export interface TextFieldState {
  value: string;
  /** Offset in code points (0 … length). */
  cursor: number;
}

export function textField(value = ''): TextFieldState {
  return { value, cursor: Array.from(value).length };
}

/** The keys every text field understands, for the help screen and the README. */
export const TEXT_FIELD_KEYS: readonly { keys: string[]; help: string }[] = [
  { keys: ['left', 'right'], help: 'Move the cursor in the text.' },
  { keys: ['home', 'end'], help: 'Jump to the start or end of the text.' },
  { keys: ['backspace', 'delete'], help: 'Delete before or under the cursor.' },
  { keys: ['paste'], help: 'A paste is inserted as text (line breaks become spaces), never run as keys.' },
];

function insert(state: TextFieldState, text: string): TextFieldState {
  const chars = Array.from(state.value);
  const added = Array.from(text);
  chars.splice(state.cursor, 0, ...added);
  return { value: chars.join(''), cursor: state.cursor + added.length };
}

/** The field after the press, or null when the press is not an editing key. */
export function editText(state: TextFieldState, key: KeyPress): TextFieldState | null {
  const chars = Array.from(state.value);
  if (key.name === 'paste') return insert(state, key.text.replace(/\r\n|\r|\n/g, ' ').replace(/\t/g, ' '));
  if (key.ctrl || key.meta) return null;
  switch (key.name) {
    case 'left':
      return { ...state, cursor: Math.max(0, state.cursor - 1) };
    case 'right':
      return { ...state, cursor: Math.min(chars.length, state.cursor + 1) };
    case 'home':
      return { ...state, cursor: 0 };
    case 'end':
      return { ...state, cursor: chars.length };
    case 'backspace':
      if (state.cursor === 0) return state;
      chars.splice(state.cursor - 1, 1);
      return { value: chars.join(''), cursor: state.cursor - 1 };
    case 'delete':
      chars.splice(state.cursor, 1);
      return { value: chars.join(''), cursor: state.cursor };
    default:
      return key.text !== '' ? insert(state, key.text) : null;
  }
}
