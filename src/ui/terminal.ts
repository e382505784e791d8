// Puts the terminal back the way it was on EVERY way out: a normal leave, an error thrown
// while rendering, an uncaught exception, SIGTERM, SIGHUP. Ink leaves the alternate screen
// and shows the cursor on a clean unmount; a signal or a crash never reaches that code, so
// these handlers do it themselves (the escapes are idempotent, writing them twice is harmless).
// SIGKILL cannot be caught: the journal, not the terminal, is what survives that.
import { errorMessage } from '../errors.ts';

const SHOW_CURSOR = '\u001b[?25h';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const RESET_ATTRIBUTES = '\u001b[0m';
// Bracketed paste is on while the dashboard listens; a shell after us must get pastes as typed.
const END_BRACKETED_PASTE = '\u001b[?2004l';

export interface TerminalStreams {
  stdout: NodeJS.WriteStream | NodeJS.WritableStream;
  stdin: NodeJS.ReadStream | NodeJS.ReadableStream;
  stderr: NodeJS.WritableStream;
}

export interface TerminalGuard {
  /** Show the cursor, leave the alternate screen, turn raw mode off. Safe to call repeatedly. */
  restore(): void;
  /** Remove the process handlers (after a normal leave). */
  dispose(): void;
}

const signals = { SIGTERM: 15, SIGHUP: 1 } as const;

/**
 * `cleanup` runs before exiting on a signal or crash (close the journal, release the lock);
 * it gets `graceMs` to finish, so a hung disk cannot keep a killed war room alive.
 */
export function guardTerminal(
  streams: TerminalStreams,
  cleanup: () => Promise<void>,
  graceMs = 2000,
  /** false: someone else handles SIGTERM/SIGHUP (the dashboard's shutdown, which stops commands first). */
  handleSignals = true,
): TerminalGuard {
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      const stdin = streams.stdin as NodeJS.ReadStream;
      if (stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(false);
    } catch {
      // stdin may already be closed (terminal hung up).
    }
    try {
      streams.stdout.write(RESET_ATTRIBUTES + SHOW_CURSOR + END_BRACKETED_PASTE + LEAVE_ALT_SCREEN);
    } catch {
      // stdout may be gone (SIGHUP); nothing left to restore then.
    }
  };

  const exitAfterCleanup = (code: number) => {
    const timer = setTimeout(() => process.exit(code), graceMs);
    timer.unref();
    cleanup()
      .catch(() => undefined)
      .finally(() => {
        restore();
        process.exit(code);
      });
  };

  const onSignal = (signal: keyof typeof signals) => () => {
    restore();
    exitAfterCleanup(128 + signals[signal]);
  };
  const handlers = {
    SIGTERM: onSignal('SIGTERM'),
    SIGHUP: onSignal('SIGHUP'),
  };
  const onCrash = (error: unknown) => {
    restore();
    streams.stderr.write(`warroom: unexpected error: ${errorMessage(error)}\n`);
    exitAfterCleanup(1);
  };
  const onExit = () => restore();

  if (handleSignals) {
    process.on('SIGTERM', handlers.SIGTERM);
    process.on('SIGHUP', handlers.SIGHUP);
  }
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  process.on('exit', onExit);

  return {
    restore,
    dispose() {
      process.off('SIGTERM', handlers.SIGTERM);
      process.off('SIGHUP', handlers.SIGHUP);
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
      process.off('exit', onExit);
    },
  };
}

/**
 * Takes the keyboard before the first frame. Raw at once: a key pressed before Ink binds its
 * listener (just after that frame) is neither echoed over the frame nor held for a newline; it
 * waits in the terminal until the listener reads it. And keys typed before even this (while the
 * shell started warroom) were echoed where the frame is about to start, while Ink draws from
 * where the cursor is: the line is cleared and the cursor put back to its start (that line is
 * warroom's own), or the echo's width would push the header's end onto a row of its own.
 */
export function takeTerminal(stdin: NodeJS.ReadStream | NodeJS.ReadableStream, stdout: NodeJS.WriteStream | NodeJS.WritableStream): void {
  const input = stdin as NodeJS.ReadStream;
  if (input.isTTY && typeof input.setRawMode === 'function') input.setRawMode(true);
  if ((stdout as NodeJS.WriteStream).isTTY) stdout.write('\r\u001b[K');
}
