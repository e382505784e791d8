// Keys pressed while the war room's services (runner, Slack, the outbox) are still loading. The
// first complete frame, help bar and key listener included, comes before those services: their
// module initialisation is a block of tens of milliseconds that start-up need not wait for. A key
// pressed in that moment is neither lost nor handled by a board that cannot run a command yet
// (which would say "not available in this session", untrue a moment later): it waits here, in
// order, and is handled the moment the services are attached, by the bindings of that moment.

interface HeldPress {
  deliver: () => void;
}

export class KeyGate {
  #held: boolean;
  readonly #queue: HeldPress[] = [];
  #bound = false;
  readonly #boundListeners = new Set<() => void>();

  constructor(held: boolean) {
    this.#held = held;
  }

  get held(): boolean {
    return this.#held;
  }

  /** Presses waiting for the gate to open. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Runs `deliver` now, or once the gate opens (after the presses that came before it). */
  admit(deliver: () => void): void {
    if (this.#held) this.#queue.push({ deliver });
    else deliver();
  }

  /** Opens the gate and handles what waited, in the order it was pressed. */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    for (const press of this.#queue.splice(0)) press.deliver();
  }

  /** Called by the listening view once Ink's listener is bound. */
  markBound(): void {
    if (this.#bound) return;
    this.#bound = true;
    for (const listener of this.#boundListeners) listener();
    this.#boundListeners.clear();
  }

  /** Calls `listener` (synchronously) once a view listens to the keyboard; at once if one does. */
  onceBound(listener: () => void): void {
    if (this.#bound) listener();
    else this.#boundListeners.add(listener);
  }

  /** Resolves once a view listens to the keyboard. */
  whenBound(): Promise<void> {
    return new Promise((resolve) => this.onceBound(resolve));
  }
}
