// Alerts grouped by alert name for `warroom alerts` and the picker: the worst severity first,
// then the longest firing. Each alert shows its main labels, the ones a responder types into
// commands (namespace, pod, node...), not the bookkeeping ones (prometheus, alertname).
import type { Alert } from './model.ts';

export interface AlertGroup {
  name: string;
  /** The group's worst `severity` label, or null when none has one. */
  severity: string | null;
  /** The earliest startsAt in the group. */
  since: string;
  /** Oldest first: the first to fire usually explains the rest. */
  alerts: Alert[];
}

const SEVERITY_RANK: Readonly<Record<string, number>> = { critical: 0, error: 1, high: 1, warning: 2, medium: 2, info: 3, low: 3, none: 4 };

/** Lower is worse; unknown severities rank after the known ones, missing ones last. */
export function severityRank(severity: string | null | undefined): number {
  if (!severity) return 99;
  return SEVERITY_RANK[severity.trim().toLowerCase()] ?? 50;
}

const byStart = (a: Alert, b: Alert) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.fingerprint.localeCompare(b.fingerprint);

export function groupAlerts(alerts: readonly Alert[]): AlertGroup[] {
  const groups = new Map<string, Alert[]>();
  for (const alert of alerts) {
    const list = groups.get(alert.name) ?? [];
    list.push(alert);
    groups.set(alert.name, list);
  }
  const out: AlertGroup[] = [];
  for (const [name, list] of groups) {
    list.sort(byStart);
    const worst = [...list].sort((a, b) => severityRank(a.labels.severity) - severityRank(b.labels.severity))[0];
    out.push({ name, severity: worst?.labels.severity ?? null, since: list[0]?.startsAt ?? '', alerts: list });
  }
  return out.sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || Date.parse(a.since) - Date.parse(b.since) || a.name.localeCompare(b.name),
  );
}

/** Labels in the order responders read them; others follow alphabetically. */
const MAIN_LABEL_ORDER = ['namespace', 'service', 'job', 'pod', 'container', 'node', 'instance', 'persistentvolumeclaim', 'deployment', 'statefulset', 'daemonset'];
/** Labels that say nothing a responder types (the alert's name and severity are shown already). */
const HIDDEN_LABELS = new Set(['alertname', 'severity', 'prometheus', 'endpoint', 'uid']);

export function mainLabels(alert: Alert): [string, string][] {
  const entries = Object.entries(alert.labels).filter(([name]) => !HIDDEN_LABELS.has(name));
  const rank = (name: string) => {
    const i = MAIN_LABEL_ORDER.indexOf(name);
    return i < 0 ? MAIN_LABEL_ORDER.length : i;
  };
  return entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Find alerts by fingerprint (exact) or by alert name (case-insensitive). */
export function findAlerts(alerts: readonly Alert[], ref: string): Alert[] {
  const wanted = ref.trim();
  const byFingerprint = alerts.filter((a) => a.fingerprint === wanted);
  if (byFingerprint.length > 0) return byFingerprint;
  return alerts.filter((a) => a.name.toLowerCase() === wanted.toLowerCase()).sort(byStart);
}
