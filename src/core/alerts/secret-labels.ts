// An alert's labels are the monitoring system's text, and its rules can put anything in them: a
// label that is a secret by its name or its shape (`db_url=postgres://app:pw@db/orders`) is kept
// out of the journal like a secret the operator types (the mark in its place, the value held in
// the memory of the war room that read it). Everything else stays verbatim: a silence must match
// the labels exactly, and Alertmanager is asked for the real ones when one is masked.
import { isSecretParameter, SECRET_VALUE } from '../command/secret-parameter.ts';

/** The labels with each secret value replaced by the mark. */
export function maskSecretLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) masked[name] = isSecretParameter(name, value) ? SECRET_VALUE : value;
  return masked;
}

/** Does a journaled label set hold a masked value (the real one is only in Alertmanager)? */
export function hasMaskedLabel(labels: Readonly<Record<string, string>>): boolean {
  return Object.values(labels).includes(SECRET_VALUE);
}
