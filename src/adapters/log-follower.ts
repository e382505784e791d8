// Reads a log file while a command is still writing it, like `tail -f`, handing every byte in
// order to `onChunk`. The command writes straight to the file (no pipe through Node), so it runs
// at the speed of a plain `> file` redirect and never waits on a busy UI thread; hashing and the
// screen tail catch up from the page cache beside it, in this one pass (the file is never read
// a second time).
//
// Reads are synchronous, on this thread, into one reused buffer: the bytes were just written, so
// they come from the page cache in a fraction of a millisecond, and a read through the thread
// pool costs more in hand-offs than the read itself. Each turn reads at most one chunk and then
// yields, so a key press never waits behind more than ~1 ms of reading and hashing.
// No file watcher: inotify reports every write of the command (tens of thousands for 100 MB),
// which cost this process more CPU than reading and hashing everything. Instead the next read
// waits a little after a short read (output gathers), backing off to IDLE_MAX_MS while the
// command is quiet; its end wakes the follower at once.
import { closeSync, openSync, readSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface LogFollower {
  /** Reads to the end of the file once nothing writes any more; resolves with the byte count. */
  finish(): Promise<number>;
}

const CHUNK = 1 << 20;
/** After a short read: let more output gather before reading again (well under a frame). */
const GATHER_MS = 4;
/** The longest wait between reads while the command prints nothing: its next line is this late at most. */
const IDLE_MAX_MS = 50;

export async function followLog(file: string, onChunk: (chunk: Buffer) => void): Promise<LogFollower> {
  const fd = openSync(file, 'r');
  let position = 0;
  let writersDone = false;
  let wake: (() => void) | null = null;
  const nudge = (): void => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  /** Waits `ms`, or less if the writers finish meanwhile. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(nudge, ms);
    });

  // onChunk must not keep the buffer: the next read overwrites it.
  const buffer = Buffer.allocUnsafe(CHUNK);
  const loop = (async (): Promise<number> => {
    try {
      let idleMs = GATHER_MS;
      for (;;) {
        // A read that started before the writers finished may have missed their last bytes:
        // only an empty read begun afterwards proves the end.
        const final = writersDone;
        const bytesRead = readSync(fd, buffer, 0, CHUNK, position);
        if (bytesRead > 0) {
          position += bytesRead;
          idleMs = GATHER_MS;
          onChunk(buffer.subarray(0, bytesRead));
          if (bytesRead === CHUNK || writersDone) await nextTurn();
          else await pause(GATHER_MS);
          continue;
        }
        if (final) return position;
        if (!writersDone) await pause(idleMs);
        idleMs = Math.min(idleMs * 2, IDLE_MAX_MS);
      }
    } finally {
      closeSync(fd);
    }
  })();

  return {
    finish(): Promise<number> {
      writersDone = true;
      nudge();
      return loop;
    },
  };
}
