// What the confirmation dialog of a command request shows, derived from the journal's state
// (the request, the parameter values recorded so far) and the mode: the script exactly as it
// would run now, what is still missing, and what the risk demands.
import { confirmationFor, type Confirmation, type RunMode } from '../core/command/confirm-policy.ts';
import { dryRunPreview } from '../core/command/kubectl.ts';
import { runbookScript, type ScriptNotice } from '../core/command/runbook-script.ts';
import type { IncidentState } from '../core/incident/state.ts';
import type { Placeholder, Risk, RunbookCommand, RunbookVariable } from '../core/runbook/types.ts';
import type { KubeContext } from '../adapters/kube-context.ts';

export const DEFAULT_COMMAND_TIMEOUT_MS = 10 * 60 * 1000;

export interface CommandDialog {
  requestSeq: number;
  stepId: string;
  commandId: string;
  template: string;
  /** The script as it will run with the values so far (unfilled placeholders as written). */
  script: string;
  risk: Risk;
  riskReason: string;
  /** Every placeholder to ask for once, in order, with its current value ('' when unset). */
  parameters: { name: string; raw: string; value: string }[];
  missing: string[];
  /** `$VAR`s set in the environment: left for the shell to expand, never written in the journal. */
  fromEnvironment: string[];
  confirmation: Confirmation;
  cwd: string;
  /** null when the command does not use kubectl. */
  kube: KubeContext | null;
  /** A `--dry-run=server` preview can be run (kubectl, a supported verb, not in dry-run mode). */
  previewAvailable: boolean;
  dryRun: boolean;
  timeoutMs: number;
  /** `detach=true` on the fence: meant to outlive warroom (hang-up and leaving leave it running). */
  detach?: boolean;
  /** Where it runs, the variables it was given: extra lines under the command. */
  notices: ScriptNotice[];
  /** A shared room: what other responders did with this command (someone runs it, already ran it). */
  roomNotices?: ScriptNotice[];
  /** It cannot run from here: where to type it instead. */
  manual: { where: string; script: string } | null;
  /** `NAME=$(read command)` variables still to compute before it can be confirmed. */
  compute: RunbookVariable[];
}

export interface DialogSetting {
  mode: RunMode;
  cwd: string;
  /** The environment commands inherit, plus the flow's extra variables. */
  environment: NodeJS.ProcessEnv;
  defaultTimeoutMs: number;
}

export function timeoutFor(command: RunbookCommand, defaultTimeoutMs: number): number {
  const seconds = command.annotations.timeout;
  return seconds !== undefined && seconds > 0 ? seconds * 1000 : defaultTimeoutMs;
}

export function commandDialog(
  state: IncidentState,
  request: { requestSeq: number; stepId: string; command: RunbookCommand; kube: KubeContext | null },
  setting: DialogSetting,
): CommandDialog {
  const { command } = request;
  const values = state.parameters;
  const prepared = runbookScript(state.runbook, command, values, { computeReads: !setting.mode.dryRun });
  // A shell variable the operator's environment already sets (a database URL, a token) is the
  // shell's to expand when the command runs: asking for it would copy its value into the journal
  // as part of the command.
  const isShellVar = (p: Placeholder) => (p.syntax === 'dollar' || p.syntax === 'dollar-brace') && setting.environment[p.name] !== undefined;
  const shellVars = new Set(prepared.placeholders.filter(isShellVar).map((p) => p.name));
  const asked = prepared.placeholders.filter((p) => !shellVars.has(p.name));
  const fromEnvironment = [...shellVars];
  const filled = { script: prepared.script, missing: prepared.missing.filter((name) => !shellVars.has(name)) };
  const parameters = asked.map((p) => ({ name: p.name, raw: p.raw, value: values[p.name] ?? '' }));
  const effective: RunbookCommand = { ...command, risk: prepared.risk, riskReason: prepared.riskReason };
  return {
    requestSeq: request.requestSeq,
    stepId: request.stepId,
    commandId: command.id,
    template: command.script,
    script: filled.script,
    risk: prepared.risk,
    riskReason: prepared.riskReason,
    parameters,
    missing: filled.missing,
    fromEnvironment,
    confirmation: confirmationFor(effective, setting.mode, values, filled.script),
    cwd: setting.cwd,
    kube: request.kube,
    previewAvailable: !setting.mode.dryRun && filled.missing.length === 0 && dryRunPreview(filled.script) !== null,
    dryRun: setting.mode.dryRun,
    timeoutMs: timeoutFor(command, setting.defaultTimeoutMs),
    ...(command.annotations.extra.detach === 'true' ? { detach: true } : {}),
    notices: prepared.notices,
    manual: prepared.manual,
    compute: prepared.compute,
  };
}
