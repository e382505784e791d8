// A command's life in the journal: requested (the dialog opened), confirmed (exactly what will
// run), started (its processes, so a later warroom can find them), finished or cancelled.
import type { ConfirmMode, Risk } from '../runbook/types.ts';
import type { EventBase } from './event-base.ts';

/** The operator pressed enter on a command: the dialog opened. */
export interface CommandRequestedEvent extends EventBase {
  type: 'command.requested';
  stepId: string;
  commandId: string;
  /** The command as written in the runbook (placeholders unfilled). */
  template: string;
  risk: Risk;
}

/** The operator confirmed the exact command shown. Refers to the request by its seq. */
export interface CommandConfirmedEvent extends EventBase {
  type: 'command.confirmed';
  requestSeq: number;
  /** Exactly what will run, parameters substituted and shell-quoted. */
  script: string;
  confirmation: ConfirmMode;
  /** Kube context/namespace shown in the dialog, when the command uses kubectl. */
  kubeContext: string | null;
  kubeNamespace: string | null;
  dryRun: boolean;
}

export interface CommandCancelledEvent extends EventBase {
  type: 'command.cancelled';
  requestSeq: number;
  reason: string;
}

export interface CommandStartedEvent extends EventBase {
  type: 'command.started';
  requestSeq: number;
  pid: number | null;
  cwd: string;
  script: string;
  kubeContext: string | null;
  /** Relative to the incident folder: `commands/<requestSeq>.log`. */
  outputFile: string;
  /** The shell's process group (its pid: it runs detached); after a crash, what to look for. */
  pgid?: number;
  /** The shell's start time, /proc/<pid>/stat field 22 (ticks since boot): tells a reused pid apart. */
  procStart?: number;
  /** The boot it ran in (/proc/sys/kernel/random/boot_id): a run from another boot is surely gone. */
  bootId?: string;
  /** WARROOM_RUN in the command's environment: finds descendants that left its process group. */
  runToken?: string;
  /** `detach=true`: meant to outlive warroom; a later warroom finding it alive is no surprise. */
  detach?: boolean;
  /** It ran with the operator's terminal (a shell, an editor, a console): its output was not recorded. */
  interactive?: boolean;
}

export interface CommandFinishedEvent extends EventBase {
  type: 'command.finished';
  requestSeq: number;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  outputFile: string | null;
  outputBytes: number;
  outputSha256: string | null;
  timedOut: boolean;
  cancelled: boolean;
  /** Set when nothing ran: dry run, or the shell could not start. */
  dryRun: boolean;
  /** One line, e.g. `spawn ENOENT`; null when the process ran. */
  error: string | null;
  /** Last lines of output (bounded, at most 20) for the timeline and post-mortem. */
  tail: string[];
  /**
   * `unknown`: nobody saw how the run ended (warroom exited while it ran); recorded when the
   * incident is next opened, so nothing stays "running" without a process behind it.
   */
  outcome?: 'unknown';
  /** Why the run ended the way it did, in words (`warroom exited while it ran`). */
  reason?: string;
  /** It ran with the operator's terminal: the exit code and duration are known, the output is not. */
  interactive?: boolean;
}
