// Opening an incident again closes what a dead warroom left open. A dialog that was showing is
// cancelled; a run confirmed or started without an end gets its end recorded as unknown, with
// its log file's size and sha256 as found. Then the journal and this process agree that nothing
// runs, and commands can run again at once.
//
// Whether a run's process group outlived its warroom is a question for the host (`inspect`, by
// the identity command.started or flag.started journaled); without one nobody can tell, and the
// default says it did not.
// A run found alive is left open and returned, for the war room to offer stopping or watching it.
import type { EventStore } from '../core/incident/event-store.ts';
import type { NewEvent } from '../core/incident/events.ts';
import { leftoverRuns, type RequestRun } from '../core/incident/run-selectors.ts';
import { EXITED_WHILE_RUNNING, unknownFinished } from './run-outcome.ts';

export interface LogFound {
  bytes: number;
  sha256: string;
  lastLines: string[];
}

export interface LeftoverOptions {
  /** The actor of the closing events. Default `system`. */
  actor?: string;
  /** Size, hash and last lines of a log under the incident folder; null when it is missing. */
  measureLog: (outputFile: string) => Promise<LogFound | null>;
  /** Does the run's process (group) still live on this host? */
  inspect?: (run: RequestRun) => Promise<{ alive: boolean }>;
  /** Which open runs are this warroom's to close (a shared room: only those this terminal started). Default all. */
  mine?: (run: RequestRun) => boolean;
}

export interface LeftoverReport {
  closed: RequestRun[];
  /** Runs whose process still lives: open in the journal, for the operator to decide. */
  alive: RequestRun[];
}

const notAlive = async () => ({ alive: false });

async function closingEvent(leftover: RequestRun, actor: string, options: LeftoverOptions): Promise<NewEvent> {
  const who = { actor, requestSeq: leftover.run.requestSeq };
  if (leftover.run.phase === 'requested') {
    const type = leftover.kind === 'command' ? 'command.cancelled' : 'flag.cancelled';
    return { type, ...who, reason: 'warroom exited with the dialog open' };
  }
  if (leftover.kind === 'flag') {
    const outputFile = leftover.run.via === 'command' ? `commands/${leftover.run.requestSeq}.log` : null;
    const found = outputFile === null ? null : await options.measureLog(outputFile);
    return {
      type: 'flag.finished',
      ...who,
      via: leftover.run.via,
      ok: false,
      detail: EXITED_WHILE_RUNNING,
      outputFile: found === null ? null : outputFile,
      outcome: 'unknown',
    };
  }
  const outputFile = leftover.run.outputFile;
  const found = outputFile === null ? null : await options.measureLog(outputFile);
  return unknownFinished(who, {
    outputFile: found === null ? null : outputFile,
    bytes: found?.bytes ?? 0,
    sha256: found?.sha256 ?? null,
    lastLines: found?.lastLines ?? [],
  });
}

export async function closeLeftoverRuns(store: EventStore, options: LeftoverOptions): Promise<LeftoverReport> {
  const report: LeftoverReport = { closed: [], alive: [] };
  const inspect = options.inspect ?? notAlive;
  for (const leftover of leftoverRuns(store.state)) {
    if (options.mine && !options.mine(leftover)) continue;
    // A dialog has no process; only a run confirmed or started may have one.
    if (leftover.run.phase !== 'requested' && (await inspect(leftover)).alive) {
      report.alive.push(leftover);
      continue;
    }
    await store.append(await closingEvent(leftover, options.actor ?? 'system', options));
    report.closed.push(leftover);
  }
  return report;
}
