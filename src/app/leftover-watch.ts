// Runs a dead warroom left behind that still live on this host (found by the identity
// command.started or flag.started journaled: process group, start time, boot, run token); a flag
// toggle command is watched and stopped exactly like a command. They stay open in the
// journal, so nothing else runs meanwhile, until the operator decides: stop them (SIGTERM, the
// grace, SIGKILL, descendants included) or keep watching them; either way their end is recorded
// (outcome unknown: nobody saw the exit status) the moment nothing of them is left.
import { inspectLeftoverRun, stopLeftoverRun, type RunIdentity } from '../adapters/process-group.ts';
import { measureLog } from '../adapters/log-facts.ts';
import type { EventStore } from '../core/incident/event-store.ts';
import type { IncidentEvent } from '../core/incident/events.ts';
import { requestOf, type RequestRun } from '../core/incident/run-selectors.ts';
import { unknownFinished } from './run-outcome.ts';

export const STOPPED_AFTER_EXIT = 'stopped on resume: it outlived the warroom that started it';
export const ENDED_AFTER_EXIT = 'ended after the warroom that started it exited';

export interface LiveLeftover {
  requestSeq: number;
  kind: RequestRun['kind'];
  script: string;
  startedAt: string | null;
  pids: number[];
  /** detach=true: it was meant to outlive warroom. */
  detach: boolean;
  /** `watching` once the operator chose to keep watching it. */
  decision: 'undecided' | 'watching' | 'stopping';
}

/** The identity command.started (or flag.started) journaled for a request, if any. */
export function startedIdentity(events: readonly IncidentEvent[], requestSeq: number): (RunIdentity & { detach: boolean }) | null {
  const started = events.findLast((e) => (e.type === 'command.started' || e.type === 'flag.started') && e.requestSeq === requestSeq);
  if ((started?.type !== 'command.started' && started?.type !== 'flag.started') || started.pgid === undefined) return null;
  return {
    pgid: started.pgid,
    ...(started.procStart !== undefined ? { procStart: started.procStart } : {}),
    ...(started.bootId !== undefined ? { bootId: started.bootId } : {}),
    ...(started.runToken !== undefined ? { runToken: started.runToken } : {}),
    detach: started.type === 'command.started' && started.detach === true,
  };
}

/** For openWarRoom: is anything of this leftover run still running here? */
export function inspectFromJournal(events: readonly IncidentEvent[]) {
  return async (leftover: RequestRun): Promise<{ alive: boolean; pids?: number[] }> => {
    const identity = startedIdentity(events, leftover.run.requestSeq);
    if (identity === null) return { alive: false };
    const found = await inspectLeftoverRun(identity);
    return found.alive ? { alive: true, pids: found.pids } : { alive: false };
  };
}

export interface LeftoverWatchOptions {
  store: EventStore;
  incidentDir: string;
  alive: readonly RequestRun[];
  graceMs: number;
  /** How often a watched run is looked for. Default 1 s. */
  pollMs?: number;
}

export class LeftoverWatch {
  readonly #o: LeftoverWatchOptions;
  readonly #runs = new Map<number, LiveLeftover>();
  readonly #listeners = new Set<() => void>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #closed = false;
  #snapshot: readonly LiveLeftover[] | null = null;

  constructor(options: LeftoverWatchOptions) {
    this.#o = options;
    for (const leftover of options.alive) {
      const identity = startedIdentity(options.store.events, leftover.run.requestSeq);
      this.#runs.set(leftover.run.requestSeq, {
        requestSeq: leftover.run.requestSeq,
        kind: leftover.kind,
        script: leftover.run.script ?? '?',
        startedAt: leftover.kind === 'command' ? leftover.run.startedAt : (leftover.run.startedAt ?? leftover.run.confirmedAt),
        pids: [],
        detach: identity?.detach ?? false,
        decision: 'undecided',
      });
    }
    if (this.#runs.size > 0) {
      void this.#look();
      // Whatever is decided, a run that ends by itself is recorded as soon as it is seen gone.
      this.#timer = setInterval(() => void this.#look(), options.pollMs ?? 1000);
      this.#timer.unref();
    }
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Leftovers still running, open in the journal. */
  live(): LiveLeftover[] {
    return [...this.#runs.values()];
  }

  /** The same array until something changes (for useSyncExternalStore). */
  snapshot(): readonly LiveLeftover[] {
    this.#snapshot ??= this.live();
    return this.#snapshot;
  }

  has(requestSeq: number): boolean {
    return this.#runs.has(requestSeq);
  }

  watch(requestSeq: number): void {
    this.#set(requestSeq, { decision: 'watching' });
  }

  /** Stops it (its whole tree) and records that. */
  async stop(requestSeq: number): Promise<void> {
    const run = this.#runs.get(requestSeq);
    const identity = startedIdentity(this.#o.store.events, requestSeq);
    if (!run || identity === null) return;
    this.#set(requestSeq, { decision: 'stopping' });
    await stopLeftoverRun(identity, this.#o.graceMs);
    await this.#record(requestSeq, STOPPED_AFTER_EXIT, true);
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  #set(requestSeq: number, change: Partial<LiveLeftover>): void {
    const run = this.#runs.get(requestSeq);
    if (!run) return;
    this.#runs.set(requestSeq, { ...run, ...change });
    this.#changed();
  }

  #changed(): void {
    this.#snapshot = null;
    for (const listener of [...this.#listeners]) listener();
  }

  async #look(): Promise<void> {
    for (const run of this.live()) {
      if (run.decision === 'stopping') continue;
      const identity = startedIdentity(this.#o.store.events, run.requestSeq);
      const found = identity === null ? { alive: false as const } : await inspectLeftoverRun(identity);
      if (found.alive) {
        if (found.pids.join() !== run.pids.join()) this.#set(run.requestSeq, { pids: found.pids });
      } else {
        await this.#record(run.requestSeq, ENDED_AFTER_EXIT, false);
      }
    }
  }

  async #record(requestSeq: number, reason: string, cancelled: boolean): Promise<void> {
    if (this.#closed || !this.#runs.has(requestSeq)) return;
    this.#runs.delete(requestSeq);
    this.#changed();
    const found = requestOf(this.#o.store.state, requestSeq);
    if (found === null || (found.run.phase !== 'running' && found.run.phase !== 'confirmed')) return;
    if (found.kind === 'flag') {
      // Nobody saw the toggle's exit status: the flag's value is unknown, and the record says why.
      const outputFile = `commands/${requestSeq}.log`;
      const log = await measureLog(this.#o.incidentDir, outputFile);
      await this.#o.store.append({
        type: 'flag.finished', actor: 'system', requestSeq, via: found.run.via, ok: false,
        detail: `${reason}; check the flag's value`, outputFile: log === null ? null : outputFile, outcome: 'unknown',
      });
      return;
    }
    const outputFile = found.run.outputFile;
    const log = outputFile === null ? null : await measureLog(this.#o.incidentDir, outputFile);
    const event = unknownFinished(
      { actor: 'system', requestSeq },
      { outputFile: log === null ? null : outputFile, bytes: log?.bytes ?? 0, sha256: log?.sha256 ?? null, lastLines: log?.lastLines ?? [] },
      reason,
    );
    await this.#o.store.append({ ...event, cancelled });
  }
}
