// Feature-flag changes, journaled like command runs: requested when the dialog opens (its seq is
// the request's id, in the same id space as commands), confirmed before anything changes, then
// finished or cancelled. Part of the IncidentEvent union in events.ts.
import type { EventBase } from './event-base.ts';

/** How a feature flag is changed: the configured command, the configured endpoint, or by hand. */
export type FlagVia = 'command' | 'http' | 'manual';

/** The operator pressed enter on a flag step: the dialog opened (one id space with commands). */
export interface FlagRequestedEvent extends EventBase {
  type: 'flag.requested';
  stepId: string;
  flag: string;
  value: string;
  via: FlagVia;
  /** What will happen, as the dialog shows it: the filled command, the POST, or the instruction. */
  script: string;
  /** The flag's value when the dialog opened, as the flag endpoint said; null or absent: unknown. */
  current?: string | null;
}

/** The operator confirmed the flag change shown. Refers to the request by its seq. */
export interface FlagConfirmedEvent extends EventBase {
  type: 'flag.confirmed';
  requestSeq: number;
  script: string;
  dryRun: boolean;
}

/**
 * The flag command's shell started (a configured toggle command only; an HTTP change has no
 * process). Its process identity, as on command.started, is what a warroom opened after a crash
 * looks for: a toggle that outlived its warroom is found, offered for stopping or watched.
 */
export interface FlagStartedEvent extends EventBase {
  type: 'flag.started';
  requestSeq: number;
  pid: number | null;
  /** Relative to the incident folder: `commands/<requestSeq>.log`. */
  outputFile: string;
  pgid?: number;
  procStart?: number;
  bootId?: string;
  runToken?: string;
}

export interface FlagCancelledEvent extends EventBase {
  type: 'flag.cancelled';
  requestSeq: number;
  reason: string;
}

/** How a confirmed flag change ended. */
export interface FlagFinishedEvent extends EventBase {
  type: 'flag.finished';
  requestSeq: number;
  via: FlagVia | 'dry-run';
  ok: boolean;
  detail: string | null;
  /** The flag command's output, relative to the incident folder (`commands/<requestSeq>.log`). */
  outputFile: string | null;
  /** As on command.finished: nobody saw how it ended. */
  outcome?: 'unknown';
}
