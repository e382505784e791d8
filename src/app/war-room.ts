// The composition root of a war room: around the EventStore everything appends through (the
// incident's journal file today), runs a dead warroom left open are closed, and the session (the dashboard's
// store, with its reaction table and clock) is built on it. The services that load execa, ky and
// the outbox (war-room-services.ts) attach later, once the first frame is on screen. The program
// and the tests build a war room with these same two functions.
import type { Journal } from '../adapters/journal.ts';
import { JournalStore } from '../adapters/journal-store.ts';
import { measureLog } from '../adapters/log-facts.ts';
import type { IncidentEvent } from '../core/incident/events.ts';
import type { EventStore } from '../core/incident/event-store.ts';
import { closedWhileAway } from './share/closed-while-away.ts';
import { closeLeftoverRuns, type LeftoverOptions, type LeftoverReport } from './leftover-runs.ts';
import { inspectFromJournal } from './leftover-watch.ts';
import type { ReactionTable } from './reactions.ts';
import type { RequestRun } from '../core/incident/run-selectors.ts';
import type { SharedIncident } from './share/open-shared.ts';
import { sharedReactions } from './share/shared-reactions.ts';
import { syncCommandLogs } from './share/command-log-sync.ts';
import { writePostmortem } from './postmortem.ts';
import { Session, type SessionClock } from './session.ts';
import type { PostmortemWriter } from './session-types.ts';

export interface WarRoom {
  incidentDir: string;
  store: EventStore;
  session: Session;
  /** What opening found of a dead warroom's runs (closed, or still alive on this host). */
  leftovers: LeftoverReport;
  /** Set when the incident is shared: the room's connection, presence and sync status. */
  share?: SharedIncident;
}

export interface OpenWarRoomOptions {
  incidentDir: string;
  /** Where the incident's events live: the file journal today (journalStore), any EventStore later. */
  store: EventStore;
  /** The operator: the actor of every event appended from a key. */
  actor: string;
  clock?: SessionClock;
  /** Does a leftover run's process still live? (see leftover-runs.ts) */
  inspectLeftover?: LeftoverOptions['inspect'];
  /** How long a status-line message stays (tests). */
  messageTtlMs?: number;
  /** Default: the draft written next to the journal (postmortem.ts). */
  writePostmortem?: PostmortemWriter;
  /** The journal is damaged and the store refuses appends: nothing is closed, the header says why. */
  readOnlyReason?: string | null;
  /** A shared incident (its `store` is the shared one): see src/app/share/. */
  share?: SharedIncident;
  reactions?: ReactionTable;
}

/** The file journal, with the incident lock held, as the war room's store. */
export function journalStore(journal: Journal, events: readonly IncidentEvent[]): EventStore {
  return new JournalStore(journal, events);
}

export async function openWarRoom(options: OpenWarRoomOptions): Promise<WarRoom> {
  const { store } = options;
  const readOnlyReason = options.readOnlyReason ?? null;
  // In a shared room an open run or dialog may be another terminal's, alive: only the ones this
  // terminal started (its replica's origin) are its to close after a crash.
  // A damaged (read-only) journal records nothing, so nothing is closed either.
  const share = options.share;
  const mine = share ? (r: RequestRun) => share.store.originOfSeq(r.run.requestSeq) === share.store.replica.terminal : undefined;
  const leftovers: LeftoverReport =
    readOnlyReason !== null
      ? { closed: [], alive: [] }
      : await closeLeftoverRuns(store, {
          measureLog: (file) => measureLog(options.incidentDir, file),
          // A run whose process tree still lives on this host stays open for the operator to decide.
          inspect: options.inspectLeftover ?? inspectFromJournal(store.events),
          ...(mine ? { mine } : {}),
        });
  const reactions = options.reactions ?? (options.share ? sharedReactions(options.share.store, options.actor) : undefined);
  const session = new Session({
    store,
    actor: options.actor,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.messageTtlMs !== undefined ? { messageTtlMs: options.messageTtlMs } : {}),
    ...(reactions ? { reactions } : {}),
    writePostmortem: options.writePostmortem ?? ((events) => writePostmortem(options.incidentDir, events)),
    readOnlyReason,
  });
  if (leftovers.closed.length > 0) {
    const runs = leftovers.closed.length === 1 ? 'an unfinished run' : `${leftovers.closed.length} unfinished runs`;
    session.notify('warn', `closed ${runs} left by a warroom that exited (outcome unknown; see the timeline)`, 15_000);
  }
  if (leftovers.alive.length > 0) {
    const which = leftovers.alive.map((r) => `#${r.run.requestSeq}`).join(', ');
    session.notify('warn', `request ${which} is still running from a warroom that exited: stop it or keep watching it`, 15_000);
  }
  if (options.share) {
    const { view } = options.share;
    options.share.store.beforeClose(syncCommandLogs(options.share, options.incidentDir));
    view.onProblem((line) => session.notify('warn', line, 15_000));
    for (const line of await closedWhileAway(store.state, options.share, options.inspectLeftover ?? inspectFromJournal(store.events))) session.notify('warn', line, 30_000);
    // The heartbeat announces this terminal's role, so the header shows who does what.
    const mine = () => (['operations', 'communications', 'scribe'] as const).find((r) => store.state.roles?.[r] === options.actor) ?? null;
    if (mine() !== null) view.setRole(mine());
    store.subscribe((event) => {
      if (event.type === 'role.assigned') view.setRole(mine());
    });
  }
  return { incidentDir: options.incidentDir, store, session, leftovers, ...(options.share ? { share: options.share } : {}) };
}
