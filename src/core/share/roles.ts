// Each role's short instructions, shown to whoever takes it: the runbook's front matter
// (`roles: { operations: "..." }`) wins, else these.
import type { IncidentState } from '../incident/state.ts';
import type { ResponderRole } from '../incident/room-events.ts';

export const DEFAULT_ROLE_INSTRUCTIONS: Record<'commander' | ResponderRole, string> = {
  commander: 'decide and delegate; keep everyone on one plan; do not run commands yourself',
  operations: 'hands on the keyboard: run the mitigations the commander agrees to and say what you see',
  communications: 'keep stakeholders informed on cadence (s internal, p public); field their questions',
  scribe: 'write down what is seen, decided and tried (n), as it happens',
};

export function roleInstructions(state: IncidentState, role: 'commander' | ResponderRole): string {
  const roles = state.runbook.frontMatter.roles;
  const custom = typeof roles === 'object' && roles !== null ? (roles as Record<string, unknown>)[role] : undefined;
  return typeof custom === 'string' && custom.trim() !== '' ? custom.trim() : DEFAULT_ROLE_INSTRUCTIONS[role];
}
