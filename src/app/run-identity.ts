// What command.started records of a run besides its pid, and whether the run is meant to
// outlive warroom: the facts a later warroom (after a crash) or a hang-up decides by.
import type { RunStartInfo } from '../core/command/runner-port.ts';
import type { NewEvent } from '../core/incident/events.ts';
import type { CommandDialog } from './command-dialog.ts';

/** `detach=true` on the fence: the command is meant to outlive warroom (shown in its dialog). */
export function isDetached(dialog: Pick<CommandDialog, 'detach'>): boolean {
  return dialog.detach === true;
}

export function startIdentity(info: RunStartInfo): { pgid: number; procStart?: number; bootId?: string; runToken: string } {
  return {
    pgid: info.pgid,
    runToken: info.runToken,
    ...(info.procStart !== undefined ? { procStart: info.procStart } : {}),
    ...(info.bootId !== undefined ? { bootId: info.bootId } : {}),
  };
}

type NewStarted = Extract<NewEvent, { type: 'command.started' }>;

/**
 * command.started with the identity of its processes, so a warroom opened after a crash can find
 * what still runs (and say so) instead of guessing.
 */
export function startedEvent(
  who: { actor: string; requestSeq: number },
  fields: Pick<NewStarted, 'pid' | 'cwd' | 'script' | 'kubeContext' | 'outputFile'>,
  info?: RunStartInfo,
  detach = false,
): NewStarted {
  return { type: 'command.started', ...who, ...fields, ...(info ? startIdentity(info) : {}), ...(detach ? { detach: true } : {}) };
}
