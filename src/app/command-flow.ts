// Running a runbook command, from the dialog opening to the record of how it ended. Every step is
// appended to the journal before anything reacts: requested → (parameter.set) → confirmed →
// started → finished, or requested → cancelled. What runs is exactly the script the dialog showed,
// rebuilt from the same journal parameters at confirm time, against a kube context checked again.
import path from 'node:path';
import { confirmationFor, typedWordMatches, type Confirmation, type RunMode } from '../core/command/confirm-policy.ts';
import { dryRunPreview, usesKubectl } from '../core/command/kubectl.ts';
import { OutputTail } from '../core/command/output-tail.ts';
import { redactSecrets } from '../core/redact.ts';
import type { CommandRunner, RunOutcome } from '../core/command/runner-port.ts';
import { fillParameters } from '../core/command/substitute.ts';
import type { CommandFinishedEvent, IncidentEvent, NewEvent } from '../core/incident/events.ts';
import { findStep } from '../core/incident/selectors.ts';
import type { IncidentState } from '../core/incident/state.ts';
import type { Placeholder, Risk, RunbookCommand } from '../core/runbook/types.ts';
import { WarroomError } from '../errors.ts';
import type { KubeContext } from '../adapters/kube-context.ts';
import { OutputFeed } from './output-feed.ts';

export const DEFAULT_COMMAND_TIMEOUT_MS = 10 * 60 * 1000;
export const PREVIEW_TIMEOUT_MS = 60 * 1000;
/** Lines of output kept in command.finished for the timeline and post-mortem. */
export const FINISHED_TAIL_LINES = 20;

/** A request the flow will not carry out; the message is one line for the status bar. */
export class CommandRefusedError extends WarroomError {
  override name = 'CommandRefusedError';
}

export interface CommandFlowOptions {
  append(event: NewEvent): Promise<IncidentEvent>;
  getState(): IncidentState;
  runner: CommandRunner;
  /** Current kube context (kubeContext from src/adapters/kube-context.ts, or a stand-in). */
  kube(): Promise<KubeContext>;
  incidentDir: string;
  /** Working directory of every command. */
  cwd: string;
  /** Extra environment for commands (the runner adds it to the inherited one). */
  env?: Record<string, string>;
  /** The environment commands inherit; decides which `$VAR`s the shell fills itself. Default process.env. */
  inheritedEnv?: NodeJS.ProcessEnv;
  mode: RunMode;
  actor: string;
  /** Used when the runbook gives no `timeout=` annotation. Default 10 minutes. */
  defaultTimeoutMs?: number;
  /** SIGTERM → SIGKILL grace. Default: the runner's (5 s). */
  graceMs?: number;
}

export interface CommandDialog {
  requestSeq: number;
  stepId: string;
  commandId: string;
  template: string;
  /** The script as it will run with the values so far (unfilled placeholders as written). */
  script: string;
  risk: Risk;
  riskReason: string;
  /** Every placeholder to ask for once, in order, with its current value ('' when unset). */
  parameters: { name: string; raw: string; value: string }[];
  missing: string[];
  /** `$VAR`s set in the environment: left for the shell to expand, never written in the journal. */
  fromEnvironment: string[];
  confirmation: Confirmation;
  cwd: string;
  /** null when the command does not use kubectl. */
  kube: KubeContext | null;
  /** A `--dry-run=server` preview can be run (kubectl, a supported verb, not in dry-run mode). */
  previewAvailable: boolean;
  dryRun: boolean;
  timeoutMs: number;
}

export interface PreviewResult {
  script: string;
  exitCode: number | null;
  lines: string[];
  logFile: string;
  error: string | null;
}

interface OpenRequest {
  requestSeq: number;
  stepId: string;
  command: RunbookCommand;
  kube: KubeContext | null;
}

export class CommandFlow {
  readonly output = new OutputFeed();
  readonly #o: CommandFlowOptions;
  readonly #open = new Map<number, OpenRequest>();
  #running: { requestSeq: number; abort: AbortController; done: Promise<CommandFinishedEvent> } | null = null;

  constructor(options: CommandFlowOptions) {
    this.#o = options;
  }

  get mode(): RunMode {
    return this.#o.mode;
  }

  /** The request whose command runs in this process right now, or null. */
  get runningRequest(): number | null {
    return this.#running?.requestSeq ?? null;
  }

  /** Opens the dialog: records command.requested and returns what the dialog shows. */
  async request(stepId: string, commandId?: string): Promise<CommandDialog> {
    const found = findStep(this.#o.getState(), stepId);
    if (!found) throw new CommandRefusedError(`no step ${stepId} in this runbook`);
    const command = commandId ? found.step.commands.find((c) => c.id === commandId) : found.step.commands[0];
    if (!command) throw new CommandRefusedError(`step "${found.step.text}" has no command${commandId ? ` ${commandId}` : ''}`);
    // One at a time: two mitigations racing each other make both results unreadable.
    if (this.#running) {
      throw new CommandRefusedError(`a command is still running (request #${this.#running.requestSeq}); wait for it or cancel it with c`);
    }
    const kube = usesKubectl(command.script) ? await this.#o.kube() : null;
    const event = await this.#o.append({
      type: 'command.requested',
      actor: this.#o.actor,
      stepId,
      commandId: command.id,
      template: command.script,
      risk: command.risk,
    });
    this.#open.set(event.seq, { requestSeq: event.seq, stepId, command, kube });
    return this.dialog(event.seq)!;
  }

  /** The dialog for an open request, with the current parameter values; null when closed. */
  dialog(requestSeq: number): CommandDialog | null {
    const open = this.#open.get(requestSeq);
    if (!open) return null;
    const { command } = open;
    const values = this.#o.getState().parameters;
    // A shell variable the operator's environment already sets (a database URL, a token) is
    // the shell's to expand when the command runs: asking for it would copy its value into the
    // journal as part of the command.
    const inherited = { ...(this.#o.inheritedEnv ?? process.env), ...this.#o.env };
    const isShellVar = (p: Placeholder) => (p.syntax === 'dollar' || p.syntax === 'dollar-brace') && inherited[p.name] !== undefined;
    const asked = command.parameters.filter((p) => !isShellVar(p));
    const fromEnvironment = [...new Set(command.parameters.filter(isShellVar).map((p) => p.name))];
    const filled = fillParameters(command.script, asked, values);
    const seen = new Set<string>();
    const parameters = asked
      .filter((p) => !seen.has(p.name) && seen.add(p.name))
      .map((p) => ({ name: p.name, raw: p.raw, value: values[p.name] ?? '' }));
    return {
      requestSeq,
      stepId: open.stepId,
      commandId: command.id,
      template: command.script,
      script: filled.script,
      risk: command.risk,
      riskReason: command.riskReason,
      parameters,
      missing: filled.missing,
      fromEnvironment,
      confirmation: confirmationFor(command, this.#o.mode, values, filled.script),
      cwd: this.#o.cwd,
      kube: open.kube,
      previewAvailable: !this.#o.mode.dryRun && filled.missing.length === 0 && dryRunPreview(filled.script) !== null,
      dryRun: this.#o.mode.dryRun,
      timeoutMs: this.#timeoutFor(command),
    };
  }

  /** Records a parameter value (incident-wide: every command using the name gets it). */
  async setParameter(name: string, value: string): Promise<void> {
    await this.#o.append({ type: 'parameter.set', actor: this.#o.actor, name, value });
  }

  /** Esc in the dialog: the request ends without running anything. */
  async cancelBeforeRun(requestSeq: number, reason = 'declined in the confirmation dialog'): Promise<void> {
    if (!this.#open.delete(requestSeq)) return;
    await this.#o.append({ type: 'command.cancelled', actor: this.#o.actor, requestSeq, reason });
  }

  /**
   * The operator confirmed. Refuses (throws, nothing recorded) unless the dialog's demands are
   * met; otherwise records command.confirmed and starts the run. `finished` resolves with the
   * command.finished event once the command has ended (at once in dry-run mode).
   */
  async confirm(requestSeq: number, typed?: string): Promise<{ finished: Promise<CommandFinishedEvent> }> {
    const dialog = this.dialog(requestSeq);
    const open = this.#open.get(requestSeq);
    if (!dialog || !open) throw new CommandRefusedError(`request #${requestSeq} is not waiting for confirmation`);
    if (dialog.confirmation.kind === 'disabled') throw new CommandRefusedError(dialog.confirmation.reason ?? 'disabled');
    if (dialog.missing.length > 0) throw new CommandRefusedError(`fill in ${dialog.missing.join(', ')} first`);
    if (!typedWordMatches(dialog.confirmation, typed)) {
      throw new CommandRefusedError(`type "${dialog.confirmation.word}" exactly to run this command`);
    }
    if (this.#running) throw new CommandRefusedError(`a command is still running (request #${this.#running.requestSeq})`);
    if (open.kube && !this.#o.mode.dryRun) {
      // The operator confirmed a cluster; never run against another one.
      const now = await this.#o.kube();
      if (now.context !== open.kube.context || now.namespace !== open.kube.namespace) {
        open.kube = now;
        throw new CommandRefusedError(
          `kube context changed to ${now.context ?? 'none'}/${now.namespace ?? '-'} since the dialog opened; check it and confirm again`,
        );
      }
    }
    this.#open.delete(requestSeq);
    const base = { actor: this.#o.actor, requestSeq };
    await this.#o.append({
      type: 'command.confirmed',
      ...base,
      script: dialog.script,
      confirmation: dialog.confirmation.kind === 'typed' ? 'typed' : dialog.confirmation.kind === 'yes' ? 'yes' : 'key',
      kubeContext: open.kube?.context ?? null,
      kubeNamespace: open.kube?.namespace ?? null,
      dryRun: this.#o.mode.dryRun,
    });
    if (this.#o.mode.dryRun) {
      const finished = (await this.#o.append({
        type: 'command.finished',
        ...base,
        exitCode: null,
        signal: null,
        durationMs: 0,
        outputFile: null,
        outputBytes: 0,
        outputSha256: null,
        timedOut: false,
        cancelled: false,
        dryRun: true,
        error: null,
        tail: [`dry run: would run ${dialog.script}`],
      })) as CommandFinishedEvent;
      return { finished: Promise.resolve(finished) };
    }
    const abort = new AbortController();
    const done = this.#execute(dialog, open.kube, abort.signal);
    this.#running = { requestSeq, abort, done };
    const finished = done.finally(() => {
      if (this.#running?.requestSeq === requestSeq) this.#running = null;
    });
    return { finished };
  }

  /** `c` in the dashboard: stop the running command (the group gets SIGTERM, then SIGKILL). */
  async cancelRunning(): Promise<CommandFinishedEvent | null> {
    const running = this.#running;
    if (!running) return null;
    running.abort.abort();
    return running.done;
  }

  /** Runs the `--dry-run=server` variant to `commands/<seq>-preview.log` and returns its output. */
  async preview(requestSeq: number): Promise<PreviewResult> {
    const dialog = this.dialog(requestSeq);
    if (!dialog) throw new CommandRefusedError(`request #${requestSeq} is not waiting for confirmation`);
    const script = dialog.previewAvailable ? dryRunPreview(dialog.script) : null;
    if (!script) throw new CommandRefusedError('no server-side preview for this command');
    const logFile = path.join(this.#o.incidentDir, 'commands', `${requestSeq}-preview.log`);
    const tail = new OutputTail({ maxLines: 200 });
    const outcome = await this.#o.runner.run({
      script,
      cwd: this.#o.cwd,
      logFile,
      timeoutMs: PREVIEW_TIMEOUT_MS,
      tail,
      ...(this.#o.env ? { env: this.#o.env } : {}),
      ...(this.#o.graceMs !== undefined ? { graceMs: this.#o.graceMs } : {}),
    });
    // A preview changes nothing, but it did talk to a cluster: leave a line in the record.
    await this.#o.append({
      type: 'note.added',
      actor: this.#o.actor,
      text: `previewed request #${requestSeq} with --dry-run=server: ${describe(outcome)} (commands/${requestSeq}-preview.log)`,
    });
    return { script, exitCode: outcome.exitCode, lines: tail.lines(), logFile, error: outcome.error };
  }

  #timeoutFor(command: RunbookCommand): number {
    const seconds = command.annotations.timeout;
    return seconds !== undefined && seconds > 0 ? seconds * 1000 : (this.#o.defaultTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
  }

  async #execute(dialog: CommandDialog, kube: KubeContext | null, signal: AbortSignal): Promise<CommandFinishedEvent> {
    const { requestSeq } = dialog;
    const outputFile = `commands/${requestSeq}.log`;
    const base = { actor: this.#o.actor, requestSeq };
    const startedEvent = (pid: number | null): NewEvent => ({
      type: 'command.started',
      ...base,
      pid,
      cwd: this.#o.cwd,
      script: dialog.script,
      kubeContext: kube?.context ?? null,
      outputFile,
    });
    const tail = this.output.begin();
    let started: Promise<IncidentEvent> | null = null;
    let outcome: RunOutcome;
    try {
      outcome = await this.#o.runner.run({
        script: dialog.script,
        cwd: this.#o.cwd,
        logFile: path.join(this.#o.incidentDir, outputFile),
        timeoutMs: dialog.timeoutMs,
        signal,
        tail,
        onStart: (pid) => {
          started = this.#o.append(startedEvent(pid));
        },
        ...(this.#o.env ? { env: this.#o.env } : {}),
        ...(this.#o.graceMs !== undefined ? { graceMs: this.#o.graceMs } : {}),
      });
    } catch (error) {
      outcome = notRun(error instanceof Error ? error.message : String(error));
    } finally {
      this.output.end();
    }
    // Never a finished without a started: the reducer's phases and the timeline read in order.
    await (started ?? this.#o.append(startedEvent(null)));
    return (await this.#o.append({
      type: 'command.finished',
      ...base,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      durationMs: Math.round(outcome.durationMs),
      outputFile: outcome.pid === null ? null : outputFile,
      outputBytes: outcome.outputBytes,
      outputSha256: outcome.outputSha256,
      timedOut: outcome.timedOut,
      cancelled: outcome.cancelled,
      dryRun: false,
      error: outcome.error,
      // The journal outlives the screen and is shared: secret-shaped output is masked there.
      tail: tail.lines(FINISHED_TAIL_LINES).map(redactSecrets),
    })) as CommandFinishedEvent;
  }
}

function notRun(error: string): RunOutcome {
  return {
    pid: null,
    exitCode: null,
    signal: null,
    durationMs: 0,
    timedOut: false,
    cancelled: false,
    outputBytes: 0,
    outputSha256: null,
    error: error.split('\n')[0] ?? error,
  };
}

function describe(outcome: RunOutcome): string {
  if (outcome.error) return `failed to start: ${outcome.error}`;
  if (outcome.timedOut) return 'timed out';
  if (outcome.signal) return `killed by ${outcome.signal}`;
  return `exit ${outcome.exitCode}`;
}
