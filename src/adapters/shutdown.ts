// Hang-up and termination: every way warroom can be told to stop from outside becomes one call
// of onShutdown(reason), once, with a bounded time to stop the running command, journal what
// became of it and flush; then the process exits, whether or not onShutdown finished.
//
//   SIGHUP            "terminal closed"     (the terminal window or tmux server went away)
//   SIGTERM           "warroom terminated"  (kill, systemd, a container stop)
//   SIGINT, twice     "interrupted twice"   (the first one only calls onInterrupt)
//   stdin ends        "input closed"        (only noticed while something reads stdin, e.g. Ink)
export type ShutdownReason = 'terminal closed' | 'warroom terminated' | 'interrupted twice' | 'input closed';

/** Exit status per reason: 128 + the signal number, as a shell reports a death by that signal. */
const EXIT_CODES: Record<ShutdownReason, number> = {
  'terminal closed': 129,
  'warroom terminated': 143,
  'interrupted twice': 130,
  'input closed': 129,
};

export interface ShutdownOptions {
  /** Stop the command, journal its finish with `reason`, flush. Called at most once. */
  onShutdown(reason: ShutdownReason): Promise<void> | void;
  /** The first SIGINT (a second one shuts down): e.g. say "press ctrl-c again to leave". */
  onInterrupt?(): void;
  /** How long onShutdown may take before the process exits anyway. Default 15 s (a 5 s grace, with room). */
  timeoutMs?: number;
  /** Default process.stdin. */
  stdin?: NodeJS.ReadableStream;
  /** Default process.exit; tests and embedders may replace it. */
  exit?: (code: number) => void;
}

export interface ShutdownHandle {
  /** The reason once shutting down, else null. */
  readonly reason: ShutdownReason | null;
  /** Starts the same shutdown from inside (e.g. leaving with a command running); once. */
  trigger(reason: ShutdownReason): Promise<void>;
  /** Removes the handlers (the normal way out: nothing to shut down). */
  dispose(): void;
}

/** The grace between SIGTERM and SIGKILL for commands: `commands.graceSeconds`, default 5. */
export const DEFAULT_GRACE_SECONDS = 5;

export function installShutdown(options: ShutdownOptions): ShutdownHandle {
  const stdin = options.stdin ?? process.stdin;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const timeoutMs = options.timeoutMs ?? 15_000;
  let reason: ShutdownReason | null = null;
  let done: Promise<void> | null = null;
  let interrupts = 0;

  const trigger = (why: ShutdownReason): Promise<void> => {
    if (done !== null) return done; // once: later signals change nothing, the deadline holds
    reason = why;
    done = (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), timeoutMs);
      });
      try {
        const finished = Promise.resolve()
          .then(() => options.onShutdown(why))
          .then(
            () => 'done' as const,
            (error: unknown) => {
              writeBestEffort(`warroom: while shutting down (${why}): ${error instanceof Error ? error.message : String(error)}\n`);
              return 'done' as const;
            },
          );
        if ((await Promise.race([finished, deadline])) === 'late') {
          writeBestEffort(`warroom: shutting down (${why}) took longer than ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}; exiting anyway\n`);
        }
      } finally {
        clearTimeout(timer);
        dispose();
        exit(EXIT_CODES[why]);
      }
    })();
    return done;
  };

  const onHup = () => void trigger('terminal closed');
  const onTerm = () => void trigger('warroom terminated');
  const onInt = () => {
    interrupts += 1;
    if (interrupts >= 2) void trigger('interrupted twice');
    else if (reason === null) options.onInterrupt?.();
  };
  const onInputEnd = () => void trigger('input closed');
  process.on('SIGHUP', onHup);
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  stdin.on('end', onInputEnd);
  // A terminal that went away fails the next read (EIO) instead of ending it.
  stdin.on('error', onInputEnd);

  function dispose(): void {
    process.off('SIGHUP', onHup);
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    stdin.off('end', onInputEnd);
    stdin.off('error', onInputEnd);
  }

  return {
    get reason() {
      return reason;
    },
    trigger,
    dispose,
  };
}

/** After a hang-up the terminal is gone: a message that cannot be written is not an error. */
function writeBestEffort(text: string): void {
  try {
    process.stderr.write(text, () => undefined);
  } catch {
    // nowhere to say it
  }
}
