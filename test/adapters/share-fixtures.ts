// Helpers for the shared-store tests: a fresh, initialised database per test on the file's one
// server, and push steps built by hand (the protocol decides them in the app; here the store's
// answers are what is under test).
import { randomUUID } from 'node:crypto';
import type { IncidentEvent, IncidentOpenedEvent } from '../../src/core/incident/events.ts';
import type { PushStep } from '../../src/core/share/types.ts';
import { SharedStore } from '../../src/adapters/share/store.ts';
import type { PostgresServer } from '../helpers/postgres.ts';
import { at, openedEvent } from '../core/incident/fixtures.ts';

export const INCIDENT = '2026-11-26-1005-api-high-latency';

let databases = 0;
const opened: SharedStore[] = [];

/** Closes every store freshStore() opened (afterAll / afterEach). */
export async function closeStores(): Promise<void> {
  await Promise.all(opened.splice(0).map((store) => store.close()));
}

/** A new database on `server`, initialised, and a connected store on it. */
export async function freshStore(server: PostgresServer, tag = 'db'): Promise<{ url: string; store: SharedStore; open: () => Promise<SharedStore> }> {
  databases += 1;
  const url = await server.database(`${tag}_${process.pid}_${databases}`);
  await SharedStore.init({ url });
  const open = async () => {
    const store = await SharedStore.connect({ url });
    opened.push(store);
    return store;
  };
  return { url, store: await open(), open };
}

type Step = Extract<PushStep, { kind: 'publish' | 'append' }>;

export function publishStep(opened: IncidentOpenedEvent = openedEvent(), id = randomUUID()): Step {
  return { kind: 'publish', pending: { id, origin: 't-alice', issuedSeq: 1, event: opened, refs: {} }, event: opened };
}

export function appendStep(expectedSeq: number, event: Omit<IncidentEvent, 'seq'>, options: { id?: string; origin?: string; onceKey?: string | null; expectedId?: string | null } = {}): Step {
  const full = { ...event, seq: expectedSeq + 1 } as IncidentEvent;
  return {
    kind: 'append',
    pending: { id: options.id ?? randomUUID(), origin: options.origin ?? 't-alice', issuedSeq: expectedSeq + 1, event: full, refs: {} },
    expectedSeq,
    expectedId: options.expectedId ?? null,
    event: full,
    onceKey: options.onceKey ?? null,
  };
}

export function note(text: string, actor = 'alice'): Omit<IncidentEvent, 'seq'> {
  return { type: 'note.added', at: at(6), actor, text } as Omit<IncidentEvent, 'seq'>;
}

/** Waits for a condition (never a fixed sleep); generous default for a loaded machine. */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
