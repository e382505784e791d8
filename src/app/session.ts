// The store behind the dashboard, over the war room's EventStore: every change is appended FIRST
// (the append resolves once durable), then the state moves on and subscribers hear of it
// (`useSyncExternalStore`). Actions build their event from the state at their turn in one queue,
// so an event built from the state (tick/untick) always sees the effect of the ones before it,
// even when two keys arrive in one stdin chunk. After each durable event, whoever appended it,
// the reaction table (reactions.ts) runs its rules: drafting the post-mortem, catching up comms.
//
// A ticker runs the incident clocks once a second with the real time (an injected clock in
// tests): thresholds that became due are recorded as `escalation.fired`; a status-update
// deadline that passed is recorded once as `update.due`.
import { manualEscalationEvent, nextEscalationEvent, updateDueEvent } from '../core/clock/clock-events.ts';
import type { EventStore } from '../core/incident/event-store.ts';
import type { IncidentEvent, IncidentStatus, NewEvent } from '../core/incident/events.ts';
import { stepStateOf } from '../core/incident/selectors.ts';
import type { IncidentState } from '../core/incident/state.ts';
import { errorMessage, WarroomError } from '../errors.ts';
import { react, warRoomReactions, type ReactionContext, type ReactionTable } from './reactions.ts';
import { realClock, type CommsPort, type PostmortemWriter, type SessionClock, type SessionSnapshot, type StatusLevel } from './session-types.ts';

export { realClock } from './session-types.ts';
export type { CommsPort, SessionClock, SessionSnapshot, StatusLevel, StatusMessage } from './session-types.ts';

type Listener = () => void;

export interface SessionOptions {
  store: EventStore;
  /** Who appends events from keys (the operator); clocks append as `system`. */
  actor: string;
  clock?: SessionClock;
  /** How long a status-line message stays. Default 6 s. */
  messageTtlMs?: number;
  /** The "after X do Y" rules. Default: the war room's (reactions.ts). */
  reactions?: ReactionTable;
  writePostmortem?: PostmortemWriter;
  /** The journal is damaged: nothing can be recorded, and this says why (`file:line`). */
  readOnlyReason?: string | null;
}

export class Session {
  readonly actor: string;
  readonly store: EventStore;
  readonly readOnlyReason: string | null;
  #comms: CommsPort | undefined;
  readonly #clock: SessionClock;
  readonly #messageTtlMs: number;
  readonly #reactions: ReactionTable;
  readonly #writePostmortem: PostmortemWriter | undefined;
  #snapshot: SessionSnapshot;
  #nowMs: number;
  readonly #listeners = new Set<Listener>();
  readonly #clockListeners = new Set<Listener>();
  #queue: Promise<unknown> = Promise.resolve();
  /** Reactions still running, by the seq of their event: actions wait for their own. */
  readonly #reacting = new Map<number, Promise<void>>();
  #cancelTimer: (() => void) | null = null;
  #ticking = false;
  #started = false;
  #closed = false;
  #closing: Promise<void> | null = null;
  readonly #abort = new AbortController();
  readonly #unsubscribe: () => void;

  constructor(options: SessionOptions) {
    this.store = options.store;
    this.actor = options.actor;
    this.readOnlyReason = options.readOnlyReason ?? null;
    this.#clock = options.clock ?? realClock;
    this.#messageTtlMs = options.messageTtlMs ?? 6000;
    this.#reactions = options.reactions ?? warRoomReactions;
    this.#writePostmortem = options.writePostmortem;
    this.#snapshot = { state: this.store.state, eventCount: this.store.events.length, message: null, postmortemPath: null };
    this.#nowMs = this.#clock.now().getTime();
    this.#unsubscribe = this.store.subscribe((event) => this.#onEvent(event));
  }

  get comms(): CommsPort | undefined {
    return this.#comms;
  }

  /** The comms service, built after the session (its outbox appends through the same store). */
  attachComms(comms: CommsPort): void {
    if (this.#comms) return;
    this.#comms = comms;
    // Attached after start(): the dashboard draws its first frame before loading the services.
    if (this.#started) this.#startComms();
  }

  #startComms(): void {
    this.#comms?.start?.(this.#abort.signal);
  }

  // ---- store protocol (useSyncExternalStore) ----

  readonly subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => this.#snapshot;

  /** The clock as a separate store, so only what shows time re-renders every second. */
  readonly subscribeClock = (listener: Listener): (() => void) => {
    this.#clockListeners.add(listener);
    return () => this.#clockListeners.delete(listener);
  };

  readonly getNow = (): number => this.#nowMs;

  get state(): IncidentState {
    return this.#snapshot.state;
  }

  /** Every event of the journal, in order (the timeline needs details only events carry). */
  get events(): readonly IncidentEvent[] {
    return this.store.events;
  }

  #emit(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  #onEvent(event: IncidentEvent): void {
    this.#snapshot = { ...this.#snapshot, state: this.store.state, eventCount: this.store.events.length };
    this.#emit();
    const reacting = react(this.#reactions, event, this.#reactionContext()).finally(() => this.#reacting.delete(event.seq));
    this.#reacting.set(event.seq, reacting);
  }

  #reactionContext(): ReactionContext {
    return {
      events: this.store.events,
      comms: this.#comms,
      writePostmortem: this.#writePostmortem,
      notify: (level, text) => this.notify(level, text),
      postmortemWritten: (path) => {
        this.#snapshot = { ...this.#snapshot, postmortemPath: path };
        this.#emit();
      },
    };
  }

  // ---- writing ----

  /**
   * Appends the event built from the state at its turn in the queue (null: nothing to do).
   * Resolves with the stored event once it is durable and its reactions have run.
   */
  dispatchWith(build: (state: IncidentState) => NewEvent | null): Promise<IncidentEvent | null> {
    const run = async (): Promise<IncidentEvent | null> => {
      if (this.#closed) throw new WarroomError('the war room is closed');
      const event = build(this.store.state);
      if (event === null) return null;
      const stored = await this.store.append(event);
      await this.#reacting.get(stored.seq);
      return stored;
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  dispatch(event: NewEvent): Promise<IncidentEvent | null> {
    return this.dispatchWith(() => event);
  }

  /** Like dispatchWith, but a failure (disk full, closed) becomes an error on the status line. */
  async #act(build: (state: IncidentState) => NewEvent | null): Promise<IncidentEvent | null> {
    try {
      return await this.dispatchWith(build);
    } catch (error) {
      this.notify('error', `not recorded: ${errorMessage(error)}`);
      return null;
    }
  }

  toggleStep(stepId: string): Promise<IncidentEvent | null> {
    return this.#act((state) => ({
      type: stepStateOf(state, stepId) === 'open' ? 'step.checked' : 'step.unchecked',
      actor: this.actor,
      stepId,
      note: null,
    }));
  }

  addNote(text: string): Promise<IncidentEvent | null> {
    const trimmed = text.trim();
    if (trimmed === '') return Promise.resolve(null);
    return this.#act(() => ({ type: 'note.added', actor: this.actor, text: trimmed }));
  }

  setStatus(to: Exclude<IncidentStatus, 'resolved'>): Promise<IncidentEvent | null> {
    return this.#act((state) => (state.status === to || state.status === 'resolved' ? null : { type: 'status.changed', actor: this.actor, from: state.status, to }));
  }

  setSeverity(to: string): Promise<IncidentEvent | null> {
    return this.#act((state) => (state.severity === to ? null : { type: 'severity.changed', actor: this.actor, from: state.severity, to }));
  }

  setCommander(to: string): Promise<IncidentEvent | null> {
    const name = to.trim();
    return this.#act((state) => (name === '' || state.commander === name ? null : { type: 'commander.changed', actor: this.actor, from: state.commander, to: name }));
  }

  resolve(summary: string | null = null): Promise<IncidentEvent | null> {
    return this.#act((state) => (state.status === 'resolved' ? null : { type: 'incident.resolved', actor: this.actor, from: state.status, summary }));
  }

  /** `o` on a resolved incident: the problem is back. */
  reopen(reason: string | null = null): Promise<IncidentEvent | null> {
    return this.#act((state) => (state.status === 'resolved' ? { type: 'incident.reopened', actor: this.actor, reason } : null));
  }

  /** `e`: page now the lowest level of the policy not yet paged (null: none left, or resolved). */
  escalateNow(): Promise<IncidentEvent | null> {
    return this.#act((state) => manualEscalationEvent(state, this.actor));
  }

  // ---- status line ----

  notify(level: StatusLevel, text: string, ttlMs = this.#messageTtlMs): void {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    this.#snapshot = { ...this.#snapshot, message: { level, text: oneLine, at: this.#clock.now().getTime(), ttlMs } };
    this.#emit();
  }

  // ---- clocks ----

  /** Starts the 1 s ticker (aligned to whole seconds so the elapsed time never skips). */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#startComms();
    const schedule = () => {
      const ms = 1000 - (this.#clock.now().getTime() % 1000) + 5;
      this.#cancelTimer = this.#clock.schedule(() => {
        void this.tick().finally(() => {
          if (!this.#closed) schedule();
        });
      }, ms);
    };
    void this.tick();
    schedule();
  }

  /** One clock step: update `now`, expire the status line, record due escalations and updates. */
  async tick(): Promise<void> {
    if (this.#ticking || this.#closed) return;
    this.#ticking = true;
    try {
      const now = this.#clock.now();
      this.#nowMs = now.getTime();
      for (const listener of [...this.#clockListeners]) listener();
      const message = this.#snapshot.message;
      if (message && this.#nowMs >= message.at + message.ttlMs) {
        this.#snapshot = { ...this.#snapshot, message: null };
        this.#emit();
      }
      // A read-only (damaged) journal records nothing: the clocks only show time.
      if (this.readOnlyReason !== null) return;
      // Each event is rebuilt from the state the previous append left, so a level fires once.
      let fired: IncidentEvent | null;
      do fired = await this.#act((state) => nextEscalationEvent(state, now));
      while (fired?.type === 'escalation.fired');
      await this.#act((state) => updateDueEvent(state, now));
    } finally {
      this.#ticking = false;
    }
  }

  /** Stops the ticker and the outbox, waits for queued appends and reactions, releases the store. */
  close(): Promise<void> {
    // Once: a hang-up and the normal way out may both ask; the second waits for the first.
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#cancelTimer?.();
    this.#cancelTimer = null;
    await this.#queue;
    await Promise.allSettled([...this.#reacting.values()]);
    // A resolution or headline edit held back by Slack's pacing goes out before we leave;
    // anything waiting out an outage stays queued in the journal for `warroom resume`.
    await this.#callComms(() => this.#comms?.drain?.(5000));
    this.#closed = true;
    this.#abort.abort();
    await this.#callComms(() => this.#comms?.stop?.());
    this.#unsubscribe();
    await this.store.close();
  }

  async #callComms(call: () => unknown): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.notify('error', `comms: ${errorMessage(error)}`);
    }
  }
}
