// A runbook `flag` action (`**Disable Feature**: Toggle flag new-search=false`) through the same
// kind of dialog as a command: a flag change is a `change`, so it needs an explicit `y`, and it
// is refused in read-only mode. It runs the configured command template, else POSTs to the
// configured endpoint, else becomes a manual step: the operator does it and confirms it is done.
// Each outcome is one flag.toggled event. The journal has no "flag requested" event, so an open
// flag dialog lives here only, under a negative id that cannot collide with a request seq.
import path from 'node:path';
import type { Confirmation, RunMode } from '../core/command/confirm-policy.ts';
import { fillFlagCommand } from '../core/command/flag-command.ts';
import type { CommandRunner } from '../core/command/runner-port.ts';
import type { FlagToggledEvent, IncidentEvent, NewEvent } from '../core/incident/events.ts';
import { findStep } from '../core/incident/selectors.ts';
import type { IncidentState } from '../core/incident/state.ts';
import { manualInstruction, toggleFlag, type FlagSettings } from '../adapters/flags.ts';
import { CommandRefusedError } from './command-flow.ts';

export interface FlagFlowOptions {
  append(event: NewEvent): Promise<IncidentEvent>;
  getState(): IncidentState;
  runner: CommandRunner;
  incidentDir: string;
  cwd: string;
  mode: RunMode;
  actor: string;
  settings: FlagSettings;
  timeoutMs?: number;
}

export interface FlagDialog {
  id: number;
  stepId: string;
  flag: string;
  value: string;
  via: 'command' | 'http' | 'manual';
  /** What will happen, as shown: the filled command, the POST, or the manual instruction. */
  script: string;
  confirmation: Confirmation;
  dryRun: boolean;
}

export class FlagFlow {
  readonly #o: FlagFlowOptions;
  readonly #open = new Map<number, FlagDialog>();
  #nextId = -1;

  constructor(options: FlagFlowOptions) {
    this.#o = options;
  }

  request(stepId: string): FlagDialog {
    const action = findStep(this.#o.getState(), stepId)?.step.action;
    if (action?.kind !== 'flag') throw new CommandRefusedError(`step ${stepId} has no feature flag to toggle`);
    const { command, url } = this.#o.settings;
    const via = command ? 'command' : url ? 'http' : 'manual';
    const script =
      via === 'command'
        ? fillFlagCommand(command!, action.flag, action.value)
        : via === 'http'
          ? `POST {"flag": ${JSON.stringify(action.flag)}, "value": ${JSON.stringify(action.value)}} to the configured flag endpoint`
          : manualInstruction(action.flag, action.value);
    const confirmation: Confirmation = this.#o.mode.readonly
      ? { kind: 'disabled', reason: 'read-only mode: feature flags cannot be changed' }
      : { kind: 'yes' };
    const dialog: FlagDialog = { id: this.#nextId--, stepId, flag: action.flag, value: action.value, via, script, confirmation, dryRun: this.#o.mode.dryRun };
    this.#open.set(dialog.id, dialog);
    return dialog;
  }

  dialog(id: number): FlagDialog | null {
    return this.#open.get(id) ?? null;
  }

  cancel(id: number): void {
    this.#open.delete(id);
  }

  /** Toggles (or, for a manual flag, records that the operator did it) and records the outcome. */
  async confirm(id: number): Promise<FlagToggledEvent> {
    const dialog = this.#open.get(id);
    if (!dialog) throw new CommandRefusedError('this flag dialog is closed');
    if (dialog.confirmation.kind === 'disabled') throw new CommandRefusedError(dialog.confirmation.reason ?? 'disabled');
    this.#open.delete(id);
    const base = { type: 'flag.toggled' as const, actor: this.#o.actor, stepId: dialog.stepId, flag: dialog.flag, value: dialog.value };
    if (dialog.via === 'manual') {
      return (await this.#o.append({ ...base, via: 'manual', ok: true, detail: 'done by hand' })) as FlagToggledEvent;
    }
    const result = await toggleFlag({
      flag: dialog.flag,
      value: dialog.value,
      settings: this.#o.settings,
      dryRun: this.#o.mode.dryRun,
      runner: this.#o.runner,
      cwd: this.#o.cwd,
      logFile: path.join(this.#o.incidentDir, 'commands', `flag-${this.#o.getState().lastSeq + 1}.log`),
      timeoutMs: this.#o.timeoutMs ?? 60_000,
    });
    if (result.via === 'manual') {
      return (await this.#o.append({ ...base, via: 'manual', ok: false, detail: result.instruction })) as FlagToggledEvent;
    }
    return (await this.#o.append({ ...base, via: result.via, ok: result.ok, detail: result.detail })) as FlagToggledEvent;
  }
}
