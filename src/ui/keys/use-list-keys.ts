// The keys of a list to choose from (the `select` mode): ↑/↓ move the highlight, enter takes it,
// esc cancels, plus whatever extra rows the list binds. The highlight is read from a ref, not
// the last render, so ↓↓ in one stdin read moves two rows; once a choice is made the list stops
// listening, so a second enter in the same read cannot choose again.
import { useRef, useState } from 'react';
import type { KeyHandlers } from '../../core/keys/bindings.ts';
import { useKeys } from './use-keys.ts';

export interface ListKeyOptions {
  count: number;
  initialIndex?: number;
  choose: (index: number) => void;
  cancel: () => void;
  /** More bindings of the mode; `finish` runs a handler and stops listening, `index` is the highlight. */
  more?: (finish: (then: () => void) => void, index: () => number) => KeyHandlers;
}

/** The highlighted index. */
export function useListKeys({ count, initialIndex = 0, choose, cancel, more }: ListKeyOptions): number {
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  const [highlight, setHighlight] = useState(() => clamp(initialIndex));
  const current = useRef(highlight);
  const done = useRef(false);
  const finish = (then: () => void) => {
    done.current = true;
    then();
  };
  useKeys(
    'select',
    {
      'select-move': (key) => {
        current.current = clamp(current.current + (key.name === 'up' ? -1 : 1));
        setHighlight(current.current);
      },
      'select-choose': () => {
        if (count > 0) finish(() => choose(current.current));
      },
      cancel: () => finish(cancel),
      ...more?.(finish, () => current.current),
    },
    { listening: () => !done.current },
  );
  return highlight;
}
