// The file journal as the war room's EventStore: appends go to journal.jsonl (fsynced) first,
// then the state is reduced and subscribers hear of the event. The event list grows in place,
// so a long incident costs one push per event, not a copy of its whole history.
import type { EventStore, Stored } from '../core/incident/event-store.ts';
import type { IncidentEvent, NewEvent } from '../core/incident/events.ts';
import { reduce, replay } from '../core/incident/reduce.ts';
import type { IncidentState } from '../core/incident/state.ts';
import type { Journal } from './journal.ts';

type Listener = (event: IncidentEvent) => void;

export class JournalStore implements EventStore {
  readonly #journal: Journal;
  readonly #events: IncidentEvent[];
  readonly #listeners = new Set<Listener>();
  #state: IncidentState;

  /** `events`: what the journal held when it was opened (at least incident.opened). */
  constructor(journal: Journal, events: readonly IncidentEvent[]) {
    this.#journal = journal;
    this.#events = [...events];
    this.#state = replay(this.#events);
  }

  get state(): IncidentState {
    return this.#state;
  }

  get events(): readonly IncidentEvent[] {
    return this.#events;
  }

  get dir(): string {
    return this.#journal.dir;
  }

  async append<E extends NewEvent>(event: E): Promise<Stored<E>> {
    // The journal resolves appends in seq order, so the state folds them in that order too.
    const stored = await this.#journal.append(event);
    this.#state = reduce(this.#state, stored);
    this.#events.push(stored);
    for (const listener of [...this.#listeners]) {
      try {
        listener(stored);
      } catch (error) {
        // The event is durable whatever a listener does: its bug surfaces as a crash of its own,
        // not as a failed append that the caller would retry or report as lost.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    return stored as Stored<E>;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): Promise<void> {
    return this.#journal.close();
  }
}
