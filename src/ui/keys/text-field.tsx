// One line of text input: the state lives in a ref and every press is applied to the latest
// value (src/core/keys/text-edit.ts), so a burst of keys in one stdin read (three Backspaces,
// a fast typist's "ok\r") all count; the view re-renders after. Replaces ink-text-input, whose
// handler saw only the value of the last render.
import React, { useCallback, useMemo, useReducer, useRef } from 'react';
import { Text } from 'ink';
import type { KeyPress } from '../../core/keys/key-press.ts';
import { editText, textField, type TextFieldState } from '../../core/keys/text-edit.ts';
import type { TextInputTarget } from './use-keys.ts';

export interface TextFieldControl extends TextInputTarget {
  /** The field as of the last press (not the last render). */
  current(): TextFieldState;
  set(value: string): void;
}

/** `onChange` hears every edit with the new value (the composer's preview follows it). */
export function useTextField(initial = '', onChange?: (value: string) => void): TextFieldControl & TextFieldState {
  const ref = useRef<TextFieldState>(textField(initial));
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const changed = useRef(onChange);
  changed.current = onChange;
  const apply = useCallback((key: KeyPress) => {
    const next = editText(ref.current, key);
    if (next === null || next === ref.current) return;
    const valueChanged = next.value !== ref.current.value;
    ref.current = next;
    if (valueChanged) changed.current?.(next.value);
    rerender();
  }, []);
  const set = useCallback((value: string) => {
    ref.current = textField(value);
    rerender();
  }, []);
  const control = useMemo(() => ({ apply, set, current: () => ref.current }), [apply, set]);
  return { ...control, ...ref.current };
}

/**
 * Several named fields edited as one set of values (the composer): every edit goes through
 * `update`, which may change other fields too (the public text follows its status word).
 */
export function useTextFields(initial: Readonly<Record<string, string>>, update: (name: string, before: Record<string, string>, after: Record<string, string>) => Record<string, string>) {
  const ref = useRef<Record<string, TextFieldState>>(Object.fromEntries(Object.entries(initial).map(([k, v]) => [k, textField(v)])));
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const updater = useRef(update);
  updater.current = update;
  const values = useCallback(() => Object.fromEntries(Object.entries(ref.current).map(([k, f]) => [k, f.value])), []);
  const setField = useCallback(
    (name: string, field: TextFieldState) => {
      const before = values();
      const after = updater.current(name, before, { ...before, [name]: field.value });
      const next: Record<string, TextFieldState> = { ...ref.current, [name]: field };
      // Fields the update rewrote get their new text with the cursor at its end.
      for (const [k, v] of Object.entries(after)) if (k !== name && v !== before[k]) next[k] = textField(v);
      ref.current = next;
      rerender();
    },
    [values],
  );
  const target = useCallback(
    (name: string): TextInputTarget => ({
      apply: (key) => {
        const next = editText(ref.current[name] ?? textField(), key);
        if (next !== null && next !== ref.current[name]) setField(name, next);
      },
    }),
    [setField],
  );
  const setValue = useCallback((name: string, value: string) => setField(name, textField(value)), [setField]);
  return { fields: ref.current, values, target, setValue };
}

export interface TextFieldProps {
  state: TextFieldState;
  placeholder?: string;
  /** Shows the cursor; false for a field that does not have the keys. */
  focus?: boolean;
  /** A secret being typed: one • per character, like a password prompt. */
  mask?: boolean;
}

export function TextField({ state, placeholder = '', focus = true, mask = false }: TextFieldProps) {
  const chars = Array.from(state.value).map((c) => (mask ? '•' : c));
  if (chars.length === 0) {
    if (!focus) return <Text dimColor>{placeholder}</Text>;
    const [first = ' ', ...rest] = Array.from(placeholder);
    return (
      <Text>
        <Text inverse>{first}</Text>
        <Text dimColor>{rest.join('')}</Text>
      </Text>
    );
  }
  if (!focus) return <Text>{chars.join('')}</Text>;
  const before = chars.slice(0, state.cursor).join('');
  const at = chars[state.cursor] ?? ' ';
  const after = chars.slice(state.cursor + 1).join('');
  return (
    <Text>
      {before}
      <Text inverse>{at}</Text>
      {after}
    </Text>
  );
}
