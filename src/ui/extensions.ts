// What a war room's services plug into the dashboard (built from them in service-extensions.tsx).
// Each is optional: without it, the keys that need it say "not available" instead of failing.
import type { ReactNode } from 'react';
import type { UpdateKind } from '../core/incident/events.ts';
import type { LiveLeftover } from '../app/leftover-watch.ts';
import type { HandOver } from '../app/interactive-run.ts';
import type { OrphanedRun } from '../core/share/orphaned-run.ts';

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
  /**
   * The services are still loading: a key pressed now waits at the key gate and is handled once
   * they are attached, so the help bar shows the keys that will work (runDashboard).
   */
  servicesLoading?: boolean;
  /** `enter` on a step with a command or flag: opens the request; resolves with its seq (the dialog's key). */
  runStep?: (stepId: string, commandId?: string) => Promise<{ requestSeq: number } | null>;
  /** The confirmation dialog of a command or flag request, by the request's seq; `onDone` hears how a confirmed run ended. */
  commandDialog?: (props: DialogSlotProps & { requestSeq: number; onDone?: (ok: boolean) => void }) => ReactNode;
  /** `v`: the step's last log in $PAGER, or its interactive command with the terminal. */
  shellOut?: (stepId: string, handOver: HandOver) => Promise<{ requestSeq: number } | null>;
  /** Stops the running command; `reason` is recorded with its end (e.g. leaving the war room). */
  cancelCommand?: (reason?: string) => Promise<unknown> | unknown;
  /** The open run whose terminal left the shared room (`c` offers to close it as unknown). */
  orphanedRun?: () => OrphanedRun | null;
  closeOrphanedRun?: (requestSeq: number) => Promise<void>;
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
  /** Why `z` cannot silence the alert now, or null when it can. */
  silenceUnavailable?: () => string | null;
  /** The silence dialog (`z`) and the offer to expire the silence after resolving. */
  alertDialog?: (props: DialogSlotProps & { purpose: 'silence' | 'expire-silence' }) => ReactNode;
  /** The status-page update the provider refused and nothing replaced yet (`P` resends it). */
  refusedStatusUpdate?: () => string | null;
  /** The composer for fixing and resending that update. */
  resendDialog?: (props: DialogSlotProps) => ReactNode;
  /** A status-page incident is open (resolving offers its resolved update). */
  statusPageOpen?: () => boolean;
  /** The war room's silence that is still active (resolving offers to expire it). */
  activeSilence?: () => string | null;
}
