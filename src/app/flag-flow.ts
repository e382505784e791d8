// A runbook `flag` action (`**Disable Feature**: Toggle flag new-search=false`) through the same
// kind of dialog as a command, and through the journal exactly like one: flag.requested when the
// dialog opens (its seq is the request's id, in the same id space as commands), flag.confirmed
// before anything is changed, then flag.finished with how it went, or flag.cancelled. A flag
// change is a `change`: it needs an explicit `y`, and it is refused in read-only mode. It runs the
// configured command template, else POSTs to the configured endpoint, else becomes a manual step:
// the operator does it and confirms it is done.
import path from 'node:path';
import type { Confirmation, RunMode } from '../core/command/confirm-policy.ts';
import { fillFlagCommand } from '../core/command/flag-command.ts';
import type { CommandRunner } from '../core/command/runner-port.ts';
import type { EventStore, Stored } from '../core/incident/event-store.ts';
import type { FlagVia, NewEvent } from '../core/incident/events.ts';
import { requestOf } from '../core/incident/run-selectors.ts';
import { findStep } from '../core/incident/selectors.ts';
import type { FlagRun } from '../core/incident/state.ts';
import { CommandRefusedError } from '../errors.ts';
import { manualInstruction, readFlag, toggleFlag, type FlagSettings } from '../adapters/flags.ts';
import { proposedFlagValue } from '../core/command/flag-value.ts';
import { openedDialog, refuseWhileBusy } from './command-flow.ts';
import { heldSeq } from './one-run-at-a-time.ts';
import { startIdentity } from './run-identity.ts';

export type FlagFinishedEvent = Stored<Extract<NewEvent, { type: 'flag.finished' }>>;

export interface FlagFlowOptions {
  store: EventStore;
  runner: CommandRunner;
  incidentDir: string;
  cwd: string;
  mode: RunMode;
  actor: string;
  settings: FlagSettings;
  timeoutMs?: number;
  /** Reads the flag's current value (default: GET on the flag endpoint). */
  readFlag?: (url: string | null, flag: string) => Promise<string | null>;
}

/** The request as journaled (`script`: the filled command, the POST, or the manual instruction), and what it demands now. */
export interface FlagDialog extends Pick<FlagRun, 'requestSeq' | 'stepId' | 'flag' | 'value' | 'via' | 'script' | 'current'> {
  confirmation: Confirmation;
  dryRun: boolean;
}

export class FlagFlow {
  readonly #o: FlagFlowOptions;
  /** The change this process is making now, so a hang-up or leaving can stop it and say why. */
  #inFlight: { requestSeq: number; abort: AbortController; done: Promise<unknown>; reason: string | null } | null = null;

  constructor(options: FlagFlowOptions) {
    this.#o = options;
  }

  #plan(flag: string, value: string): { via: FlagVia; script: string } {
    const { command, url } = this.#o.settings;
    if (command) return { via: 'command', script: fillFlagCommand(command, flag, value) };
    // Never the URL: flag endpoints often carry a token in it.
    if (url) return { via: 'http', script: `POST {"flag": ${JSON.stringify(flag)}, "value": ${JSON.stringify(value)}} to the configured flag endpoint` };
    return { via: 'manual', script: manualInstruction(flag, value) };
  }

  /** Opens the dialog: records flag.requested and returns what the dialog shows. */
  async request(stepId: string): Promise<FlagDialog> {
    const action = findStep(this.#o.store.state, stepId)?.step.action;
    if (action?.kind !== 'flag') throw new CommandRefusedError(`step ${stepId} has no feature flag to toggle`);
    refuseWhileBusy(this.#o.store.state);
    // A drill asks nothing of the flag endpoint either: nothing leaves the machine.
    const current = this.#o.mode.dryRun ? null : await (this.#o.readFlag ?? readFlag)(this.#o.settings.url, action.flag);
    const value = proposedFlagValue(this.#o.store.state, stepId, action.value, current);
    const event = await this.#o.store.append({
      type: 'flag.requested',
      actor: this.#o.actor,
      stepId,
      flag: action.flag,
      value,
      ...this.#plan(action.flag, value),
      current,
    });
    return openedDialog(event.seq, (seq) => this.dialog(seq));
  }

  /** The dialog for a flag request the journal shows open; else null. */
  dialog(requestSeq: number): FlagDialog | null {
    requestSeq = heldSeq(this.#o.store, requestSeq);
    const found = requestOf(this.#o.store.state, requestSeq);
    if (found?.kind !== 'flag' || found.run.phase !== 'requested') return null;
    const { stepId, flag, value, via, script, current } = found.run;
    const confirmation: Confirmation = this.#o.mode.readonly
      ? { kind: 'disabled', reason: 'read-only mode: feature flags cannot be changed' }
      : { kind: 'yes' };
    return { requestSeq, stepId, flag, value, via, script, current: current ?? null, confirmation, dryRun: this.#o.mode.dryRun };
  }

  /** Esc in the dialog: nothing is changed, and the journal says so. */
  async cancel(requestSeq: number, reason = 'declined in the confirmation dialog'): Promise<void> {
    requestSeq = heldSeq(this.#o.store, requestSeq);
    if (!this.dialog(requestSeq)) return;
    await this.#o.store.append({ type: 'flag.cancelled', actor: this.#o.actor, requestSeq, reason });
  }

  /** Records the confirmation, changes the flag (or, for a manual one, takes the operator's word), records how it went. */
  async confirm(requestSeq: number, hooks: { onConfirmed?: () => void } = {}): Promise<FlagFinishedEvent> {
    requestSeq = heldSeq(this.#o.store, requestSeq);
    const dialog = this.dialog(requestSeq);
    if (!dialog) throw new CommandRefusedError(`request #${requestSeq} is not waiting for confirmation`);
    if (dialog.confirmation.kind === 'disabled') throw new CommandRefusedError(dialog.confirmation.reason ?? 'disabled');
    refuseWhileBusy(this.#o.store.state);
    const who = { actor: this.#o.actor, requestSeq };
    await this.#o.store.append({ type: 'flag.confirmed', ...who, script: dialog.script, dryRun: dialog.dryRun });
    // The dialog closes now: a slow toggle must not sit under "Run it?" as if nothing ran yet.
    hooks.onConfirmed?.();
    const finish = (fields: Pick<FlagFinishedEvent, 'via' | 'ok' | 'detail' | 'outputFile'>) =>
      this.#o.store.append({ type: 'flag.finished', ...who, ...fields });
    // A drill changes nothing, not even by hand: the step is recorded as what would have been done.
    if (dialog.dryRun) {
      const detail = dialog.via === 'manual' ? 'drill: would have been set by hand' : null;
      if (detail) return finish({ via: 'dry-run', ok: true, detail, outputFile: null });
    }
    if (dialog.via === 'manual') return finish({ via: 'manual', ok: true, detail: 'done by hand', outputFile: null });
    const outputFile = `commands/${requestSeq}.log`;
    const abort = new AbortController();
    let recordedStart: Promise<unknown> | null = null;
    const toggling = toggleFlag({
      flag: dialog.flag,
      value: dialog.value,
      settings: this.#o.settings,
      dryRun: this.#o.mode.dryRun,
      runner: this.#o.runner,
      cwd: this.#o.cwd,
      logFile: path.join(this.#o.incidentDir, outputFile),
      timeoutMs: this.#o.timeoutMs ?? 60_000,
      signal: abort.signal,
      // Journaled as it starts, so a warroom opened after a crash can find the toggle's processes.
      onStart: (pid, info) => {
        recordedStart = this.#o.store.append({ type: 'flag.started', ...who, pid, outputFile, ...startIdentity(info) });
      },
    });
    const inFlight = { requestSeq, abort, done: Promise.resolve() as Promise<unknown>, reason: null as string | null };
    const recorded = (async () => {
      const result = await toggling;
      // Never a finished before its started: the record reads in order.
      await (recordedStart ?? Promise.resolve());
      if (inFlight.reason !== null) {
        // Stopped from outside: the flag may or may not have changed; the record says why it ended.
        return finish({ via: result.via, ok: false, detail: `stopped (${inFlight.reason}): check the flag's value`, outputFile: result.via === 'command' ? outputFile : null });
      }
      // The settings changed under the dialog (no command or endpoint any more): say what to do by hand.
      if (result.via === 'manual') return finish({ via: 'manual', ok: false, detail: result.instruction, outputFile: null });
      return finish({ via: result.via, ok: result.ok, detail: result.detail, outputFile: result.via === 'command' ? outputFile : null });
    })();
    inFlight.done = recorded;
    this.#inFlight = inFlight;
    try {
      return await recorded;
    } finally {
      if (this.#inFlight === inFlight) this.#inFlight = null;
    }
  }

  /** The flag change this process is making now (leaving asks about it; c stops it). */
  runningHere(): { requestSeq: number; detach: false; done: Promise<unknown> }[] {
    const inFlight = this.#inFlight;
    return inFlight === null ? [] : [{ requestSeq: inFlight.requestSeq, detach: false, done: inFlight.done }];
  }

  /** Stops the flag change in flight, if any (terminal closed, leaving, c), and waits for its record. */
  async stop(reason: string): Promise<void> {
    const inFlight = this.#inFlight;
    if (!inFlight) return;
    inFlight.reason = reason;
    inFlight.abort.abort();
    await inFlight.done.catch(() => undefined);
  }
}
