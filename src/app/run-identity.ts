// What command.started records of a run besides its pid, and whether the run is meant to
// outlive warroom: the facts a later warroom (after a crash) or a hang-up decides by.
import type { RunStartInfo } from '../core/command/runner-port.ts';
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
