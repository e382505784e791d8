// The live output of the running command, for the dashboard's output pane. Read like the session
// store (subscribe + getLines, for useSyncExternalStore): getLines returns the same array until
// something changed, and listeners hear at most every `intervalMs`, so a command printing 100 MB
// costs the screen ten repaints a second, not one per chunk.
import { OutputTail } from '../core/command/output-tail.ts';

type Listener = () => void;

export class OutputFeed {
  readonly #intervalMs: number;
  readonly #maxLines: number;
  readonly #listeners = new Set<Listener>();
  #tail: OutputTail | null = null;
  #snapshot: readonly string[] = [];
  #seenVersion = -1;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(options: { intervalMs?: number; maxLines?: number } = {}) {
    this.#intervalMs = options.intervalMs ?? 100;
    this.#maxLines = options.maxLines ?? 2000;
  }

  /** A fresh tail for a new run; the feed shows it from now on. */
  begin(): OutputTail {
    this.#tail = new OutputTail({ maxLines: this.#maxLines });
    this.#seenVersion = -1;
    this.#refresh();
    this.#timer ??= setInterval(() => this.#refresh(), this.#intervalMs);
    return this.#tail;
  }

  /** The run ended: publish its last lines and stop polling. */
  end(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#seenVersion = -1;
    this.#refresh();
  }

  readonly subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getLines = (): readonly string[] => this.#snapshot;

  #refresh(): void {
    const tail = this.#tail;
    if (!tail || tail.version === this.#seenVersion) return;
    this.#seenVersion = tail.version;
    this.#snapshot = tail.lines();
    for (const listener of this.#listeners) listener();
  }
}
