// The one way any part of the screen listens to keys: useKeys(mode, handlers). Each Ink input
// event is split into key presses (src/core/keys/key-press.ts); each press goes to the mode's
// active bindings (the table's rows this view gives a handler), and what no binding takes goes
// to the focused text field, if any. A paste is text for that field, never commands. Only a
// listening mode hears anything (Ink's isActive): the topmost layer of the screen.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useInput, usePaste, useStdin } from 'ink';
import { activeBindings, dispatchKey, type ActiveBinding, type KeyHandlers } from '../../core/keys/bindings.ts';
import { keyPresses, pastePress, type KeyPress } from '../../core/keys/key-press.ts';
import type { KeyContext, KeymapMode } from '../../core/keymap.ts';
import { useKeyScope } from './key-scope.tsx';

/** A text field that takes the presses no binding wants (see text-field.tsx). */
export interface TextInputTarget {
  apply(key: KeyPress): void;
}

export interface UseKeysOptions {
  /** false while another layer owns the keyboard. Default true. */
  active?: boolean;
  /** Facts the table's disabled rules read (the dashboard's), asked at each render and each press. */
  context?: () => KeyContext;
  /** The focused text field, if any. */
  text?: TextInputTarget | null;
  /** A key that does nothing right now: say why. */
  onDisabled?: (binding: ActiveBinding) => void;
  /** A paste where no text field is focused. */
  onPaste?: (text: string) => void;
  /**
   * Checked for every press: false once this view has handed the keyboard on (a dialog closed by
   * the first key of a burst must not act on the rest of it before React unmounts it).
   */
  listening?: () => boolean;
  /**
   * false: this view never reads `ready`, so binding the listener does not render it again (the
   * dashboard: a second render of the whole board would delay the first frame that shows keys).
   * Default true.
   */
  tracksReady?: boolean;
}

export interface KeysState {
  /** True once the listener is bound: draw the line that invites a key only then. */
  ready: boolean;
  bindings: readonly ActiveBinding[];
}

export function useKeys(mode: KeymapMode, handlers: KeyHandlers, options: UseKeysOptions = {}): KeysState {
  const scope = useKeyScope();
  const { isRawModeSupported } = useStdin();
  const active = (options.active ?? true) && isRawModeSupported;
  const bindings = activeBindings(mode, { ...scope?.shared, ...handlers }, options.context?.());
  // Ink calls the listener of the latest render; several presses of one event all read this.
  const latest = useRef({ bindings, options });
  latest.current = { bindings, options };

  const onPress = (key: KeyPress) => {
    const { bindings: current, options: opts } = latest.current;
    if (opts.listening && !opts.listening()) return;
    const outcome = dispatchKey(current, key, opts.context?.());
    if (outcome.kind === 'disabled') opts.onDisabled?.(outcome.binding);
    else if (outcome.kind === 'unbound') opts.text?.apply(key);
  };

  // While the screen's services load, presses wait at the gate and are then handled, in order,
  // with the bindings of that moment (latest.current).
  const admit = (deliver: () => void) => (scope?.gate ? scope.gate.admit(deliver) : deliver());
  useInput(
    (input, key) => {
      const presses = keyPresses(input, key);
      admit(() => {
        for (const press of presses) onPress(press);
      });
    },
    { isActive: active },
  );
  usePaste(
    (text) =>
      admit(() => {
        const opts = latest.current.options;
        if (opts.listening && !opts.listening()) return;
        if (opts.text) opts.text.apply(pastePress(text));
        else opts.onPaste?.(text);
      }),
    { isActive: active },
  );

  // Effects run in order: this one after Ink's, which binds the listener.
  const [ready, setReady] = useState(false);
  const tracksReady = options.tracksReady ?? true;
  useEffect(() => {
    if (tracksReady) setReady(true);
    if (active) scope?.gate?.markBound();
  }, [active, scope, tracksReady]);

  const id = useId();
  const signature = bindings.map((b) => `${b.action}:${b.label}:${b.disabled ?? ''}`).join('|');
  const key = useMemo(() => Symbol(id), [id]);
  if (scope && active) scope.registry.publishFirst(key, { mode, bindings }, signature);
  useEffect(() => {
    if (!scope || !active) return;
    scope.registry.publish(key, { mode, bindings: latest.current.bindings }, signature);
    return () => scope.registry.withdraw(key);
  }, [scope, active, mode, signature, key]);

  return { ready, bindings };
}
