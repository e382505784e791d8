// `NS=$(oc get ns -o name)` in a runbook: the value is the output of a read command. The flow
// runs that command (never in a drill, never when it is not read), keeps its output in a log
// like any other run, and journals the value as a parameter before the command that uses it
// opens its dialog, so the dialog shows the value and the journal says where it came from.
import path from 'node:path';
import { runbookScript } from '../core/command/runbook-script.ts';
import type { CommandRunner } from '../core/command/runner-port.ts';
import type { EventStore } from '../core/incident/event-store.ts';
import type { RunbookCommand, RunbookVariable } from '../core/runbook/types.ts';
import { CommandRefusedError } from '../errors.ts';
import { SECRET_VALUE } from '../core/command/secret-parameter.ts';
import type { SecretValues } from './secret-values.ts';

export interface ComputeSetting {
  store: EventStore;
  runner: CommandRunner;
  incidentDir: string;
  cwd: string;
  env?: Record<string, string>;
  actor: string;
  /** A computed value that is a secret (a token read from a cluster) is held here, journaled masked. */
  secrets?: SecretValues;
}

const COMPUTE_TIMEOUT_MS = 60 * 1000;
const MAX_VALUE = 4096;

/** Computes each variable (and the read variables its command uses first), journaling each value. */
export async function computeVariables(setting: ComputeSetting, command: RunbookCommand, defs: readonly RunbookVariable[], depth = 0): Promise<void> {
  for (const def of defs) {
    const have = setting.store.state.parameters[def.name];
    // A secret computed by an earlier warroom is not held here: computed again, not asked for.
    const known = have !== undefined && (have !== SECRET_VALUE || setting.secrets?.has(def.name) === true);
    if (known || def.fromCommand === null) continue;
    const values = () => setting.secrets?.fill(setting.store.state.parameters) ?? setting.store.state.parameters;
    // The value's command is a command too: its own variables are supplied the same way.
    const asCommand: RunbookCommand = { ...command, id: `${command.id}/$${def.name}`, script: def.fromCommand, parameters: def.parameters, variables: def.variables, context: def.context, risk: 'read' };
    let prepared = runbookScript(setting.store.state.runbook, asCommand, values(), { computeReads: true });
    if (prepared.compute.length > 0 && depth < 5) {
      await computeVariables(setting, command, prepared.compute, depth + 1);
      prepared = runbookScript(setting.store.state.runbook, asCommand, values(), { computeReads: true });
    }
    if (prepared.missing.length > 0 || prepared.manual) continue; // asked for in the dialog, as written
    const logName = `commands/var-${def.name}-${setting.store.events.length}.log`;
    let output = '';
    const outcome = await setting.runner.run({
      script: prepared.script,
      cwd: setting.cwd,
      logFile: path.join(setting.incidentDir, logName),
      timeoutMs: COMPUTE_TIMEOUT_MS,
      onOutput: (chunk) => {
        if (output.length < MAX_VALUE) output += chunk;
      },
      ...(setting.env ? { env: setting.env } : {}),
    });
    const ok = outcome.exitCode === 0 && !outcome.error;
    await setting.store.append({
      type: 'note.added',
      actor: setting.actor,
      text: `computed $${def.name} with \`${def.fromCommand}\`: ${ok ? 'exit 0' : outcome.error ?? `exit ${outcome.exitCode ?? outcome.signal}`} (${logName})`,
    });
    if (!ok) throw new CommandRefusedError(`$${def.name} could not be computed (\`${def.fromCommand}\` failed, see ${logName}); the command that uses it was not opened`);
    const value = output.replace(/\n+$/, '');
    await setting.store.append(setting.secrets ? setting.secrets.parameterSet(setting.actor, def.name, value) : { type: 'parameter.set', actor: setting.actor, name: def.name, value });
  }
}
