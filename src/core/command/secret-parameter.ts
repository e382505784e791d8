// Which parameter values are secrets, and how a secret stands in the journal. A value typed for a
// placeholder like `$ORDERS_DB_URL` (postgres://app:s3cret@db/orders), or computed by a read
// command like `TOKEN=$(kubectl get secret ...)`, is kept in the war room's memory only: the
// journal, the screen and every message hold SECRET_VALUE in its place, and the process that runs
// gets the real value. A restart (or another terminal of a shared room) does not have it and asks.
import { isSecretName as isSecretAssignment, redactSecrets } from '../redact.ts';
import { isSecretName as isSecretVariable } from '../runbook/variables.ts';

/** What the journal and the screen hold instead of a secret value. */
export const SECRET_VALUE = '‹secret›';

/** Its name says so (`DB_PASSWORD`, `API_TOKEN`), or its value has a secret's shape (URL credentials, a key). */
export function isSecretParameter(name: string, value: string): boolean {
  if (isSecretVariable(name) || isSecretAssignment(name)) return true;
  return value !== '' && value !== SECRET_VALUE && redactSecrets(value) !== value;
}

/**
 * The values a dialog may show and fill in: a secret this process holds stays SECRET_VALUE (the
 * script shows the mark), one it does not hold (journaled by an earlier warroom or another
 * terminal) is missing, so it is asked for again.
 */
export function shownValues(parameters: Readonly<Record<string, string>>, held: (name: string) => boolean): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== SECRET_VALUE || held(name)) shown[name] = value;
  }
  return shown;
}

/** The names whose journaled value is a secret this process does not hold. */
export function forgottenSecrets(parameters: Readonly<Record<string, string>>, held: (name: string) => boolean): string[] {
  return Object.entries(parameters)
    .filter(([name, value]) => value === SECRET_VALUE && !held(name))
    .map(([name]) => name);
}
