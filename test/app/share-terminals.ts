// A "terminal" for the replicator tests: its own fsynced replica file, its own connection to the
// shared store, its own LISTEN connection and replicator, all in this process.
import path from 'node:path';
import { ReplicaFile } from '../../src/adapters/share/replica-file.ts';
import { SharedStore } from '../../src/adapters/share/store.ts';
import { WakeListener } from '../../src/adapters/share/listener.ts';
import { Replicator, type ReplicationStatus } from '../../src/app/share/replicator.ts';
import { viewEvents, viewState } from '../../src/core/share/replica.ts';
import type { IncidentEvent, NewEvent } from '../../src/core/incident/events.ts';
import type { IncidentState } from '../../src/core/incident/state.ts';

export const INCIDENT = '2026-11-26-1005-api-high-latency';

export interface Terminal {
  name: string;
  file: ReplicaFile;
  store: SharedStore;
  replicator: Replicator;
  listener: WakeListener;
  problems: string[];
  statuses: ReplicationStatus[];
  /** A local append as the session would make it: fsynced, then the replicator is kicked. */
  append(event: NewEvent): Promise<IncidentEvent>;
  appendWithId(event: NewEvent): Promise<{ id: string; event: IncidentEvent }>;
  events(): IncidentEvent[];
  state(): IncidentState | undefined;
  close(): Promise<void>;
}

export async function openTerminal(name: string, url: string, dir: string, options: { pollMs?: number } = {}): Promise<Terminal> {
  const file = await ReplicaFile.open(path.join(dir, `${name}.replica.jsonl`), { incidentId: INCIDENT, terminal: name });
  const store = await SharedStore.connect({ url, connectTimeoutMs: 2000 });
  const problems: string[] = [];
  const statuses: ReplicationStatus[] = [];
  const replicator = new Replicator({
    incidentId: INCIDENT,
    local: file,
    log: store,
    pollMs: options.pollMs ?? 2000,
    backoff: { baseMs: 50, maxMs: 400 },
    onProblem: (line) => problems.push(line),
    onStatus: (status) => statuses.push(status),
  });
  const listener = WakeListener.start({ config: store.clientConfig, onWake: (wake) => replicator.wake(wake), backoff: { baseMs: 50, maxMs: 400 } });
  replicator.start();
  return {
    name,
    file,
    store,
    replicator,
    listener,
    problems,
    statuses,
    async append(event) {
      const stored = await file.append(event);
      replicator.kick();
      return stored;
    },
    async appendWithId(event) {
      const stored = await file.appendWithId(event);
      replicator.kick();
      return stored;
    },
    events: () => viewEvents(file.replica),
    state: () => viewState(file.replica),
    async close() {
      await replicator.stop();
      await listener.close();
      await store.close();
      await file.close();
    },
  };
}

/** True once every terminal has pushed everything and read the same shared log. */
export function converged(terminals: Terminal[]): boolean {
  const lengths = new Set(terminals.map((t) => t.file.replica.shared.length));
  return lengths.size === 1 && terminals.every((t) => t.file.replica.pending.length === 0);
}
