// Running a step's commands one after another (`x`, or one chosen in the chooser): each opens its
// own confirmation dialog, and the next opens only once the one before has finished with exit 0.
// Commands that run somewhere else (typed into a console) are skipped, and the operator is told.
import { runbookScript } from '../core/command/runbook-script.ts';
import { findStep } from '../core/incident/selectors.ts';
import { errorMessage } from '../errors.ts';
import type { Session } from '../app/session.ts';
import type { DashboardExtensions } from './extensions.ts';
import type { UiState } from './ui-state.ts';

export type OpenOverlay = (overlay: UiState['overlay']) => void;

/** Opens the dialog of `ids[0]`, remembering the rest for when it has finished. */
export function runCommands(session: Session, extensions: DashboardExtensions, open: OpenOverlay, stepId: string, ids: readonly string[]): void {
  const [first, ...rest] = ids;
  if (first === undefined || !extensions.runStep) return;
  extensions
    .runStep(stepId, first)
    .then((opened) => {
      if (opened) open({ kind: 'command', requestSeq: opened.requestSeq, ...(rest.length > 0 ? { queue: { stepId, rest } } : {}) });
    })
    .catch((error: unknown) => session.notify('error', errorMessage(error)));
}

/** `x`: every command of the step that can run from here, in order. */
export function runAllCommands(session: Session, extensions: DashboardExtensions, open: OpenOverlay, stepId: string): void {
  const step = findStep(session.state, stepId)?.step;
  if (!step) return;
  const runnable = step.commands.filter((c) => runbookScript(session.state.runbook, c, session.state.parameters, { computeReads: false }).manual === null);
  const skipped = step.commands.length - runnable.length;
  if (skipped > 0) session.notify('warn', `${skipped} of the step's commands are typed somewhere else (the step says where): skipped`);
  runCommands(session, extensions, open, stepId, runnable.map((c) => c.id));
}

/** After a queued command ended: the next one, or why the queue stopped. */
export function continueQueue(session: Session, extensions: DashboardExtensions, open: OpenOverlay, current: () => UiState['overlay'], queue: { stepId: string; rest: string[] }, ok: boolean): void {
  if (!ok) return session.notify('warn', `stopped: ${queue.rest.length} command${queue.rest.length === 1 ? '' : 's'} of the step not run, because the last one did not succeed`);
  // The operator opened something else meanwhile: do not take the screen from them.
  if (current().kind !== 'none') return session.notify('warn', `x stopped: ${queue.rest.length} more to run (enter on the step chooses them)`);
  runCommands(session, extensions, open, queue.stepId, queue.rest);
}
