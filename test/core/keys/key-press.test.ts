// The one splitter between Ink and the bindings, and the text field's edits: several keys in one
// stdin read all count, control characters inside a typed run are keys, a paste is text.
import { describe, expect, it } from 'vitest';
import { keyPresses, pastePress, press, type InkKeyFlags } from '../../../src/core/keys/key-press.ts';
import { editText, textField } from '../../../src/core/keys/text-edit.ts';

const none: InkKeyFlags = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageUp: false, pageDown: false, home: false, end: false,
  return: false, escape: false, tab: false, backspace: false, delete: false, ctrl: false, shift: false, meta: false,
};
const names = (input: string, key: Partial<InkKeyFlags> = {}) =>
  keyPresses(input, { ...none, ...key }).map((p) => `${p.ctrl ? 'ctrl+' : ''}${p.meta ? 'meta+' : ''}${p.shift ? 'shift+' : ''}${p.name}`);

describe('keyPresses', () => {
  it('splits a typed run into one press per character, control characters included', () => {
    expect(names('jj ')).toEqual(['j', 'j', 'space']);
    expect(names('ab\r')).toEqual(['a', 'b', 'return']);
    expect(names('x\u0013y')).toEqual(['x', 'ctrl+s', 'y']);
    expect(names('\u007f\u007f\u007f')).toEqual(['backspace', 'backspace', 'backspace']);
    expect(names('é😀G')).toEqual(['é', '😀', 'G']);
    expect(names('\t')).toEqual(['tab']);
  });

  it('takes named keys and their modifiers from what Ink parsed', () => {
    expect(names('', { upArrow: true })).toEqual(['up']);
    expect(names('', { tab: true, shift: true })).toEqual(['shift+tab']);
    expect(names('', { upArrow: true, ctrl: true })).toEqual(['ctrl+up']);
    expect(names('', { escape: true, meta: true })).toEqual(['escape']);
    expect(names('', { home: true })).toEqual(['home']);
    expect(names('s', { ctrl: true })).toEqual(['ctrl+s']);
    expect(names('c', { ctrl: true })).toEqual(['ctrl+c']);
    expect(names('k', { meta: true })).toEqual(['meta+k']);
    expect(names('', {})).toEqual([]);
  });

  it('keeps what a character types, so a text field can insert it', () => {
    expect(keyPresses('G', none)[0]).toEqual({ name: 'G', ctrl: false, meta: false, shift: false, text: 'G' });
    expect(keyPresses(' ', none)[0]?.text).toBe(' ');
    expect(keyPresses('s', { ...none, ctrl: true })[0]?.text).toBe('');
  });
});

describe('editText', () => {
  const apply = (value: string, ...keys: Parameters<typeof editText>[1][]) => keys.reduce((s, k) => editText(s, k) ?? s, textField(value));

  it('applies every press to the latest value: three Backspaces delete three characters', () => {
    const backspace = press('backspace');
    expect(apply('15 mins', backspace, backspace, backspace).value).toBe('15 m');
  });

  it('moves the cursor and edits where it is', () => {
    const state = apply('ac', press('left'), press('b', {}, 'b'));
    expect(state).toEqual({ value: 'abc', cursor: 2 });
    expect(apply('abc', press('home'), press('delete')).value).toBe('bc');
    expect(apply('abc', press('home'), press('end'), press('backspace')).value).toBe('ab');
    expect(apply('', press('backspace'), press('left')).value).toBe('');
    expect(apply('😀x', press('left'), press('backspace')).value).toBe('x');
  });

  it('inserts a paste as text on one line, and ignores keys that are not edits', () => {
    expect(apply('note: ', pastePress('line one\nline two\r\nq')).value).toBe('note: line one line two q');
    expect(editText(textField('x'), press('s', { ctrl: true }))).toBeNull();
    expect(editText(textField('x'), press('return'))).toBeNull();
    expect(editText(textField('x'), press('escape'))).toBeNull();
  });
});
