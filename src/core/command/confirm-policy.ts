// What the confirmation dialog demands before a command runs. The runbook's risk sets a floor:
// an annotation may ask for more (`confirm=typed` on a change) but never for less, because a
// typo in a fence's info string must not turn `kubectl delete` into a one-key action.
import type { ConfirmMode, Risk, RunbookCommand } from '../runbook/types.ts';
import { kubectlTarget } from './kubectl.ts';

export interface RunMode {
  dryRun: boolean;
  readonly: boolean;
}

export type ConfirmationKind = ConfirmMode | 'disabled';

export interface Confirmation {
  /** key: enter or y; yes: an explicit y (enter means No); typed: type `word`; disabled: cannot run. */
  kind: ConfirmationKind;
  /** For `typed`: exactly what the operator must type. */
  word?: string;
  /** For `disabled`: why, in one line. */
  reason?: string;
}

const STRENGTH: Record<ConfirmMode, number> = { key: 0, yes: 1, typed: 2 };
const FLOOR: Record<Risk, ConfirmMode> = { read: 'key', change: 'yes', destructive: 'typed' };

/** Used when a typed confirmation has neither an author's word nor a recognisable target. */
export const DEFAULT_CONFIRM_WORD = 'run';

function fillWord(word: string, command: RunbookCommand, values: Readonly<Record<string, string | undefined>>): string {
  // The author's word may itself be a placeholder (`<pod-name>`): ask for the filled value.
  let filled = word;
  for (const p of command.parameters) {
    const value = values[p.name];
    if (value) filled = filled.split(p.raw).join(value);
  }
  return filled;
}

/**
 * @param filledScript the script after parameter substitution, used to find the target name
 *   when the runbook names no confirmation word.
 */
export function confirmationFor(
  command: RunbookCommand,
  mode: RunMode,
  values: Readonly<Record<string, string | undefined>> = {},
  filledScript: string = command.script,
): Confirmation {
  if (mode.readonly && command.risk !== 'read') {
    return {
      kind: 'disabled',
      reason: `read-only mode: only read commands may run; this one is ${command.risk} (${command.riskReason})`,
    };
  }
  const floor = FLOOR[command.risk];
  const kind = STRENGTH[command.confirm] >= STRENGTH[floor] ? command.confirm : floor;
  if (kind !== 'typed') return { kind };
  const word = command.confirmWord
    ? fillWord(command.confirmWord, command, values)
    : (kubectlTarget(filledScript) ?? DEFAULT_CONFIRM_WORD);
  return { kind, word };
}

/** Does what the operator typed satisfy a typed confirmation? Exact, after trimming spaces. */
export function typedWordMatches(confirmation: Confirmation, typed: string | undefined): boolean {
  if (confirmation.kind !== 'typed') return true;
  return typed !== undefined && typed.trim() === confirmation.word;
}
