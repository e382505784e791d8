// What the header shows of a shared room, as a small store for useSyncExternalStore: who is in
// the room (heartbeats within 30 s) and whether this terminal is in sync (`online`,
// `offline · 3 to sync`). Rows refused from the store are handed to whoever listens for problems
// (the status line), each once.
import type { PresenceEntry } from '../../adapters/share/room.ts';
import { statusLine, type ReplicationStatus } from './replicator.ts';

export interface ShareSnapshot {
  /** `online`, `offline · 3 to sync`, `connecting`... */
  line: string;
  offline: boolean;
  /** Operators in the room, in order of joining (this terminal included once it has beaten). */
  present: readonly PresenceEntry[];
  /** This process's terminal id (its claims and presence row). */
  terminal: string;
  operator: string;
}

export interface ShareViewOptions {
  terminal: string;
  operator: string;
  toSync: () => number;
}

type Listener = () => void;

export class ShareViewSource {
  readonly #o: ShareViewOptions;
  #status: ReplicationStatus = { kind: 'connecting' };
  #present: readonly PresenceEntry[] = [];
  #snapshot: ShareSnapshot;
  readonly #listeners = new Set<Listener>();
  readonly #problemSinks = new Set<(line: string) => void>();
  readonly #earlyProblems: string[] = [];
  #presence: { setRole(role: string | null): void } | null = null;

  constructor(options: ShareViewOptions) {
    this.#o = options;
    this.#snapshot = this.#build();
  }

  readonly subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getSnapshot = (): ShareSnapshot => this.#snapshot;

  /** Bad rows and unshared events, one line each (the status line listens). */
  onProblem(sink: (line: string) => void): () => void {
    this.#problemSinks.add(sink);
    for (const line of this.#earlyProblems.splice(0)) sink(line);
    return () => this.#problemSinks.delete(sink);
  }

  problem(line: string): void {
    if (this.#problemSinks.size === 0) this.#earlyProblems.push(line);
    for (const sink of this.#problemSinks) sink(line);
  }

  attachPresence(presence: { setRole(role: string | null): void }): void {
    this.#presence = presence;
  }

  /** The role this terminal's heartbeat announces. */
  setRole(role: string | null): void {
    this.#presence?.setRole(role);
  }

  setStatus(status: ReplicationStatus): void {
    this.#status = status;
    this.changed();
  }

  setPresent(present: readonly PresenceEntry[]): void {
    this.#present = present;
    this.changed();
  }

  /** The replica changed (the count to sync may have). */
  changed(): void {
    const next = this.#build();
    const s = this.#snapshot;
    if (next.line === s.line && next.present === s.present) return;
    this.#snapshot = next;
    for (const listener of [...this.#listeners]) listener();
  }

  #build(): ShareSnapshot {
    const { terminal, operator } = this.#o;
    const kind = this.#status.kind;
    return { line: statusLine(this.#status, this.#o.toSync()), offline: kind === 'offline' || kind === 'failed', present: this.#present, terminal, operator };
  }
}
