// What the confirmation dialog of a command request shows, derived from the journal's state
// (the request, the parameter values recorded so far) and the mode: the script exactly as it
// would run now, what is still missing, and what the risk demands.
import { confirmationFor, type Confirmation, type RunMode } from '../core/command/confirm-policy.ts';
import { dryRunPreview } from '../core/command/kubectl.ts';
import { runbookScript, type ScriptNotice } from '../core/command/runbook-script.ts';
import type { IncidentState } from '../core/incident/state.ts';
import type { Placeholder, Risk, RunbookCommand, RunbookVariable } from '../core/runbook/types.ts';
import type { KubeContext } from '../adapters/kube-context.ts';
import { forgottenSecrets, SECRET_VALUE, shownValues } from '../core/command/secret-parameter.ts';
import type { SecretValues } from './secret-values.ts';

export const DEFAULT_COMMAND_TIMEOUT_MS = 10 * 60 * 1000;

export interface CommandDialog {
  requestSeq: number;
  stepId: string;
  commandId: string;
  template: string;
  /** The script as it will run with the values so far (unfilled placeholders as written); secrets masked. */
  script: string;
  /** The script with the secrets' real values, for the runner only: never shown, never journaled. */
  runScript?: string;
  risk: Risk;
  riskReason: string;
  /** Every placeholder to ask for once, in order, with its current value ('' when unset). */
  parameters: { name: string; raw: string; value: string; secret?: boolean }[];
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
  /** Secret values this process holds (memory only); without it, none. */
  secrets?: SecretValues;
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
  const held = setting.secrets?.has ?? (() => false);
  // Secrets this process holds show as their mark; those it does not hold are asked again.
  const values = shownValues(state.parameters, held);
  const prepared = runbookScript(state.runbook, command, values, { computeReads: !setting.mode.dryRun });
  const forgotten = forgottenSecrets(state.parameters, held).filter((name) => prepared.missing.includes(name));
  // A shell variable the operator's environment already sets (a database URL, a token) is the
  // shell's to expand when the command runs: asking for it would copy its value into the journal
  // as part of the command.
  const isShellVar = (p: Placeholder) => (p.syntax === 'dollar' || p.syntax === 'dollar-brace') && setting.environment[p.name] !== undefined;
  const shellVars = new Set(prepared.placeholders.filter(isShellVar).map((p) => p.name));
  const asked = prepared.placeholders.filter((p) => !shellVars.has(p.name));
  const fromEnvironment = [...shellVars];
  const filled = { script: prepared.script, missing: prepared.missing.filter((name) => !shellVars.has(name)) };
  // A secret once typed stays one: asked again, its field shows dots.
  const wasSecret = (name: string) => state.parameters[name] === SECRET_VALUE;
  const parameters = asked.map((p) => ({ name: p.name, raw: p.raw, value: values[p.name] ?? '', ...(wasSecret(p.name) ? { secret: true } : {}) }));
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
    notices: [...prepared.notices, ...secretNotices(prepared.script, forgotten)],
    ...runnable(state, command, values, prepared.script, setting),
    manual: prepared.manual,
    compute: prepared.compute,
  };
}

function secretNotices(shown: string, forgotten: readonly string[]): ScriptNotice[] {
  const notices: ScriptNotice[] = [];
  if (shown.includes(SECRET_VALUE)) notices.push({ text: `${SECRET_VALUE} is a secret value: the command gets it, the screen and the journal never do (ctrl+e types it again)`, tone: 'info' });
  if (forgotten.length > 0) {
    const list = forgotten.map((n) => `$${n}`).join(', ');
    notices.push({ text: `${list}: secret values are kept only in the memory of the warroom they were typed in, so type ${forgotten.length === 1 ? 'it' : 'them'} again`, tone: 'info' });
  }
  return notices;
}

/** The real script when a held secret is in it (`runScript`); nothing when the shown one is what runs. */
function runnable(state: IncidentState, command: RunbookCommand, values: Record<string, string>, shown: string, setting: DialogSetting): { runScript?: string } {
  if (!setting.secrets || !shown.includes(SECRET_VALUE)) return {};
  const real = runbookScript(state.runbook, command, setting.secrets.fill(values), { computeReads: !setting.mode.dryRun });
  return { runScript: real.script };
}
