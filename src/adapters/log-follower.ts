// Reads a log file while a command is still writing it, like `tail -f`, handing every byte in
// order to `onChunk`. The command writes straight to the file (no pipe through Node), so it runs
// at the speed of a plain `> file` redirect and never waits on a busy UI thread; hashing and the
// screen tail catch up from the page cache beside it.
import { watch, type FSWatcher } from 'node:fs';
import { open } from 'node:fs/promises';

export interface LogFollower {
  /** Reads to the end of the file once nothing writes any more; resolves with the byte count. */
  finish(): Promise<number>;
}

const CHUNK = 1 << 20;
/** Wake-up when inotify is unavailable (or missed an event): bounds the screen's delay. */
const IDLE_POLL_MS = 100;

export async function followLog(file: string, onChunk: (chunk: Buffer) => void): Promise<LogFollower> {
  const handle = await open(file, 'r');
  let position = 0;
  let writersDone = false;
  let wake: (() => void) | null = null;
  const nudge = (): void => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(file, nudge);
    watcher.on('error', () => undefined);
  } catch {
    watcher = null; // polling alone still works
  }

  // Two buffers: the next read runs in libuv's pool while this thread hashes the previous chunk.
  const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
  let turn = 0;
  // A read that started before the writers finished may have missed their last bytes: only an
  // empty read issued afterwards proves the end.
  const readNext = async () => {
    const final = writersDone;
    const { bytesRead, buffer } = await handle.read(buffers[turn]!, 0, CHUNK, position);
    return { bytesRead, buffer, final };
  };

  const loop = (async (): Promise<number> => {
    try {
      let pending = readNext();
      for (;;) {
        const { bytesRead, buffer, final } = await pending;
        if (bytesRead > 0) {
          position += bytesRead;
          turn = 1 - turn;
          pending = readNext();
          // onChunk must not keep the buffer: it is reused two reads later.
          onChunk(buffer.subarray(0, bytesRead));
          continue;
        }
        if (final) return position;
        if (!writersDone) await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(nudge, IDLE_POLL_MS);
        });
        pending = readNext();
      }
    } finally {
      watcher?.close();
      await handle.close();
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
