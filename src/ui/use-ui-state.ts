// The dashboard's UI state as a reducer hook: the state of the last key lives in a ref, so every
// key of one stdin read folds onto the one before it ("jj " moves twice, then ticks), and React
// renders the result after.
import { useCallback, useMemo, useRef, useState } from 'react';
import { initialUiState, uiReduce, type BoardAction, type UiEffect, type UiState, type UiView } from './ui-state.ts';

export interface UiStore {
  ui: UiState;
  /** The state as of the last key (not the last render). */
  current(): UiState;
  commit(next: UiState): void;
  /** Folds one action; returns what it asks of the session, if anything. */
  apply(action: BoardAction, view: UiView): UiEffect | undefined;
}

export function useUiState(initial: UiState = initialUiState): UiStore {
  const ref = useRef<UiState>(initial);
  const [ui, setUi] = useState<UiState>(initial);
  const commit = useCallback((next: UiState) => {
    ref.current = next;
    setUi(next);
  }, []);
  const apply = useCallback(
    (action: BoardAction, view: UiView) => {
      const result = uiReduce(ref.current, action, view);
      commit(result.ui);
      return result.effect;
    },
    [commit],
  );
  const current = useCallback(() => ref.current, []);
  return useMemo(() => ({ ui, current, commit, apply }), [ui, current, commit, apply]);
}
