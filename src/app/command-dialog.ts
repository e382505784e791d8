// What the confirmation dialog of a command request shows, derived from the journal's state
// (the request, the parameter values recorded so far) and the mode: the script exactly as it
// would run now, what is still missing, and what the risk demands.
import { confirmationFor, type Confirmation, type RunMode } from '../core/command/confirm-policy.ts';
import { dryRunPreview } from '../core/command/kubectl.ts';
import { fillParameters } from '../core/command/substitute.ts';
import type { IncidentState } from '../core/incident/state.ts';
import type { Placeholder, Risk, RunbookCommand } from '../core/runbook/types.ts';
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
  // A shell variable the operator's environment already sets (a database URL, a token) is the
  // shell's to expand when the command runs: asking for it would copy its value into the journal
  // as part of the command.
  const isShellVar = (p: Placeholder) => (p.syntax === 'dollar' || p.syntax === 'dollar-brace') && setting.environment[p.name] !== undefined;
  const asked = command.parameters.filter((p) => !isShellVar(p));
  const fromEnvironment = [...new Set(command.parameters.filter(isShellVar).map((p) => p.name))];
  const filled = fillParameters(command.script, asked, values);
  const seen = new Set<string>();
  const parameters = asked
    .filter((p) => !seen.has(p.name) && seen.add(p.name))
    .map((p) => ({ name: p.name, raw: p.raw, value: values[p.name] ?? '' }));
  return {
    requestSeq: request.requestSeq,
    stepId: request.stepId,
    commandId: command.id,
    template: command.script,
    script: filled.script,
    risk: command.risk,
    riskReason: command.riskReason,
    parameters,
    missing: filled.missing,
    fromEnvironment,
    confirmation: confirmationFor(command, setting.mode, values, filled.script),
    cwd: setting.cwd,
    kube: request.kube,
    previewAvailable: !setting.mode.dryRun && filled.missing.length === 0 && dryRunPreview(filled.script) !== null,
    dryRun: setting.mode.dryRun,
    timeoutMs: timeoutFor(command, setting.defaultTimeoutMs),
    ...(command.annotations.extra.detach === 'true' ? { detach: true } : {}),
  };
}
