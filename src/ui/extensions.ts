// What a war room's services plug into the dashboard (built from them in service-extensions.tsx).
// Each is optional: without it, the keys that need it say "not available" instead of failing.
import type { ReactNode } from 'react';
import type { UpdateKind } from '../core/incident/events.ts';
import type { LiveLeftover } from '../app/leftover-watch.ts';

/** A live output tail (the command flow's), read like the session: subscribe + getLines. */
export interface OutputSource {
  subscribe(listener: () => void): () => void;
  getLines(): readonly string[];
}

export interface DialogSlotProps {
  width: number;
  height: number;
  onClose: () => void;
}

export interface DashboardExtensions {
  /** `enter` on a step with a command or flag: opens the request; resolves with its seq (the dialog's key). */
  runStep?: (stepId: string) => Promise<{ requestSeq: number } | null>;
  /** The confirmation dialog of a command or flag request, by the request's seq. */
  commandDialog?: (props: DialogSlotProps & { requestSeq: number }) => ReactNode;
  /** Stops the running command; `reason` is recorded with its end (e.g. leaving the war room). */
  cancelCommand?: (reason?: string) => Promise<unknown> | unknown;
  /** Commands this warroom is running now (leaving asks about them first). */
  runningHere?: () => readonly { requestSeq: number; detach: boolean }[];
  /** Runs a dead warroom left that still live here (see src/app/leftover-watch.ts). */
  leftovers?: {
    subscribe(listener: () => void): () => void;
    /** The same array until something changes (useSyncExternalStore). */
    snapshot(): readonly LiveLeftover[];
    watch(requestSeq: number): void;
    stop(requestSeq: number): Promise<void>;
  };
  output?: OutputSource;
  composer?: (props: DialogSlotProps & { kind: UpdateKind }) => ReactNode;
}
