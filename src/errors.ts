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
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { exitCode: 2, ...options });
  }
}

/** A request a flow will not carry out (a command, a flag change); one line for the status bar. */
export class CommandRefusedError extends WarroomError {
  override name = 'CommandRefusedError';
}

/** What went wrong, in one line for a person: the message of an Error, else the value as text. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
