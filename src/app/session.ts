// The store behind the dashboard. It owns the journal and the derived state: every change is
// appended to the journal FIRST (the append resolves after fsync), then reduced into state and
// announced to subscribers (`useSyncExternalStore`). Appends go through one queue, so an event
// built from the state (tick/untick) always sees the effect of the ones before it, even when
// two keys arrive in one stdin chunk.
//
// A ticker runs the incident clocks once a second with the real time (an injected clock in
// tests): thresholds that became due are recorded as `escalation.fired` and paged through the
// comms service; a status-update deadline that passed is recorded once as `update.due`.
import { replay, reduce } from '../core/incident/reduce.ts';
import { stepStateOf } from '../core/incident/selectors.ts';
import { nextEscalation } from '../core/clock/escalation.ts';
import { nextEscalationEvent, updateDueEvent } from '../core/clock/clock-events.ts';
import type { EscalationFiredEvent, IncidentEvent, IncidentStatus, NewEvent } from '../core/incident/events.ts';
import type { IncidentState } from '../core/incident/state.ts';
import { realClock, type CommsPort, type JournalPort, type SessionClock, type SessionOptions, type SessionSnapshot, type StatusLevel } from './session-types.ts';

export { realClock } from './session-types.ts';
export type { CommsPort, JournalPort, SessionClock, SessionOptions, SessionSnapshot, StatusLevel, StatusMessage } from './session-types.ts';

type Listener = () => void;

export class Session<Comms extends CommsPort = CommsPort, Flow = unknown> {
  readonly incidentDir: string;
  readonly actor: string;
  comms: Comms | undefined;
  commandFlow: Flow | undefined;
  private readonly journal: JournalPort;
  private readonly clock: SessionClock;
  private readonly messageTtlMs: number;
  private readonly writePostmortem: SessionOptions['writePostmortem'];
  private snapshot: SessionSnapshot;
  private nowMs: number;
  private readonly listeners = new Set<Listener>();
  private readonly clockListeners = new Set<Listener>();
  private queue: Promise<unknown> = Promise.resolve();
  private cancelTimer: (() => void) | null = null;
  private ticking = false;
  private started = false;
  private closed = false;
  private readonly abort = new AbortController();

  constructor(options: SessionOptions<Comms, Flow>) {
    this.journal = options.journal;
    this.incidentDir = options.incidentDir;
    this.actor = options.actor;
    this.clock = options.clock ?? realClock;
    this.comms = options.comms;
    this.commandFlow = options.commandFlow;
    this.messageTtlMs = options.messageTtlMs ?? 6000;
    this.writePostmortem = options.writePostmortem;
    const events = [...options.events];
    this.snapshot = { state: replay(events), events, message: null, postmortemPath: null };
    this.nowMs = this.clock.now().getTime();
  }

  /** Services built after the session (they append through it, so they need it first). */
  attach(services: { comms?: Comms; commandFlow?: Flow }): void {
    if (services.commandFlow) this.commandFlow = services.commandFlow;
    if (services.comms && !this.comms) {
      this.comms = services.comms;
      // Attached after start(): the dashboard draws its first frame before loading the services.
      if (this.started) this.startComms();
    }
  }

  private startComms(): void {
    this.comms?.start?.(this.abort.signal);
    void this.callComms(() => this.comms?.announceOpened?.());
  }

  // ---- store protocol (useSyncExternalStore) ----

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => this.snapshot;

  /** The clock as a separate store, so only what shows time re-renders every second. */
  readonly subscribeClock = (listener: Listener): (() => void) => {
    this.clockListeners.add(listener);
    return () => this.clockListeners.delete(listener);
  };

  readonly getNow = (): number => this.nowMs;

  get state(): IncidentState {
    return this.snapshot.state;
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }

  // ---- writing ----

  /**
   * Appends the event built from the state at its turn in the queue (null: nothing to do),
   * then reduces and notifies. Resolves with the stored event once it is durable.
   */
  dispatchWith(build: (state: IncidentState) => NewEvent | null): Promise<IncidentEvent | null> {
    const run = async (): Promise<IncidentEvent | null> => {
      if (this.closed) throw new Error('the war room is closed');
      const event = build(this.snapshot.state);
      if (event === null) return null;
      const stored = await this.journal.append(event);
      this.snapshot = {
        ...this.snapshot,
        state: reduce(this.snapshot.state, stored),
        events: [...this.snapshot.events, stored],
      };
      this.emit();
      return stored;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  dispatch(event: NewEvent): Promise<IncidentEvent | null> {
    return this.dispatchWith(() => event);
  }

  /** Like dispatchWith, but a failure (disk full, closed) becomes an error on the status line. */
  private async act(build: (state: IncidentState) => NewEvent | null): Promise<IncidentEvent | null> {
    try {
      return await this.dispatchWith(build);
    } catch (error) {
      this.notify('error', `not recorded: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  toggleStep(stepId: string): Promise<IncidentEvent | null> {
    return this.act((state) => ({
      type: stepStateOf(state, stepId) === 'open' ? 'step.checked' : 'step.unchecked',
      actor: this.actor,
      stepId,
      note: null,
    }));
  }

  addNote(text: string): Promise<IncidentEvent | null> {
    const trimmed = text.trim();
    if (trimmed === '') return Promise.resolve(null);
    return this.act(() => ({ type: 'note.added', actor: this.actor, text: trimmed }));
  }

  setStatus(to: Exclude<IncidentStatus, 'resolved'>): Promise<IncidentEvent | null> {
    return this.withHeadline(
      this.act((state) =>
        state.status === to || state.status === 'resolved'
          ? null
          : { type: 'status.changed', actor: this.actor, from: state.status, to },
      ),
    );
  }

  setSeverity(to: string): Promise<IncidentEvent | null> {
    return this.withHeadline(
      this.act((state) =>
        state.severity === to ? null : { type: 'severity.changed', actor: this.actor, from: state.severity, to },
      ),
    );
  }

  setCommander(to: string): Promise<IncidentEvent | null> {
    const name = to.trim();
    return this.withHeadline(
      this.act((state) =>
        name === '' || state.commander === name
          ? null
          : { type: 'commander.changed', actor: this.actor, from: state.commander, to: name },
      ),
    );
  }

  /** After a change the Slack headline shows, have the comms service re-edit it. */
  private async withHeadline(change: Promise<IncidentEvent | null>): Promise<IncidentEvent | null> {
    const event = await change;
    if (event) await this.callComms(() => this.comms?.refreshHeadline?.());
    return event;
  }

  async resolve(summary: string | null = null): Promise<IncidentEvent | null> {
    const event = await this.act((state) =>
      state.status === 'resolved' ? null : { type: 'incident.resolved', actor: this.actor, from: state.status, summary },
    );
    if (event) {
      this.notify('info', 'incident resolved');
      await this.draftPostmortem();
      await this.callComms(() => this.comms?.announceResolved?.());
    }
    return event;
  }

  /** `o` on a resolved incident: the problem is back. */
  reopen(reason: string | null = null): Promise<IncidentEvent | null> {
    return this.withHeadline(
      this.act((state) => (state.status === 'resolved' ? { type: 'incident.reopened', actor: this.actor, reason } : null)),
    );
  }

  /** The draft is written the moment the incident resolves, while the details are fresh. */
  private async draftPostmortem(): Promise<void> {
    if (!this.writePostmortem) return;
    try {
      const file = await this.writePostmortem(this.snapshot.events);
      this.snapshot = { ...this.snapshot, postmortemPath: file };
      this.notify('info', `post-mortem draft: ${file}`);
    } catch (error) {
      this.notify('error', `post-mortem draft not written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** `e`: page the next target of the policy now (level 0, manual). */
  async escalateNow(): Promise<IncidentEvent | null> {
    const now = this.clock.now();
    const event = await this.act((state) => {
      if (state.status === 'resolved') return null;
      const next = nextEscalation(state, now);
      const last = state.runbook.escalation.at(-1);
      const target = next?.target ?? last?.target ?? 'on-call';
      return {
        type: 'escalation.fired',
        actor: this.actor,
        level: 0,
        afterMinutes: null,
        action: 'page',
        target,
        dueAt: null,
        late: false,
        manual: true,
      };
    });
    if (event?.type === 'escalation.fired') await this.page(event);
    return event;
  }

  private async page(event: EscalationFiredEvent): Promise<void> {
    this.notify('warn', `paged ${event.target}${event.late ? ' (late: warroom was not running)' : ''}`);
    await this.callComms(() => this.comms?.page?.(event));
  }

  private async callComms(call: () => unknown): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.notify('error', `comms: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // ---- status line ----

  notify(level: StatusLevel, text: string, ttlMs = this.messageTtlMs): void {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    this.snapshot = { ...this.snapshot, message: { level, text: oneLine, at: this.clock.now().getTime(), ttlMs } };
    this.emit();
  }

  // ---- clocks ----

  /** Starts the 1 s ticker (aligned to whole seconds so the elapsed time never skips). */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.startComms();
    const schedule = () => {
      const ms = 1000 - (this.clock.now().getTime() % 1000) + 5;
      this.cancelTimer = this.clock.schedule(() => {
        void this.tick().finally(() => {
          if (!this.closed) schedule();
        });
      }, ms);
    };
    void this.tick();
    schedule();
  }

  /** One clock step: update `now`, expire the status line, record due escalations and updates. */
  async tick(): Promise<void> {
    if (this.ticking || this.closed) return;
    this.ticking = true;
    try {
      const now = this.clock.now();
      this.nowMs = now.getTime();
      for (const listener of [...this.clockListeners]) listener();
      const message = this.snapshot.message;
      if (message && this.nowMs >= message.at + message.ttlMs) {
        this.snapshot = { ...this.snapshot, message: null };
        this.emit();
      }
      // Each event is rebuilt from the state the previous append left, so a level fires once.
      for (;;) {
        const event = await this.act((state) => nextEscalationEvent(state, now));
        if (event?.type !== 'escalation.fired') break;
        await this.page(event);
      }
      await this.act((state) => updateDueEvent(state, now));
    } finally {
      this.ticking = false;
    }
  }

  /** Stops the ticker and the outbox, waits for queued appends, releases the journal. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.cancelTimer?.();
    this.cancelTimer = null;
    await this.queue;
    // A resolution or headline edit held back by Slack's pacing goes out before we leave;
    // anything waiting out an outage stays queued in the journal for `warroom resume`.
    await this.callComms(() => this.comms?.drain?.(5000));
    this.closed = true;
    this.abort.abort();
    await this.callComms(() => this.comms?.stop?.());
    await this.journal.close();
  }
}
