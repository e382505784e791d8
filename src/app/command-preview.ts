// `d` in the confirmation dialog of a kubectl change: the `--dry-run=server` variant runs into
// `commands/<seq>-preview.log`, and a note records that the cluster was asked. What runs has the
// secrets' real values; what is shown and noted has them masked, like the dialog.
import path from 'node:path';
import { dryRunPreview } from '../core/command/kubectl.ts';
import { OutputTail } from '../core/command/output-tail.ts';
import type { CommandRunner } from '../core/command/runner-port.ts';
import type { EventStore } from '../core/incident/event-store.ts';
import { CommandRefusedError } from '../errors.ts';
import type { CommandDialog } from './command-dialog.ts';
import { describeRun } from './run-outcome.ts';

export const PREVIEW_TIMEOUT_MS = 60 * 1000;

export interface PreviewResult {
  script: string;
  exitCode: number | null;
  lines: string[];
  logFile: string;
  error: string | null;
}

export interface PreviewSetting {
  store: EventStore;
  runner: CommandRunner;
  incidentDir: string;
  cwd: string;
  actor: string;
  extras: { env?: Record<string, string>; graceMs?: number };
}

export async function runPreview(setting: PreviewSetting, dialog: CommandDialog): Promise<PreviewResult> {
  const { requestSeq } = dialog;
  const script = dialog.previewAvailable ? dryRunPreview(dialog.script) : null;
  const run = dialog.previewAvailable ? dryRunPreview(dialog.runScript ?? dialog.script) : null;
  if (!script || !run) throw new CommandRefusedError('no server-side preview for this command');
  const logFile = path.join(setting.incidentDir, 'commands', `${requestSeq}-preview.log`);
  const tail = new OutputTail({ maxLines: 200 });
  const outcome = await setting.runner.run({ script: run, cwd: setting.cwd, logFile, timeoutMs: PREVIEW_TIMEOUT_MS, tail, ...setting.extras });
  // A preview changes nothing, but it did talk to a cluster: leave a line in the record.
  await setting.store.append({
    type: 'note.added',
    actor: setting.actor,
    text: `previewed request #${requestSeq} with --dry-run=server: ${describeRun(outcome)} (commands/${requestSeq}-preview.log)`,
  });
  return { script, exitCode: outcome.exitCode, lines: tail.lines(), logFile, error: outcome.error };
}
