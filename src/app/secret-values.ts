// The secret parameter values this war room holds, in memory only (src/core/command/secret-parameter.ts
// says which are secret). Nothing here is ever written: the journal records that a secret was
// set, never what it is.
import type { NewEvent } from '../core/incident/events.ts';
import { isSecretParameter, SECRET_VALUE } from '../core/command/secret-parameter.ts';

export class SecretValues {
  readonly #values = new Map<string, string>();

  has = (name: string): boolean => this.#values.has(name);

  /** The parameters with each held secret's real value in place of its mark. */
  fill(parameters: Readonly<Record<string, string>>): Record<string, string> {
    const filled = { ...parameters };
    for (const [name, value] of this.#values) if (filled[name] === SECRET_VALUE) filled[name] = value;
    return filled;
  }

  /**
   * The parameter.set to journal for `value`: the mark for a secret (its value kept here).
   * `knownSecret`: the value came from somewhere already known to be secret (a masked alert label).
   */
  parameterSet(actor: string, name: string, value: string, knownSecret = false): Extract<NewEvent, { type: 'parameter.set' }> {
    if (!knownSecret && !isSecretParameter(name, value)) {
      this.#values.delete(name);
      return { type: 'parameter.set', actor, name, value };
    }
    this.#values.set(name, value);
    return { type: 'parameter.set', actor, name, value: SECRET_VALUE, secret: true };
  }
}
