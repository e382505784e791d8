// Another terminal's command, live here: while a run started elsewhere is going, its output is
// read from the shared store (the chunks that terminal copies every half second) into this
// terminal's output feed, so the output pane shows it as it shows a local run. When it ends, the
// pane shows the tail its command.finished carries, like any finished run.
import type { IncidentEvent } from '../../core/incident/events.ts';
import type { OutputTail } from '../../core/command/output-tail.ts';
import type { OutputFeed } from '../output-feed.ts';
import type { SharedIncident } from './open-shared.ts';

const EVERY_MS = 500;

/** Starts following; returns the stop. */
export function followRemoteOutput(share: SharedIncident, feed: OutputFeed): () => void {
  const { store } = share;
  let current: { requestSeq: number; runKey: string; tail: OutputTail; after: number; timer: ReturnType<typeof setInterval>; busy: boolean } | null = null;
  const stopCurrent = () => {
    if (!current) return;
    clearInterval(current.timer);
    current.tail.end();
    current = null;
    feed.end();
  };
  const read = async () => {
    const run = current;
    if (!run || run.busy) return;
    run.busy = true;
    try {
      const { chunks } = await share.shared.room.readLog(share.incidentId, run.runKey, run.after);
      for (const chunk of chunks) {
        if (current !== run) return;
        run.tail.push(chunk.data);
        run.after = chunk.n;
      }
    } catch {
      // Unreachable for now: the next turn reads from the same chunk.
    } finally {
      run.busy = false;
    }
  };
  const unsubscribe = store.subscribe((event: IncidentEvent) => {
    // The end may be this terminal's own: a run whose terminal left the room is closed here.
    if (event.type === 'command.started' && !store.isLocal(event)) {
      stopCurrent();
      const runKey = store.idAtSeq(event.requestSeq);
      if (runKey === undefined) return;
      const timer = setInterval(() => void read(), EVERY_MS);
      timer.unref();
      current = { requestSeq: event.requestSeq, runKey, tail: feed.begin(), after: 0, timer, busy: false };
    } else if (event.type === 'command.finished' && current?.requestSeq === event.requestSeq) {
      stopCurrent();
    }
  });
  return () => {
    unsubscribe();
    stopCurrent();
  };
}
