// The war room's EventStore when the incident is shared: the local replica (fsynced first, so a
// key is acknowledged exactly as alone) and the replicator pushing it to the shared log in the
// background. What the session sees is the replica's view: the shared events in shared order,
// then this terminal's pending ones. When another terminal's events arrive before ours are
// pushed, ours move after them; the event list is then rewritten in place from the first place
// that changed, and subscribers hear of every event they had not heard of yet.
import type { EventStore, Stored } from '../../core/incident/event-store.ts';
import type { IncidentEvent, NewEvent } from '../../core/incident/events.ts';
import type { IncidentState } from '../../core/incident/state.ts';
import { viewEvents, viewState } from '../../core/share/replica.ts';
import { currentSeqOf, resolveRef } from '../../core/share/refs.ts';
import type { Replica } from '../../core/share/types.ts';
import { WarroomError } from '../../errors.ts';

type Listener = (event: IncidentEvent) => void;

/** The replica file as this store needs it (ReplicaFile implements it). */
export interface ReplicaPort {
  readonly replica: Replica;
  appendWithId(event: NewEvent): Promise<{ id: string; event: IncidentEvent }>;
  subscribe(listener: () => void): () => void;
  close(): Promise<void>;
}

export interface SharedEventStoreOptions {
  file: ReplicaPort;
  /** A local append happened: push it now (Replicator.kick). */
  kick: () => void;
  /** Runs after the file is closed (stop the replicator, release the lock and the pool). */
  onClose?: () => Promise<void>;
}

/** The ids of the view's events, in view order (rejected rows leave no event). */
function viewIds(replica: Replica): string[] {
  const ids: string[] = [];
  for (const entry of replica.shared) if (entry.kind === 'event') ids.push(entry.id);
  for (const p of replica.pending) ids.push(p.id);
  return ids;
}

export class SharedEventStore implements EventStore {
  readonly #o: SharedEventStoreOptions;
  readonly #events: IncidentEvent[] = [];
  #ids: string[] = [];
  #state: IncidentState;
  readonly #listeners = new Set<Listener>();
  /** Which terminal made each event object handed out (reactions with side effects run only for ours). */
  readonly #origin = new WeakMap<IncidentEvent, string>();
  readonly #unsubscribe: () => void;
  #closed = false;
  readonly #beforeClose: (() => Promise<void>)[] = [];

  constructor(options: SharedEventStoreOptions) {
    this.#o = options;
    const state = viewState(options.file.replica);
    if (state === undefined) throw new WarroomError(`the replica of ${options.file.replica.incidentId} has no incident.opened event yet`);
    this.#state = state;
    this.#refresh(false);
    this.#unsubscribe = options.file.subscribe(() => this.#refresh(true));
  }

  get state(): IncidentState {
    return this.#state;
  }

  get events(): readonly IncidentEvent[] {
    return this.#events;
  }

  get replica(): Replica {
    return this.#o.file.replica;
  }

  /** True when `event` (an object this store handed out) was made by this terminal. */
  isLocal(event: IncidentEvent): boolean {
    return this.#origin.get(event) === this.#o.file.replica.terminal;
  }

  /** EventStore.currentSeq: where the command or flag request this process was handed as `issuedSeq` is now in the view. */
  currentSeq(issuedSeq: number): number {
    const replica = this.#o.file.replica;
    const id = resolveRef(replica, 'requestSeq', issuedSeq);
    return (id === undefined ? undefined : currentSeqOf(replica, id)) ?? issuedSeq;
  }

  /** The id of the event now at `seq` in the view (stable across terminals, unlike a pending seq). */
  idAtSeq(seq: number): string | undefined {
    const index = this.#events.findIndex((e) => e.seq === seq);
    return index < 0 ? undefined : this.#ids[index];
  }

  /** The terminal that made the event now at `seq`, when known. */
  originOfSeq(seq: number): string | undefined {
    const event = this.#events.find((e) => e.seq === seq);
    return event ? this.#origin.get(event) : undefined;
  }

  /** The terminal that made the event, when known. */
  originOf(event: IncidentEvent): string | undefined {
    return this.#origin.get(event);
  }

  async append<E extends NewEvent>(event: E): Promise<Stored<E>> {
    if (this.#closed) throw new WarroomError('the war room is closed');
    const { id } = await this.#o.file.appendWithId(event);
    this.#o.kick();
    // The file's listener already folded it into the view; hand back the view's object.
    const index = this.#ids.lastIndexOf(id);
    const stored = index >= 0 ? this.#events[index] : undefined;
    if (stored === undefined) throw new WarroomError(`${event.type} was recorded but is not in the view`);
    return stored as Stored<E>;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #refresh(notify: boolean): void {
    const replica = this.#o.file.replica;
    const ids = viewIds(replica);
    const events = viewEvents(replica);
    let same = 0;
    const old = this.#ids;
    while (same < ids.length && same < old.length && ids[same] === old[same] && this.#events[same]?.seq === events[same]?.seq) same += 1;
    if (same === ids.length && same === old.length) return;
    const known = new Set(old);
    const origins = new Map<string, string>();
    for (const entry of replica.shared) if (entry.kind === 'event') origins.set(entry.id, entry.origin);
    const fresh = events.slice(same);
    fresh.forEach((event, i) => this.#origin.set(event, origins.get(ids[same + i] ?? '') ?? replica.terminal));
    this.#events.splice(same, this.#events.length - same, ...fresh);
    this.#ids = ids;
    this.#state = viewState(replica) ?? this.#state;
    if (!notify) return;
    for (const [i, event] of fresh.entries()) {
      if (known.has(ids[same + i] ?? '')) continue;
      for (const listener of [...this.#listeners]) {
        try {
          listener(event);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    }
  }

  /** Work to finish before the store closes (copies of command output in flight). */
  beforeClose(hook: () => Promise<void>): void {
    this.#beforeClose.push(hook);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    for (const hook of this.#beforeClose.splice(0)) await hook().catch(() => undefined);
    this.#closed = true;
    this.#unsubscribe();
    await this.#o.file.close();
    await this.#o.onClose?.();
  }
}
