// Presence for the header ("alice, bob in the room"): a heartbeat every few seconds and the list
// of terminals heard from in the last 30 s, refreshed with it. While the store is unreachable the
// last list is kept (the header says offline anyway) and the loop keeps trying. Leaving removes
// this terminal at once instead of waiting for it to go stale.
import type { PresenceEntry, SharedRoom } from '../../adapters/share/room.ts';

export interface PresenceLoopOptions {
  room: Pick<SharedRoom, 'heartbeat' | 'presence' | 'leave'>;
  incidentId: string;
  me: { terminal: string; operator: string; role?: string | null };
  /** Heartbeat interval, ms. Default 5000. */
  everyMs?: number;
  /** Heard from within this long counts as present, ms. Default 30 000. */
  freshMs?: number;
  onChange?: (present: readonly PresenceEntry[]) => void;
}

export class PresenceLoop {
  readonly #o: PresenceLoopOptions;
  readonly #me: PresenceLoopOptions['me'];
  #present: readonly PresenceEntry[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #beat: Promise<void> = Promise.resolve();
  #running = false;
  // One chain of beats only: a second one (a role change during a beat) could outlive stop()
  // and beat once more after leave(), putting a terminal that left back in the room for 30 s.
  #beating = false;
  #again = false;

  constructor(options: PresenceLoopOptions) {
    this.#o = options;
    this.#me = { ...options.me };
  }

  get present(): readonly PresenceEntry[] {
    return this.#present;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#tick();
  }

  /** A role taken or handed over: say so with the next heartbeat, now. */
  setRole(role: string | null): void {
    this.#me.role = role;
    if (!this.#running) return;
    if (this.#beating) {
      this.#again = true; // the beat in flight is followed at once by one with the new role
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#tick();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    // A beat that followed another (setRole) replaces #beat as it starts: wait until none runs.
    while (this.#beating) await this.#beat;
    await this.#o.room.leave(this.#o.incidentId, this.#me.terminal).catch(() => undefined);
  }

  #tick(): void {
    if (!this.#running) return;
    this.#beating = true;
    this.#beat = this.#beatOnce().finally(() => {
      this.#beating = false;
      if (!this.#running) return;
      if (this.#again) {
        this.#again = false;
        this.#tick();
        return;
      }
      this.#timer = setTimeout(() => this.#tick(), this.#o.everyMs ?? 5000);
    });
  }

  async #beatOnce(): Promise<void> {
    try {
      await this.#o.room.heartbeat(this.#o.incidentId, this.#me);
      const present = await this.#o.room.presence(this.#o.incidentId, this.#o.freshMs ?? 30_000);
      const changed = JSON.stringify(present.map((p) => [p.terminal, p.operator, p.role])) !== JSON.stringify(this.#present.map((p) => [p.terminal, p.operator, p.role]));
      this.#present = present;
      if (changed) this.#o.onChange?.(present);
    } catch {
      // Unreachable: keep the last list; the replicator's status tells the operator.
    }
  }
}
