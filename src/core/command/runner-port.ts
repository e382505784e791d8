// The seam between the command flow and real processes (src/adapters/runner.ts implements it).
import type { OutputTail } from './output-tail.ts';

export interface RunRequest {
  /** Shell snippet, run by /bin/sh -c; may be multi-line. */
  script: string;
  cwd: string;
  /** Added to the inherited environment. */
  env?: Record<string, string>;
  /** Absolute path; created (with its folder), receives stdout and stderr interleaved. */
  logFile: string;
  /** After this long the whole process group gets SIGTERM, then SIGKILL after `graceMs`. */
  timeoutMs: number;
  /** Time between SIGTERM and SIGKILL. Default 5000. */
  graceMs?: number;
  /** Aborting cancels the run the same way as a timeout (recorded as cancelled). */
  signal?: AbortSignal;
  /** Raw output as text, chunk by chunk (decoded as UTF-8; may be called very often). */
  onOutput?: (chunk: string) => void;
  /**
   * Called once the shell has started, with its pid (also its process group id) and what a later
   * warroom needs to find the run's processes after a crash (journal it with command.started).
   */
  onStart?: (pid: number, info: RunStartInfo) => void;
  /** A tail the caller watches; the runner pushes every chunk into it. */
  tail?: OutputTail;
  /** `detach=true`: what the shell leaves running when it exits is meant to outlive it; not swept. */
  detach?: boolean;
}

/** The fields of command.started that identify a run's processes (see inspectLeftoverRun). */
export interface RunStartInfo {
  /** The shell's process group (= its pid: it runs in its own session). */
  pgid: number;
  /** The shell's start time, /proc/<pid>/stat field 22 (ticks since boot); absent off Linux. */
  procStart?: number;
  /** /proc/sys/kernel/random/boot_id; absent off Linux. */
  bootId?: string;
  /** WARROOM_RUN in the command's environment: every descendant inherits it, even one that left the group. */
  runToken: string;
}

export interface RunOutcome {
  /** null when the shell never started. */
  pid: number | null;
  exitCode: number | null;
  /** e.g. `SIGTERM`, when the shell died of a signal. */
  signal: string | null;
  durationMs: number;
  timedOut: boolean;
  cancelled: boolean;
  outputBytes: number;
  /** sha256 of the log file's bytes, hex; null when nothing started. */
  outputSha256: string | null;
  /** One line when the shell could not start (`cwd not found: /x`); else null. */
  error: string | null;
}

export interface CommandRunner {
  run(request: RunRequest): Promise<RunOutcome>;
}
