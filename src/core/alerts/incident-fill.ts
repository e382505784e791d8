// The alert fills the incident: title, severity, service, detection time and the runbook's
// placeholders. Every value says where it came from (`label namespace`), so the parameter form
// and the confirmation dialog can show "from the alert" and the operator can still change it.
import type { Runbook, RunbookStep } from '../runbook/types.ts';
import { labelForSlot, type NamedSlot } from './label-match.ts';
import type { Alert } from './model.ts';

/**
 * Alert `severity` label → incident severity. The defaults (critical, warning) plus
 * error and info, mirroring how warroom maps severities to PagerDuty's (SEV-2 error, SEV-4 info).
 */
export const DEFAULT_SEVERITY_MAP: Readonly<Record<string, string>> = Object.freeze({
  critical: 'SEV-1',
  error: 'SEV-2',
  warning: 'SEV-3',
  info: 'SEV-4',
});

/** A value taken from the alert, with the label it came from. */
export interface FromAlert {
  value: string;
  /** The label name, e.g. `namespace`. */
  label: string;
}

export interface AlertParameter extends FromAlert {
  /** `Placeholder.name`: the key fillParameters and parameter.set use. */
  name: string;
  /** As written in the runbook, e.g. `<value of namespace label from alert>`. */
  raw: string;
}

export interface AlertIncidentFields {
  /** `KubePodCrashLooping: Pod shop/api-1 is crash looping.` */
  title: string;
  /** Through the severity map; null when the alert has no severity label or the map lacks it. */
  severity: FromAlert | null;
  /** `service`, else `job`, else `namespace`. */
  service: FromAlert | null;
  /** The alert's startsAt: TTD and the escalation clock count from it. */
  detectedAt: string;
  /** One per placeholder name the alert can fill, in the order the slots were given. */
  parameters: AlertParameter[];
}

const SERVICE_LABELS = ['service', 'job', 'namespace'] as const;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

export function alertTitle(alert: Alert): string {
  const summary = oneLine(alert.annotations.summary ?? '');
  return summary === '' ? alert.name : `${alert.name}: ${summary}`;
}

export function alertSeverity(alert: Alert, severityMap: Readonly<Record<string, string>>): FromAlert | null {
  const raw = alert.labels.severity?.trim().toLowerCase();
  if (!raw) return null;
  const mapped = Object.entries(severityMap).find(([key]) => key.trim().toLowerCase() === raw)?.[1];
  return mapped ? { value: mapped, label: 'severity' } : null;
}

export function alertService(alert: Alert): FromAlert | null {
  for (const label of SERVICE_LABELS) {
    const value = alert.labels[label]?.trim();
    if (value) return { value, label };
  }
  return null;
}

/** Values for the slots the alert's labels can fill; each placeholder name once. */
export function alertParameters(slots: readonly NamedSlot[], alert: Alert): AlertParameter[] {
  const out: AlertParameter[] = [];
  const seen = new Set<string>();
  for (const slot of slots) {
    if (seen.has(slot.name)) continue;
    const label = labelForSlot(slot, alert.labels);
    const value = label === null ? undefined : alert.labels[label];
    if (label === null || value === undefined || value === '') continue;
    seen.add(slot.name);
    out.push({ name: slot.name, raw: slot.raw, value, label });
  }
  return out;
}

function stepSlots(step: RunbookStep, into: NamedSlot[]): void {
  for (const command of step.commands) into.push(...command.parameters);
  for (const child of step.children) stepSlots(child, into);
}

/**
 * Every slot an alert label can fill, in reading order: the runbook's variables
 * (`export NAMESPACE=...` is filled as `$NAMESPACE`) with the placeholders of their values, and
 * the placeholders of its commands.
 */
export function runbookSlots(runbook: Runbook): NamedSlot[] {
  const slots: NamedSlot[] = [];
  for (const variable of runbook.variables) slots.push({ name: variable.name, raw: `$${variable.name}` }, ...variable.parameters);
  for (const section of runbook.sections) for (const step of section.steps) stepSlots(step, slots);
  return slots;
}

export function incidentFromAlert(
  alert: Alert,
  options: { severityMap: Readonly<Record<string, string>>; slots: readonly NamedSlot[] },
): AlertIncidentFields {
  return {
    title: alertTitle(alert),
    severity: alertSeverity(alert, options.severityMap),
    service: alertService(alert),
    detectedAt: alert.startsAt,
    parameters: alertParameters(options.slots, alert),
  };
}

/** `from the alert (label namespace)`: the words the prompt and dialog show beside the value. */
export function fromAlertText(value: FromAlert): string {
  return `from the alert (label ${value.label})`;
}
