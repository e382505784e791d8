// An incident whose journal has a damaged or unknown line opens read-only: the dashboard shows
// what the intact lines say, and every append is refused with the reason (which `file:line`,
// and that `warroom repair <id>` makes it writable again). Nothing is written, no lock is held.
import type { EventStore, Stored } from '../core/incident/event-store.ts';
import type { IncidentEvent, NewEvent } from '../core/incident/events.ts';
import { replay } from '../core/incident/reduce.ts';
import type { IncidentState } from '../core/incident/state.ts';
import { WarroomError } from '../errors.ts';

export class ReadOnlyStore implements EventStore {
  readonly #events: readonly IncidentEvent[];
  readonly #state: IncidentState;
  readonly reason: string;

  constructor(events: readonly IncidentEvent[], reason: string) {
    this.#events = [...events];
    this.#state = replay(this.#events);
    this.reason = reason;
  }

  get state(): IncidentState {
    return this.#state;
  }

  get events(): readonly IncidentEvent[] {
    return this.#events;
  }

  append<E extends NewEvent>(_event: E): Promise<Stored<E>> {
    return Promise.reject(new WarroomError(this.reason));
  }

  subscribe(): () => void {
    return () => undefined;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
