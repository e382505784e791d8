// `c` on a run whose terminal has left the room (src/core/share/orphaned-run.ts): after the
// operator confirms, its end is recorded as unknown, with the output as it reached the room
// (size, sha256, last lines), so the room can run commands again. The process itself is on the
// other host, out of reach: the record says so. If that terminal comes back and reports the real
// end, its command.finished comes later and is the one the state keeps.
import { createHash } from 'node:crypto';
import type { NewEvent } from '../../core/incident/events.ts';
import type { IncidentState } from '../../core/incident/state.ts';
import { activeRun } from '../../core/incident/run-selectors.ts';
import { orphanedRun, type OrphanedRun } from '../../core/share/orphaned-run.ts';
import { CommandRefusedError } from '../../errors.ts';
import { unknownFinished } from '../run-outcome.ts';
import type { Session } from '../session.ts';
import type { SharedIncident } from './open-shared.ts';

const TAIL_LINES = 20;

interface RoomCopy {
  bytes: number;
  sha256: string | null;
  lastLines: string[];
}

export class OrphanedRuns {
  readonly #share: SharedIncident;
  readonly #session: Session;

  constructor(share: SharedIncident, session: Session) {
    this.#share = share;
    this.#session = session;
  }

  /** The open run whose terminal is gone, or null. */
  current(state: IncidentState = this.#session.state): OrphanedRun | null {
    const share = this.#share;
    return orphanedRun(state, {
      here: share.terminal,
      originOfSeq: (seq) => share.store.originOfSeq(seq),
      present: share.view.getSnapshot().present,
    });
  }

  /** The open run another terminal started (present or gone), with who and where. */
  elsewhere(): { requestSeq: number; terminal: string; requestedBy: string } | null {
    const active = activeRun(this.#session.state);
    if (!active) return null;
    const terminal = this.#share.store.originOfSeq(active.run.requestSeq);
    if (terminal === undefined || terminal === this.#share.terminal) return null;
    return { requestSeq: active.run.requestSeq, terminal, requestedBy: active.run.requestedBy };
  }

  /** Records the run's end as unknown; refuses when it ended or its terminal came back meanwhile. */
  async close(requestSeq: number): Promise<void> {
    const orphan = this.current();
    if (orphan?.requestSeq !== requestSeq) throw new CommandRefusedError(`request #${requestSeq} is no longer left open by a terminal that is gone`);
    const copy = await this.#roomCopy(requestSeq);
    const actor = this.#session.actor;
    const reason = `closed by ${actor}: terminal ${orphan.terminal} left the room while it ran; its process may still be running on that host`;
    const stored = await this.#session.dispatchWith((state): NewEvent | null => {
      // Checked again against the state the event goes into: it may have ended a moment ago.
      if (this.current(state)?.requestSeq !== requestSeq) return null;
      const who = { actor, requestSeq };
      if (orphan.kind === 'flag') {
        const via = state.flagRuns.findLast((r) => r.requestSeq === requestSeq)?.via ?? 'manual';
        return { type: 'flag.finished', ...who, via, ok: false, detail: reason, outputFile: null, outcome: 'unknown' };
      }
      const run = state.commands.findLast((r) => r.requestSeq === requestSeq);
      return unknownFinished(who, { outputFile: run?.outputFile ?? null, bytes: copy?.bytes ?? 0, sha256: copy?.sha256 ?? null, lastLines: copy?.lastLines ?? [] }, reason);
    });
    if (stored === null) throw new CommandRefusedError(`request #${requestSeq} ended or its terminal came back: nothing was closed`);
  }

  /** The output the run's terminal copied into the room, or null when it cannot be read now. */
  async #roomCopy(requestSeq: number): Promise<RoomCopy | null> {
    const runKey = this.#share.store.idAtSeq(requestSeq);
    if (runKey === undefined) return null;
    try {
      const read = await this.#share.shared.room.readLog(this.#share.incidentId, runKey, 0);
      const hash = createHash('sha256');
      for (const chunk of read.chunks) if (!chunk.marker) hash.update(chunk.data);
      const lines = read.text.split('\n');
      if (lines.at(-1) === '') lines.pop();
      return { bytes: read.storedBytes, sha256: read.chunks.length > 0 ? hash.digest('hex') : null, lastLines: lines.slice(-TAIL_LINES) };
    } catch {
      return null; // unreachable now: the end is recorded without the copy's facts
    }
  }
}
