// A run left open by a terminal that is no longer in the room. In a shared room one run goes at a
// time, so a laptop that dies (or loses its network for good) in the middle of a command would
// otherwise block every other responder until it came back. Its process is on a host nobody
// here can reach: the others cannot stop it, only record that nobody knows how it ended.
import type { IncidentState } from '../incident/state.ts';
import { activeRun, type RequestRun } from '../incident/run-selectors.ts';

export interface OrphanedRun {
  requestSeq: number;
  kind: RequestRun['kind'];
  /** The terminal that started it, and who asked for it. */
  terminal: string;
  requestedBy: string;
  /** The command or flag change as confirmed. */
  script: string;
  startedAt: string | null;
}

export interface RoomFacts {
  /** This terminal. */
  here: string;
  /** The terminal that made the event now at `seq` (the request), when known. */
  originOfSeq(seq: number): string | undefined;
  /** Terminals heard from recently (their heartbeats), this one included once it has beaten. */
  present: readonly { terminal: string }[];
}

/**
 * The open run whose terminal is gone, or null. Until this terminal sees itself in the presence
 * list, the list is not loaded yet and nobody counts as gone.
 */
export function orphanedRun(state: IncidentState, room: RoomFacts): OrphanedRun | null {
  const active = activeRun(state);
  if (!active) return null;
  const terminal = room.originOfSeq(active.run.requestSeq);
  if (terminal === undefined || terminal === room.here) return null;
  const present = new Set(room.present.map((p) => p.terminal));
  if (!present.has(room.here) || present.has(terminal)) return null;
  const { run } = active;
  return {
    requestSeq: run.requestSeq,
    kind: active.kind,
    terminal,
    requestedBy: run.requestedBy,
    script: run.script ?? '',
    startedAt: active.kind === 'command' ? active.run.startedAt : active.run.confirmedAt,
  };
}
