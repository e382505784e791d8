// What warroom does when it is told to stop from outside (the terminal closed, SIGTERM, Ctrl-C
// twice as signals, stdin gone) or the operator leaves with a command running: every run this
// process holds is stopped (its whole process tree: SIGTERM, the grace, SIGKILL) and its
// command.finished is journaled with the reason and the output so far, then the session closes
// (queued appends, the outbox's record, the journal's fsync). A run marked `detach=true` is
// left running on purpose and stays open in the journal: the next `resume` finds it alive.
import type { CommandFlow } from './command-flow.ts';
import type { Session } from './session.ts';

export interface StopReport {
  stopped: number[];
  /** detach=true runs left running, by request seq. */
  detached: number[];
}

/** Stops (and records) every run of this process but the detached ones. */
export async function stopRuns(commands: CommandFlow | null, reason: string): Promise<StopReport> {
  const report: StopReport = { stopped: [], detached: [] };
  if (commands === null) return report;
  for (const run of commands.runningHere()) {
    if (run.detach) {
      report.detached.push(run.requestSeq);
      continue;
    }
    try {
      await commands.cancelRunning(reason);
    } catch {
      // Not ours after all, or already ended: wait for whatever record is coming.
    }
    await run.done.catch(() => undefined);
    report.stopped.push(run.requestSeq);
  }
  return report;
}

/** The whole way out after a signal: stop the runs, then close the session (flush). */
export async function shutDownRoom(
  session: Session,
  commands: CommandFlow | null,
  reason: string,
  leftovers?: { close(): void },
  flags?: { stop(reason: string): Promise<void> },
): Promise<StopReport> {
  leftovers?.close();
  await flags?.stop(reason);
  const report = await stopRuns(commands, reason);
  await session.close();
  return report;
}
