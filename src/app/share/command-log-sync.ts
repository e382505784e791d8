// The full output of commands run in this terminal, copied into the shared store while they run
// (every half second, so a follower's view is throttled, not flooded) and once more when they end,
// under the command request's event id. The store keeps the first 1 MiB of each run and a marker
// where it cut (command-log.ts); the local log file always has all of it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { IncidentEvent } from '../../core/incident/events.ts';
import type { SharedIncident } from './open-shared.ts';

const EVERY_MS = 500;
const READ_BYTES = 256 * 1024;

interface Follow {
  file: string;
  offset: number;
  runKey: string;
  timer: ReturnType<typeof setInterval>;
  busy: Promise<void>;
}

/** Starts copying; returns the stop (waits for the copies in flight). */
export function syncCommandLogs(share: SharedIncident, incidentDir: string): () => Promise<void> {
  const { store } = share;
  const follows = new Map<number, Follow>();
  const copy = async (f: Follow): Promise<void> => {
    let handle: fs.FileHandle | null = null;
    try {
      handle = await fs.open(f.file, 'r');
      for (;;) {
        const buffer = Buffer.alloc(READ_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, f.offset);
        if (bytesRead === 0) break;
        await share.shared.room.appendLog(share.incidentId, f.runKey, buffer.subarray(0, bytesRead));
        f.offset += bytesRead;
      }
    } catch {
      // The store is unreachable or the file not there yet: the next turn tries from the same offset.
    } finally {
      await handle?.close().catch(() => undefined);
    }
  };
  const turn = (f: Follow) => {
    f.busy = f.busy.then(() => copy(f));
    return f.busy;
  };
  const unsubscribe = store.subscribe((event: IncidentEvent) => {
    if (!store.isLocal(event)) return;
    if (event.type === 'command.started' && event.outputFile !== null) {
      const runKey = store.idAtSeq(event.requestSeq) ?? `request-${event.requestSeq}`;
      const f: Follow = { file: path.join(incidentDir, event.outputFile), offset: 0, runKey, busy: Promise.resolve(), timer: setInterval(() => void turn(f), EVERY_MS) };
      f.timer.unref();
      follows.set(event.requestSeq, f);
    } else if (event.type === 'command.finished') {
      const f = follows.get(event.requestSeq);
      if (!f) return;
      clearInterval(f.timer);
      follows.delete(event.requestSeq);
      void turn(f);
    }
  });
  return async () => {
    unsubscribe();
    await Promise.all(
      [...follows.values()].map((f) => {
        clearInterval(f.timer);
        return turn(f);
      }),
    );
  };
}
