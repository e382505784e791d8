// Opening a shared incident in this terminal: the connection to the shared store, the local
// replica (replica.jsonl in the incident folder), the replicator and its wake-up listener, the
// presence heartbeat, and the EventStore the war room runs on. `warroom run` publishes a new
// incident through it; `warroom join` opens one somebody else published.
import os from 'node:os';
import path from 'node:path';
import type { NewEvent } from '../../core/incident/events.ts';
import { viewState } from '../../core/share/replica.ts';
import { ReplicaFile } from '../../adapters/share/replica-file.ts';
import { SharedStore } from '../../adapters/share/store.ts';
import { WakeListener } from '../../adapters/share/listener.ts';
import type { PresenceEntry } from '../../adapters/share/room.ts';
import { WarroomError } from '../../errors.ts';
import { PresenceLoop } from './presence-loop.ts';
import { Replicator, type ReplicationStatus } from './replicator.ts';
import { SharedEventStore } from './shared-event-store.ts';
import { ShareViewSource } from './share-view.ts';

export const REPLICA_FILE = 'replica.jsonl';

export interface OpenSharedOptions {
  url: string;
  caFile?: string | null;
  incidentId: string;
  /** The incident folder (replica.jsonl goes there). The caller holds its lock. */
  dir: string;
  operator: string;
  /** `share.terminal`; default `user@host`. */
  terminalName?: string | null;
  /** `warroom run`: the incident.opened event to publish (the replica must be new). */
  publish?: NewEvent;
  /** Released after everything else on close (the incident lock, a journal). */
  release?: () => Promise<void>;
  /** Tests and the bench shorten these. */
  pollMs?: number;
  heartbeatMs?: number;
  /** A terminal silent this long has left the room (default 30 s; WARROOM_SHARE_PRESENCE_MS). */
  presenceMs?: number;
  /** How long `join` waits for the incident's opening from the store. Default 20 s. */
  joinTimeoutMs?: number;
}

export interface SharedIncident {
  store: SharedEventStore;
  view: ShareViewSource;
  shared: SharedStore;
  replicator: Replicator;
  /** This process in the room: the holder of its claims and its presence row. */
  terminal: string;
  operator: string;
  incidentId: string;
}

/** `alice@laptop`, or share.terminal; the process id makes two terminals of one user distinct. */
export function terminalId(operator: string, name: string | null | undefined): string {
  return `${name?.trim() || `${operator}@${os.hostname()}`}#${process.pid}`;
}

export async function openSharedIncident(o: OpenSharedOptions): Promise<SharedIncident> {
  const terminal = terminalId(o.operator, o.terminalName);
  const shared = await SharedStore.connect({ url: o.url, caFile: o.caFile ?? null, allowOffline: true, connectTimeoutMs: 3000 });
  let file: ReplicaFile | null = null;
  let listener: WakeListener | null = null;
  let replicator: Replicator | null = null;
  let presence: PresenceLoop | null = null;
  const stopAll = async () => {
    await presence?.stop();
    await replicator?.stop();
    await listener?.close();
    await shared.close();
  };
  try {
    file = await ReplicaFile.open(path.join(o.dir, REPLICA_FILE), { incidentId: o.incidentId, terminal });
    const published = o.publish ? (await file.appendWithId(o.publish)).id : null;
    const view = new ShareViewSource({ terminal, operator: o.operator, toSync: () => file?.replica.pending.length ?? 0 });
    file.subscribe(() => view.changed());
    replicator = new Replicator({
      incidentId: o.incidentId,
      local: file,
      log: shared,
      ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}),
      onStatus: (status) => view.setStatus(status),
      onProblem: (line) => view.problem(line),
    });
    const rep = replicator;
    listener = WakeListener.start({ config: shared.clientConfig, onWake: (wake) => rep.wake(wake) });
    replicator.start();
    presence = new PresenceLoop({
      room: shared.room,
      incidentId: o.incidentId,
      me: { terminal, operator: o.operator, role: null },
      ...presenceTiming(o),
      onChange: (present: readonly PresenceEntry[]) => view.setPresent(present),
    });
    view.attachPresence(presence);
    presence.start();
    // The first heartbeat of a new incident fails until the incident is in the store: beat again
    // as soon as it is, rather than a heartbeat later.
    const beating = presence;
    if (published !== null) void replicator.settled(published).then(() => beating.setRole(null));
    if (viewState(file.replica) === undefined) await waitForOpening(file, replicator, o.joinTimeoutMs ?? 20_000);
    const replicaFile = file;
    const store = new SharedEventStore({
      file: replicaFile,
      kick: () => rep.kick(),
      onClose: async () => {
        // What is still pending gets a last chance to go out before we leave.
        await Promise.race([rep.idle(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
        await stopAll();
        await o.release?.();
      },
    });
    return { store, view, shared, replicator, terminal, operator: o.operator, incidentId: o.incidentId };
  } catch (error) {
    await stopAll().catch(() => undefined);
    await file?.close().catch(() => undefined);
    await o.release?.().catch(() => undefined);
    throw error;
  }
}

async function waitForOpening(file: ReplicaFile, replicator: Replicator, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (viewState(file.replica) === undefined) {
    const status: ReplicationStatus = replicator.status;
    if (status.kind === 'failed') throw new WarroomError(`cannot join ${file.replica.incidentId}: ${status.error}`);
    if (Date.now() > deadline) {
      const why = status.kind === 'offline' ? status.error : 'the shared store has no events for it';
      throw new WarroomError(`cannot join ${file.replica.incidentId}: ${why}`);
    }
    await Promise.race([replicator.idle(), new Promise((resolve) => setTimeout(resolve, 250))]);
  }
}

/**
 * How often to beat and how long silence means gone. WARROOM_SHARE_PRESENCE_MS shortens the
 * window (tests of a terminal that dies); the heartbeat then comes three times per window.
 */
function presenceTiming(o: Pick<OpenSharedOptions, 'heartbeatMs' | 'presenceMs'>): { everyMs?: number; freshMs?: number } {
  const fromEnv = Number(process.env.WARROOM_SHARE_PRESENCE_MS);
  const freshMs = o.presenceMs ?? (Number.isSafeInteger(fromEnv) && fromEnv >= 1000 ? fromEnv : undefined);
  const everyMs = o.heartbeatMs ?? (freshMs !== undefined ? Math.min(5000, Math.floor(freshMs / 3)) : undefined);
  return { ...(everyMs !== undefined ? { everyMs } : {}), ...(freshMs !== undefined ? { freshMs } : {}) };
}
