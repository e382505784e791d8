// "From the alert" in the confirmation dialog: which of a command's values the alert's labels
// filled when the war room opened, while they still hold that value (a value the operator
// changed since is theirs, and says nothing about the alert).
import type { IncidentState } from '../incident/state.ts';

export interface DialogNotice {
  text: string;
  tone: 'info' | 'warn';
}

export function alertParameterNotices(state: IncidentState, parameters: readonly { name: string; raw: string; value: string }[]): DialogNotice[] {
  const filled = state.alert?.filled ?? [];
  const notices: DialogNotice[] = [];
  for (const p of parameters) {
    const from = filled.find((f) => f.name === p.name);
    if (from && from.value === p.value) notices.push({ text: `${p.raw} = ${p.value}: from the alert (label ${from.label})`, tone: 'info' });
  }
  return notices;
}
