// Running a runbook command, from the dialog opening to the record of how it ended. Every step is
// appended to the journal before anything reacts: requested → (parameter.set) → confirmed →
// started → finished, or requested → cancelled. What runs is exactly the script the dialog showed,
// rebuilt from the same journal parameters at confirm time, against a kube context checked again.
// Whether something runs is the journal's answer (activeRun); this flow only holds the handle
// that can stop a run it started.
import path from 'node:path';
import { typedWordMatches, type RunMode } from '../core/command/confirm-policy.ts';
import { usesKubectl } from '../core/command/kubectl.ts';
import { runbookScript } from '../core/command/runbook-script.ts';
import type { CommandRunner, RunOutcome, RunStartInfo } from '../core/command/runner-port.ts';
import type { EventStore, Stored } from '../core/incident/event-store.ts';
import type { IncidentEvent } from '../core/incident/events.ts';
import { activeRun, requestOf } from '../core/incident/run-selectors.ts';
import { findStep, runningCommand } from '../core/incident/selectors.ts';
import { CommandRefusedError, errorMessage } from '../errors.ts';
import type { KubeContext } from '../adapters/kube-context.ts';
import { commandDialog, DEFAULT_COMMAND_TIMEOUT_MS, type CommandDialog, type DialogSetting } from './command-dialog.ts';
import { heldSeq, refuseWhileBusy } from './one-run-at-a-time.ts';
import { OutputFeed } from './output-feed.ts';
import { computeVariables } from './variable-compute.ts';
import { runInteractive, viewLog, type HandOver } from './interactive-run.ts';
import { runPreview, type PreviewResult } from './command-preview.ts';
import { SecretValues } from './secret-values.ts';
import { dryRunFinished, finishedFromOutcome, notRun, type NewFinished } from './run-outcome.ts';
import { isDetached, startedEvent } from './run-identity.ts';

export { CommandRefusedError } from '../errors.ts';
export { refuseWhileBusy } from './one-run-at-a-time.ts';
export { DEFAULT_COMMAND_TIMEOUT_MS, type CommandDialog } from './command-dialog.ts';

export { PREVIEW_TIMEOUT_MS, type PreviewResult } from './command-preview.ts';

export type CommandFinishedEvent = Stored<NewFinished>;

export interface CommandFlowOptions {
  store: EventStore;
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
  /**
   * A shared war room: claims the run across terminals before it is confirmed, and throws
   * CommandRefusedError (nothing recorded) when another terminal holds it. Resolves with the
   * release, called once the run has ended.
   */
  claimRun?: (dialog: CommandDialog) => Promise<() => Promise<void>>;
  /** A shared room: adds what others did with the command, and the confirmation that demands. */
  adjustDialog?: (dialog: CommandDialog) => CommandDialog;
  /** Secret parameter values, held in memory only (default: this flow's own). */
  secrets?: SecretValues;
}

/** The dialog of a request just recorded; a flow that cannot show it refuses rather than guess. */
export function openedDialog<D>(requestSeq: number, dialog: (seq: number) => D | null): D {
  const shown = dialog(requestSeq);
  if (!shown) throw new CommandRefusedError(`request #${requestSeq} was not recorded as open`);
  return shown;
}

export class CommandFlow {
  readonly output = new OutputFeed();
  readonly #o: CommandFlowOptions;
  /** The kube context each open dialog shows: what the operator is asked to confirm against. */
  readonly #kube = new Map<number, KubeContext | null>();
  /** Runs of this process marked detach=true: hang-up and leaving do not stop them. */
  readonly #detached = new Set<number>();
  /** Runs started by this process: the journal says what runs, this holds what can stop it. */
  readonly #handles = new Map<number, { abort: AbortController; done: Promise<CommandFinishedEvent>; reason: string | null }>();

  readonly #secrets: SecretValues;

  constructor(options: CommandFlowOptions) {
    this.#o = options;
    this.#secrets = options.secrets ?? new SecretValues();
  }

  #setting(): DialogSetting {
    return {
      mode: this.#o.mode,
      cwd: this.#o.cwd,
      environment: { ...(this.#o.inheritedEnv ?? process.env), ...this.#o.env },
      defaultTimeoutMs: this.#o.defaultTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      secrets: this.#secrets,
    };
  }

  /** Opens the dialog: records command.requested and returns what the dialog shows. */
  async request(stepId: string, commandId?: string): Promise<CommandDialog> {
    const found = findStep(this.#o.store.state, stepId);
    if (!found) throw new CommandRefusedError(`no step ${stepId} in this runbook`);
    const command = commandId ? found.step.commands.find((c) => c.id === commandId) : found.step.commands[0];
    if (!command) throw new CommandRefusedError(`step "${found.step.text}" has no command${commandId ? ` ${commandId}` : ''}`);
    refuseWhileBusy(this.#o.store.state);
    const prepared = runbookScript(this.#o.store.state.runbook, command, this.#o.store.state.parameters, { computeReads: !this.#o.mode.dryRun });
    // Typed somewhere else (a console with no one-shot form): never run on this machine.
    if (prepared.manual) throw new CommandRefusedError(`not run from here: type it ${prepared.manual.where}: ${prepared.manual.script}`);
    if (prepared.compute.length > 0) await computeVariables(this.#computeSetting(), command, prepared.compute);
    const kube = usesKubectl(prepared.script) ? await this.#o.kube() : null;
    const event = await this.#o.store.append({
      type: 'command.requested',
      actor: this.#o.actor,
      stepId,
      commandId: command.id,
      template: command.script,
      risk: command.risk,
    });
    this.#kube.set(event.seq, kube);
    return openedDialog(event.seq, (seq) => this.dialog(seq));
  }

  #computeSetting() {
    const { store, runner, incidentDir, cwd, env, actor } = this.#o;
    return { store, runner, incidentDir, cwd, actor, secrets: this.#secrets, ...(env ? { env } : {}) };
  }

  /** The dialog for a request the journal shows open, with the current parameter values; else null. */
  dialog(requestSeq: number): CommandDialog | null {
    requestSeq = heldSeq(this.#o.store, requestSeq);
    const state = this.#o.store.state;
    const found = requestOf(state, requestSeq);
    if (found?.kind !== 'command' || found.run.phase !== 'requested') return null;
    const { stepId, commandId } = found.run;
    const command = findStep(state, stepId)?.step.commands.find((c) => c.id === commandId);
    if (!command) return null;
    const dialog = commandDialog(state, { requestSeq, stepId, command, kube: this.#kube.get(requestSeq) ?? null }, this.#setting());
    return this.#o.adjustDialog ? this.#o.adjustDialog(dialog) : dialog;
  }

  /** Records a parameter value (incident-wide: every command using the name gets it). */
  async setParameter(name: string, value: string): Promise<void> {
    await this.#o.store.append(this.#secrets.parameterSet(this.#o.actor, name, value));
  }

  /** Esc in the dialog: the request ends without running anything. */
  async cancelBeforeRun(requestSeq: number, reason = 'declined in the confirmation dialog'): Promise<void> {
    requestSeq = heldSeq(this.#o.store, requestSeq);
    if (!this.dialog(requestSeq)) return;
    this.#kube.delete(requestSeq);
    await this.#o.store.append({ type: 'command.cancelled', actor: this.#o.actor, requestSeq, reason });
  }

  /**
   * The operator confirmed. Refuses (throws, nothing recorded) unless the dialog's demands are
   * met; otherwise records command.confirmed and starts the run. `finished` resolves with the
   * command.finished event once the command has ended (at once in dry-run mode).
   */
  async confirm(requestSeq: number, typed?: string, handOver?: HandOver): Promise<{ finished: Promise<CommandFinishedEvent> }> {
    requestSeq = heldSeq(this.#o.store, requestSeq);
    const dialog = this.dialog(requestSeq);
    if (!dialog) throw new CommandRefusedError(`request #${requestSeq} is not waiting for confirmation`);
    if (dialog.confirmation.kind === 'disabled') throw new CommandRefusedError(dialog.confirmation.reason ?? 'disabled');
    if (dialog.missing.length > 0) throw new CommandRefusedError(`fill in ${dialog.missing.join(', ')} first`);
    if (!typedWordMatches(dialog.confirmation, typed)) {
      throw new CommandRefusedError(`type "${dialog.confirmation.word}" exactly to run this command`);
    }
    refuseWhileBusy(this.#o.store.state);
    const interactive = findStep(this.#o.store.state, dialog.stepId)?.step.commands.find((c) => c.id === dialog.commandId)?.interactive === true;
    if (interactive && !handOver && !this.#o.mode.dryRun) throw new CommandRefusedError('this command needs the terminal, and none can be handed over here');
    if (dialog.kube && !this.#o.mode.dryRun) {
      // The operator confirmed a cluster; never run against another one.
      const now = await this.#o.kube();
      if (now.context !== dialog.kube.context || now.namespace !== dialog.kube.namespace) {
        this.#kube.set(requestSeq, now);
        throw new CommandRefusedError(
          `kube context changed to ${now.context ?? 'none'}/${now.namespace ?? '-'} since the dialog opened; check it and confirm again`,
        );
      }
    }
    const release = this.#o.claimRun ? await this.#o.claimRun(dialog) : async () => undefined;
    this.#kube.delete(requestSeq);
    const who = { actor: this.#o.actor, requestSeq };
    await this.#o.store.append({
      type: 'command.confirmed',
      ...who,
      script: dialog.script,
      confirmation: dialog.confirmation.kind === 'typed' ? 'typed' : dialog.confirmation.kind === 'yes' ? 'yes' : 'key',
      kubeContext: dialog.kube?.context ?? null,
      kubeNamespace: dialog.kube?.namespace ?? null,
      dryRun: this.#o.mode.dryRun,
    });
    if (this.#o.mode.dryRun) return { finished: this.#o.store.append(dryRunFinished(who, dialog.script)).finally(release) };
    if (interactive && handOver) {
      const { store, incidentDir, cwd, env, actor } = this.#o;
      const run = { requestSeq, script: dialog.runScript ?? dialog.script, shown: dialog.script, kubeContext: dialog.kube?.context ?? null };
      return { finished: runInteractive({ store, incidentDir, cwd, actor, ...(env ? { env } : {}) }, run, handOver).finally(release) };
    }
    const abort = new AbortController();
    const handle = { abort, done: Promise.resolve() as unknown as Promise<CommandFinishedEvent>, reason: null as string | null };
    handle.done = this.#execute(dialog, abort.signal, () => handle.reason).finally(() => {
      this.#handles.delete(requestSeq);
      void release();
    });
    this.#handles.set(requestSeq, handle);
    return { finished: handle.done };
  }

  /**
   * `c` in the dashboard, leaving, or a hang-up: stop the running command (the group gets
   * SIGTERM, then SIGKILL). `reason` is recorded on its command.finished (`terminal closed`).
   */
  async cancelRunning(reason?: string): Promise<CommandFinishedEvent | null> {
    const running = runningCommand(this.#o.store.state) ?? activeRun(this.#o.store.state)?.run ?? null;
    if (!running) return null;
    const handle = this.#handles.get(running.requestSeq);
    if (!handle) throw new CommandRefusedError(`request #${running.requestSeq} is not run by this warroom; nothing here can stop it`);
    if (reason !== undefined) handle.reason ??= reason;
    handle.abort.abort();
    return handle.done;
  }

  /** The runs this process holds (and so can stop or wait for), by request seq. */
  runningHere(): { requestSeq: number; detach: boolean; done: Promise<CommandFinishedEvent> }[] {
    return [...this.#handles].map(([requestSeq, h]) => ({ requestSeq, detach: this.#detached.has(requestSeq), done: h.done }));
  }

  /** `v`: the whole log of a finished run in $PAGER. */
  async viewLog(requestSeq: number, handOver: HandOver): Promise<void> {
    requestSeq = heldSeq(this.#o.store, requestSeq);
    const run = this.#o.store.state.commands.find((r) => r.requestSeq === requestSeq);
    if (!run?.outputFile) throw new CommandRefusedError(`request #${requestSeq} has no log`);
    const outcome = await viewLog(this.#o.incidentDir, run.outputFile, this.#o.cwd, handOver);
    if (outcome.error || (outcome.exitCode !== 0 && outcome.exitCode !== null)) throw new CommandRefusedError(`the pager did not open ${run.outputFile}: ${outcome.error ?? `exit ${outcome.exitCode}`}`);
  }

  /** Runs the `--dry-run=server` variant to `commands/<seq>-preview.log` and returns its output. */
  async preview(requestSeq: number): Promise<PreviewResult> {
    const dialog = this.dialog(heldSeq(this.#o.store, requestSeq));
    if (!dialog) throw new CommandRefusedError(`request #${requestSeq} is not waiting for confirmation`);
    const { store, runner, incidentDir, cwd, actor } = this.#o;
    return runPreview({ store, runner, incidentDir, cwd, actor, extras: this.#runnerExtras() }, dialog);
  }

  #runnerExtras(): { env?: Record<string, string>; graceMs?: number } {
    return { ...(this.#o.env ? { env: this.#o.env } : {}), ...(this.#o.graceMs !== undefined ? { graceMs: this.#o.graceMs } : {}) };
  }

  async #execute(dialog: CommandDialog, signal: AbortSignal, reason: () => string | null): Promise<CommandFinishedEvent> {
    const { requestSeq } = dialog;
    const outputFile = `commands/${requestSeq}.log`;
    const who = { actor: this.#o.actor, requestSeq };
    const detach = isDetached(dialog);
    if (detach) this.#detached.add(requestSeq);
    const started = (pid: number | null, info?: RunStartInfo) =>
      this.#o.store.append(startedEvent(who, { pid, cwd: this.#o.cwd, script: dialog.script, kubeContext: dialog.kube?.context ?? null, outputFile }, info, detach));
    const tail = this.output.begin();
    let recordedStart: Promise<IncidentEvent> | null = null;
    let outcome: RunOutcome;
    try {
      outcome = await this.#o.runner.run({
        script: dialog.runScript ?? dialog.script,
        cwd: this.#o.cwd,
        logFile: path.join(this.#o.incidentDir, outputFile),
        timeoutMs: dialog.timeoutMs,
        signal,
        tail,
        onStart: (pid, info) => {
          recordedStart = started(pid, info);
        },
        ...(detach ? { detach: true } : {}),
        ...this.#runnerExtras(),
      });
    } catch (error) {
      outcome = notRun(errorMessage(error));
    } finally {
      this.output.end();
    }
    // Never a finished without a started: the reducer's phases and the timeline read in order.
    await (recordedStart ?? started(null));
    this.#detached.delete(requestSeq);
    const why = reason();
    return this.#o.store.append({ ...finishedFromOutcome(who, outcome, outputFile, tail.lines()), ...(why === null ? {} : { reason: why }) });
  }
}
