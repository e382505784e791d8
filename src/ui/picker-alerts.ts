// The picker's firing alerts (and PagerDuty incidents): listed first, one row each, with the
// severity opening would give, how long it has fired, its main labels and the runbook it opens.
import type { Choice } from './select-dialog.tsx';

export interface PickerAlert {
  /** The index the command gave it (its plan). */
  index: number;
  source: 'alertmanager' | 'pagerduty';
  /** Alert name, or the PagerDuty incident's title. */
  name: string;
  /** `namespace=db persistentvolumeclaim=data-postgres-0`. */
  labels: string;
  /** Through alerts.severityMap; null: the runbook's. */
  severity: string | null;
  /** e.g. `14m`. */
  age: string;
  /** The runbook it opens (display path), or null when the operator must pick one. */
  runbook: string | null;
  /** When several files match: the ones to pick from (display paths). */
  runbookChoices: string[];
}

export interface AlertChoice {
  kind: 'alert';
  index: number;
  /** null: the alert's (or the runbook's) severity. */
  severity: string | null;
  /** The runbook the operator picked when the alert maps to none (or several). */
  runbookPath: string | null;
}

export type AlertItem = { kind: 'alert'; alert: PickerAlert };

export function alertItems(alerts: readonly PickerAlert[]): Choice<AlertItem>[] {
  return alerts.map((a) => {
    const word = a.source === 'pagerduty' ? 'PD     ' : 'Alert  ';
    const runbook = a.runbook ?? (a.runbookChoices.length > 0 ? `one of ${a.runbookChoices.length} runbooks` : 'pick a runbook');
    const labels = a.labels ? ` ${a.labels} ·` : '';
    return {
      key: `a-${a.index}`,
      label: `${word} ${a.severity ?? 'SEV-?'}  ${a.name} · ${a.age} ·${labels} ${runbook}`,
      value: { kind: 'alert' as const, alert: a },
    };
  });
}
