// A run of this terminal that another responder closed as unknown while this terminal was gone
// (src/app/share/orphaned-runs.ts). Coming back, the journal says it ended; its process may not
// have. If it still lives on this host, the operator is told, with its pids, since the room's
// record no longer watches it.
import type { RequestRun } from '../../core/incident/run-selectors.ts';
import type { IncidentState } from '../../core/incident/state.ts';
import type { SharedIncident } from './open-shared.ts';

type Inspect = (run: RequestRun) => Promise<{ alive: boolean; pids?: number[] }>;

/** Lines for the status line, one per such run still alive here. */
export async function closedWhileAway(state: IncidentState, share: SharedIncident, inspect: Inspect): Promise<string[]> {
  const lines: string[] = [];
  for (const run of state.commands) {
    if (run.phase !== 'finished' || !run.outcomeUnknown || run.finishedSeq === undefined) continue;
    if (share.store.originOfSeq(run.requestSeq) !== share.terminal) continue;
    const closer = share.store.originOfSeq(run.finishedSeq);
    if (closer === undefined || closer === share.terminal) continue;
    const found = await inspect({ kind: 'command', run });
    if (!found.alive) continue;
    const pids = found.pids && found.pids.length > 0 ? ` (pid ${found.pids.join(', ')})` : '';
    lines.push(`request #${run.requestSeq} was closed as unknown by ${closer} while this terminal was away, but its process still runs here${pids}: stop it by hand if it must not`);
  }
  return lines;
}
