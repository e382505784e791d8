// One base class for every error a user may see. The CLI prints `message` as one line (never a
// stack trace) and exits with `exitCode`. Subclasses add context fields and reason flags.
export class WarroomError extends Error {
  override name = 'WarroomError';
  /** Process exit code when this error ends a command: 1 failure, 2 bad usage. */
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad flags, missing files, unknown ids: exit code 2. */
export class UsageError extends WarroomError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, { exitCode: 2 });
  }
}
