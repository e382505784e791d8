// A war room on a real journal with the real outbox and dispatch, for the status-page tests:
// public updates are requested the way the composer will (requestPageUpdate, appended before
// anything is sent) and delivered by the same Outbox the program runs.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJournal, openJournal, type Journal } from '../../src/adapters/journal.ts';
import { createDispatch } from '../../src/adapters/delivery-dispatch.ts';
import type { EventStore } from '../../src/core/incident/event-store.ts';
import { JournalStore } from '../../src/adapters/journal-store.ts';
import { Outbox, type OutboxNotice } from '../../src/adapters/outbox.ts';
import type { StatusPageConfig, WarroomConfig } from '../../src/adapters/config.ts';
import { JOURNAL_FORMAT_VERSION, type IncidentEvent, type NewEvent } from '../../src/core/incident/events.ts';
import type { IncidentState } from '../../src/core/incident/state.ts';
import { DEFAULT_IMPACT_MAP, requestPageUpdate, type PageUpdateRequest } from '../../src/core/statuspage/requests.ts';
import { seedOpened, testConfig } from './comms-fixtures.ts';
import { STANDIN_KEY } from './statuspage-server.ts';

export const INCIDENT_ID = '2026-11-26-1005-api-high-latency';

export function statusConfig(apiUrl: string, pageId: string, provider = 'atlassian'): WarroomConfig & { statuspage: StatusPageConfig } {
  return {
    ...testConfig(null),
    statuspage: { provider, apiKey: STANDIN_KEY, pageId, apiUrl, impactMap: { ...DEFAULT_IMPACT_MAP }, components: [] },
    comms: { internalDomains: [] },
  };
}

export interface WarRoom {
  dir: string;
  store: EventStore;
  state(): IncidentState;
  events(): IncidentEvent[];
  append(event: NewEvent): Promise<IncidentEvent>;
  close(): Promise<void>;
}

export async function tempRoot(prefix: string, cleanup: (() => Promise<unknown>)[]): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  cleanup.push(() => fs.rm(root, { recursive: true, force: true }));
  return root;
}

function room(dir: string, journal: Journal, events: IncidentEvent[]): WarRoom {
  const store = new JournalStore(journal, events);
  return {
    dir,
    store,
    state: () => store.state,
    events: () => [...store.events],
    append: (event) => store.append(event),
    close: () => store.close(),
  };
}

/** A new incident (the seed's, SEV-2) with its journal at `<root>/incidents/<id>`. */
export async function openWarRoom(root: string): Promise<WarRoom> {
  const dir = path.join(root, 'incidents', INCIDENT_ID);
  const journal = await createJournal(dir, { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: INCIDENT_ID, createdAt: new Date().toISOString() });
  const stamped = await journal.append(seedOpened({ incidentId: INCIDENT_ID }));
  return room(dir, journal, [stamped]);
}

/** The same incident opened again, as `warroom resume` does. */
export async function resumeWarRoom(dir: string): Promise<WarRoom> {
  const opened = await openJournal(dir);
  if (!opened.journal) throw new Error('journal opened read-only');
  return room(dir, opened.journal, [...opened.events]);
}

export async function readEvents(dir: string): Promise<IncidentEvent[]> {
  return (await openJournal(dir, { readonly: true })).events;
}

export function startOutbox(warRoom: WarRoom, config: WarroomConfig, notices: OutboxNotice[] = [], paceMs = 0): Outbox {
  const outbox = new Outbox({
    store: warRoom.store,
    dispatch: createDispatch({ config, incidentDir: warRoom.dir, timeoutMs: 5000 }),
    paceMs: { statuspage: paceMs, slack: 0, pagerduty: 0 },
    backoff: { baseMs: 100, maxMs: 400 },
    onNotice: (notice) => notices.push(notice),
  });
  outbox.start();
  return outbox;
}

export const API_DEGRADED = { id: 'cmp-api', name: 'API', status: 'degraded_performance' } as const;

/** A public update as the composer would confirm it, for the stand-in page. */
export function pageUpdate(pageId: string, fields: Partial<PageUpdateRequest> = {}, provider = 'atlassian'): PageUpdateRequest {
  return {
    provider,
    pageId,
    name: 'Degraded API performance',
    status: 'investigating',
    body: 'We are currently experiencing degraded performance on our API.',
    impact: 'major',
    components: [{ ...API_DEGRADED }],
    notify: true,
    ...fields,
  };
}

let counter = 0;

/** Appends the delivery request for `update` (create or update, as the journal says) and wakes the outbox. */
export async function postPublic(warRoom: WarRoom, update: PageUpdateRequest, outbox?: Outbox): Promise<string> {
  const id = `status-${++counter}-${process.pid}`;
  await warRoom.append(requestPageUpdate(warRoom.state(), update, id));
  outbox?.wake();
  return id;
}

export function statusDeliveries(state: IncidentState) {
  return state.deliveries.filter((d) => d.destination === 'statuspage');
}
