// The live poll of the war room's alert: every 15 s ask Alertmanager for every alert still
// firing (silenced and inhibited included: the war room may have silenced its own alert), and
// report what changed since the last poll: the alert stopped or fired again, related alerts
// (same namespace or service) started or stopped. Unreachable Alertmanager backs the poll off
// (30 s, 60 s, then every 2 min) and is reported once per failure streak. Nothing here blocks:
// the timer is unref'd, a poll in flight is aborted on stop, and a handler that throws is
// reported, never allowed to end the loop.
import { diffPolls, isFiring, nextPollDelayMs } from '../core/alerts/poll.ts';
import type { Alert } from '../core/alerts/model.ts';
import type { AlertQuery } from './alertmanager.ts';

export interface AlertWatchHandlers {
  /** The war room's alert left Alertmanager's list (or its endsAt passed). */
  stopped?(alert: Alert, at: Date): void | Promise<void>;
  firedAgain?(alert: Alert, at: Date): void | Promise<void>;
  relatedStarted?(alerts: Alert[], at: Date): void | Promise<void>;
  relatedStopped?(alerts: Alert[], at: Date): void | Promise<void>;
  /** First failure of a streak, then again each time the message changes. */
  unreachable?(message: string, consecutiveFailures: number): void;
  /** Alertmanager answers again after failures. */
  reachable?(): void;
  /** A handler threw: the poll goes on. */
  handlerFailed?(error: unknown): void;
}

export interface AlertWatchOptions {
  /** Delay before the next poll given the current failure streak. Default: nextPollDelayMs. */
  delayMs?: (consecutiveFailures: number) => number;
  now?: () => Date;
  /** False when resuming an incident whose journal says the alert already stopped. Default true. */
  watchedFiring?: boolean;
}

export interface AlertWatchState {
  firing: boolean;
  lastPollAt: Date | null;
  consecutiveFailures: number;
  lastError: string | null;
}

type Source = { activeAlerts(query: AlertQuery): Promise<Alert[]> };

export class AlertWatch {
  readonly #source: Source;
  readonly #watched: Alert;
  readonly #handlers: AlertWatchHandlers;
  readonly #delay: (failures: number) => number;
  readonly #now: () => Date;
  #previous: Alert[];
  #state: AlertWatchState;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #controller: AbortController | null = null;
  #inFlight: Promise<void> | null = null;
  #running = false;

  /** `known`: the alerts seen when the war room opened (the first poll compares with them). */
  constructor(source: Source, watched: Alert, known: readonly Alert[], handlers: AlertWatchHandlers, options: AlertWatchOptions = {}) {
    this.#source = source;
    this.#watched = watched;
    this.#handlers = handlers;
    this.#delay = options.delayMs ?? nextPollDelayMs;
    this.#now = options.now ?? (() => new Date());
    const firing = options.watchedFiring ?? true;
    const others = known.filter((a) => a.fingerprint !== watched.fingerprint && isFiring(a, this.#now()));
    this.#previous = firing ? [...others, watched] : others;
    this.#state = { firing, lastPollAt: null, consecutiveFailures: 0, lastError: null };
  }

  get state(): AlertWatchState {
    return { ...this.#state };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#controller?.abort();
    await this.#inFlight;
  }

  /** Poll now (a key in the war room, or a test); concurrent calls share one poll. */
  pollNow(): Promise<void> {
    this.#inFlight ??= this.#poll().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.pollNow().then(() => this.#schedule());
    }, this.#delay(this.#state.consecutiveFailures));
    this.#timer.unref?.();
  }

  async #call(fn: (() => void | Promise<void>) | undefined): Promise<void> {
    if (!fn) return;
    try {
      await fn();
    } catch (error) {
      this.#handlers.handlerFailed?.(error);
    }
  }

  async #poll(): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    let current: Alert[];
    try {
      current = await this.#source.activeAlerts({ includeSilenced: true, signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      this.#state.consecutiveFailures += 1;
      const changed = message !== this.#state.lastError;
      this.#state.lastError = message;
      if (this.#state.consecutiveFailures === 1 || changed) this.#handlers.unreachable?.(message, this.#state.consecutiveFailures);
      return;
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
    const at = this.#now();
    if (this.#state.consecutiveFailures > 0) this.#handlers.reachable?.();
    this.#state = { ...this.#state, lastPollAt: at, consecutiveFailures: 0, lastError: null };
    const diff = diffPolls(this.#watched, this.#previous, current, at);
    this.#previous = current.filter((a) => isFiring(a, at));
    const h = this.#handlers;
    if (diff.watched === 'stopped') {
      this.#state.firing = false;
      await this.#call(h.stopped && (() => h.stopped?.(this.#watched, at)));
    } else if (diff.watched === 'fired-again') {
      this.#state.firing = true;
      await this.#call(h.firedAgain && (() => h.firedAgain?.(this.#watched, at)));
    }
    if (diff.relatedStarted.length > 0) await this.#call(h.relatedStarted && (() => h.relatedStarted?.(diff.relatedStarted, at)));
    if (diff.relatedStopped.length > 0) await this.#call(h.relatedStopped && (() => h.relatedStopped?.(diff.relatedStopped, at)));
  }
}
