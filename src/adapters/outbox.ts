// The durable outbox. Every message was appended to the journal as `delivery.requested`
// before this runs; the worker delivers pending ones in order per destination (a head that
// must be retried holds back the ones behind it, so a thread never reads out of order),
// records each attempt and its result, retries with exponential backoff (Retry-After wins),
// and paces Slack to about one message a second.
//
// Crash semantics: a delivery recorded `delivered` is never sent again. A crash between the
// far end accepting a message and the journal recording it can send that one message once
// more on resume (at-least-once): for Slack that is a rare duplicate line, judged better than a
// lost update; PagerDuty's dedup_key makes it harmless; the outbox file skips ids it holds; a
// status page is asked first whether it already has the incident or the update (statuspage/send.ts).
import { performance } from 'node:perf_hooks';
import type { EventStore } from '../core/incident/event-store.ts';
import type { DeliveryDestination } from '../core/incident/events.ts';
import type { DeliveryRecord, IncidentState } from '../core/incident/state.ts';
import { nextStatusPageDelivery } from '../core/statuspage/lane.ts';
import { errorMessage } from '../errors.ts';
import type { Dispatch } from './delivery-dispatch.ts';

export interface OutboxNotice {
  type: 'delivered' | 'retrying' | 'failed';
  delivery: DeliveryRecord;
  error: string | null;
  /** Pending deliveries for the same destination, this one included. */
  queued: number;
}

export interface OutboxOptions {
  /** The war room's events: deliveries are read from its state, attempts and results appended. */
  store: Pick<EventStore, 'append' | 'state'>;
  dispatch: Dispatch;
  /**
   * Used instead of `dispatch` for every delivery while the incident is a drill
   * (`state.mode.dryRun`): it writes, never sends. Without one, a drill's deliveries fail.
   */
  drill?: Dispatch;
  now?: () => Date;
  /** Minimum gap between two sends per destination, ms. Default: Slack 1000, PagerDuty 500, status page 1000, file 0. */
  paceMs?: Partial<Record<DeliveryDestination, number>>;
  /** First retry delay and the cap, ms. Default 1 s doubling up to 30 s. */
  backoff?: { baseMs: number; maxMs: number };
  onNotice?: (notice: OutboxNotice) => void;
  /**
   * In a shared war room several terminals run an outbox on one incident: the gate decides
   * whether this one sends `delivery` now (it claimed it) or leaves it to another terminal or
   * for later. `after` runs once the attempt is recorded.
   */
  gate?: OutboxGate;
}

export type OutboxGate = (delivery: DeliveryRecord) => Promise<{ go: true; after: () => Promise<void> } | { go: false; retryInMs: number }>;

const DESTINATIONS: readonly DeliveryDestination[] = ['slack', 'pagerduty', 'pagerduty-rest', 'file', 'statuspage'];
// Statuspage allows about one request per second per API key.
// PagerDuty REST writes have their own lane, so one stuck retrying never holds back a page.
const DEFAULT_PACE: Record<DeliveryDestination, number> = { slack: 1000, pagerduty: 500, 'pagerduty-rest': 500, file: 0, statuspage: 1000 };
/** Retry-After beyond this is not believed (a misconfigured proxy must not park us for hours). */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

const drillRefused: Dispatch = () => Promise.resolve({ ok: false, error: 'drill: not sent', retryable: false, retryAfterMs: null });

export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** The delivery a lane sends next, the delivery whose reply it builds on, and how many wait. */
function laneHead(state: IncidentState, destination: DeliveryDestination): { head: DeliveryRecord | null; parent: DeliveryRecord | null; queued: number } {
  if (destination === 'statuspage') {
    const lane = nextStatusPageDelivery(state.deliveries);
    return lane.kind === 'send' ? lane : { head: null, parent: null, queued: lane.kind === 'held' ? lane.queued : 0 };
  }
  const queue = state.deliveries.filter((d) => d.destination === destination && d.phase === 'pending');
  const head = queue[0] ?? null;
  const parent = head?.parentDeliveryId ? (state.deliveries.find((d) => d.deliveryId === head.parentDeliveryId) ?? null) : null;
  return { head, parent, queued: queue.length };
}

export class Outbox {
  readonly #options: OutboxOptions;
  #controller: AbortController | null = null;
  #lanes: Promise<void>[] = [];
  #wakers = new Set<() => void>();

  constructor(options: OutboxOptions) {
    this.#options = options;
  }

  get running(): boolean {
    return this.#controller !== null;
  }

  /** Start one worker per destination; pending deliveries from the journal are picked up. */
  start(signal?: AbortSignal): void {
    if (this.#controller) return;
    const controller = new AbortController();
    this.#controller = controller;
    signal?.addEventListener('abort', () => void this.stop(), { once: true });
    this.#lanes = DESTINATIONS.map((destination) => this.#runLane(destination, controller.signal));
  }

  /** Stop the workers; an in-flight request is aborted and stays pending for the next start. */
  async stop(): Promise<void> {
    const controller = this.#controller;
    if (!controller) return;
    controller.abort();
    this.wake();
    await Promise.allSettled(this.#lanes);
    this.#controller = null;
    this.#lanes = [];
  }

  /**
   * Wait (at most `timeoutMs`) until no pending delivery is due now, so leaving the war room
   * right after resolving does not strand the resolution or the headline edit behind the
   * pacing gap. Deliveries waiting out a retry do not hold it up: they resume on the next start.
   */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.#controller && !this.#controller.signal.aborted) {
      const now = this.#now().getTime();
      const state = this.#options.store.state;
      // Only a lane's head can go; a held status-page lane has none and holds nothing up.
      const due = DESTINATIONS.some((destination) => {
        const { head } = laneHead(state, destination);
        return head !== null && (head.retryAt === null || Date.parse(head.retryAt) <= now);
      });
      const left = deadline - performance.now();
      if (!due || left <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(25, left)));
    }
  }

  /** New deliveries were requested: look again now. */
  wake(): void {
    const wakers = [...this.#wakers];
    this.#wakers.clear();
    for (const w of wakers) w();
  }

  #now(): Date {
    return this.#options.now ? this.#options.now() : new Date();
  }

  /** Sleep until `ms` passed, wake() is called or the signal aborts. */
  #wait(ms: number | null, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        this.#wakers.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.#wakers.add(done);
      signal.addEventListener('abort', done, { once: true });
      if (ms !== null) timer = setTimeout(done, Math.max(0, ms));
    });
  }

  async #runLane(destination: DeliveryDestination, signal: AbortSignal): Promise<void> {
    // A drill only writes the outbox file: nothing to pace.
    const pace = this.#options.store.state.mode.dryRun ? 0 : (this.#options.paceMs?.[destination] ?? DEFAULT_PACE[destination]);
    const { baseMs, maxMs } = this.#options.backoff ?? { baseMs: 1000, maxMs: 30_000 };
    // Pacing uses the monotonic clock: an injected wall clock (tests) may stand still.
    let lastSentAt = -Infinity;
    while (!signal.aborted) {
      const { head, parent, queued } = laneHead(this.#options.store.state, destination);
      if (!head) {
        // Nothing pending, or a status-page delivery the provider refused holds the lane until
        // it is resent (a new request wakes this).
        await this.#wait(null, signal);
        continue;
      }
      if (parent?.phase === 'pending') {
        // The parent is in another destination's queue: wait for its reply (its ts).
        await this.#wait(250, signal);
        continue;
      }
      const retryIn = head.retryAt ? Date.parse(head.retryAt) - this.#now().getTime() : 0;
      const paceIn = lastSentAt + pace - performance.now();
      const waitMs = Math.max(retryIn, paceIn);
      if (waitMs > 0) {
        await this.#wait(waitMs, signal);
        continue;
      }
      const gate = await this.#gate(head);
      if (!gate.go) {
        await this.#wait(gate.retryInMs, signal);
        continue;
      }
      try {
        await this.#attempt(head, parent, queued, signal, baseMs, maxMs);
      } catch (error) {
        // The journal refused an append (disk full, closed): nothing was recorded, so the
        // delivery is still pending; say so and try again later rather than crash the app.
        this.#options.onNotice?.({ type: 'retrying', delivery: head, error: `journal: ${errorMessage(error)}`, queued });
        await this.#wait(maxMs, signal);
      }
      await gate.after().catch(() => undefined);
      lastSentAt = performance.now();
    }
  }

  async #gate(head: DeliveryRecord): Promise<{ go: true; after: () => Promise<void> } | { go: false; retryInMs: number }> {
    const gate = this.#options.gate;
    if (!gate) return { go: true, after: () => Promise.resolve() };
    try {
      return await gate(head);
    } catch {
      // The shared store is unreachable: nobody can be sure to be the only sender; wait.
      return { go: false, retryInMs: 1000 };
    }
  }

  async #attempt(
    head: DeliveryRecord,
    parent: DeliveryRecord | null,
    queued: number,
    signal: AbortSignal,
    baseMs: number,
    maxMs: number,
  ): Promise<void> {
    const { store, dispatch, onNotice } = this.#options;
    const append = store.append.bind(store);
    const attempt = head.attempts + 1;
    await append({ type: 'delivery.attempted', actor: 'system', deliveryId: head.deliveryId, attempt });
    const outcome = store.state.mode.dryRun
      ? await (this.#options.drill ?? drillRefused)(head, parent, signal)
      : await dispatch(head, parent, signal);
    if (signal.aborted && !outcome.ok) return; // stopped mid-request: stays pending, no verdict
    if (outcome.ok) {
      await append({ type: 'delivery.delivered', actor: 'system', deliveryId: head.deliveryId, attempt, response: outcome.response });
      onNotice?.({ type: 'delivered', delivery: head, error: null, queued: queued - 1 });
      return;
    }
    const delay = outcome.retryAfterMs !== null ? Math.min(outcome.retryAfterMs, MAX_RETRY_AFTER_MS) : backoffMs(attempt, baseMs, maxMs);
    const retryAt = outcome.retryable ? new Date(this.#now().getTime() + delay).toISOString() : null;
    await append({
      type: 'delivery.failed',
      actor: 'system',
      deliveryId: head.deliveryId,
      attempt,
      error: outcome.error,
      retryable: outcome.retryable,
      retryAt,
    });
    onNotice?.({ type: outcome.retryable ? 'retrying' : 'failed', delivery: head, error: outcome.error, queued });
  }
}
