// The update the operator is writing and has not sent, kept outside the composer so that it
// survives the composer closing under it (Ctrl-C, leaving) and is saved with the operator's
// place for `resume`. Sending or discarding it (esc) forgets it. Never sent anywhere by itself.
import { createContext, useContext } from 'react';
import type { OperatorPlace } from '../core/place.ts';

export type Draft = NonNullable<OperatorPlace['draft']>;

export class DraftKeeper {
  draft: Draft | null;
  constructor(initial: Draft | null = null) {
    this.draft = initial;
  }
  set(kind: Draft['kind'], values: Record<string, string>): void {
    this.draft = { kind, values: { ...values } };
  }
  clear(): void {
    this.draft = null;
  }
}

export const DraftContext = createContext<DraftKeeper | null>(null);

export function useDraftKeeper(): DraftKeeper | null {
  return useContext(DraftContext);
}
