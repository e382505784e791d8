// Escalation paging through the comms service, with an injected clock and the real journal:
// passing 15 and 30 minutes pages the configured targets once each, and a restart (a new
// journal reader, a new service) never pages them again, even after a crash between the
// escalation record and its page.
import { afterEach, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJournal, openJournal, type Journal } from '../../src/adapters/journal.ts';
import { JournalStore } from '../../src/adapters/journal-store.ts';
import { nextEscalationEvent } from '../../src/core/clock/clock-events.ts';
import { JOURNAL_FORMAT_VERSION, type IncidentEvent } from '../../src/core/incident/events.ts';
import type { IncidentState } from '../../src/core/incident/state.ts';
import { CommsService } from '../../src/app/comms.ts';
import { DETECTED_AT, seedOpened, testConfig, TEST_ROUTING_KEY } from '../helpers/comms-fixtures.ts';
import { startFakeServices, waitFor, type FakeServices } from '../helpers/fake-services.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** The war room as the dashboard's session runs it: journal first, then state, then comms. */
class Room {
  readonly store: JournalStore;
  readonly comms: CommsService;
  readonly clock: { now: Date };
  constructor(journal: Journal, events: readonly IncidentEvent[], server: FakeServices, dir: string, clock: { now: Date }) {
    this.store = new JournalStore(journal, events);
    this.clock = clock;
    const config = testConfig(server.url);
    config.pagerduty.routingKey = TEST_ROUTING_KEY;
    config.escalation.targets = { 'Engineering Manager': { slack: '<!subteam^S123>' }, CTO: { slack: '@cto' } };
    this.comms = new CommsService({
      store: this.store,
      config,
      incidentDir: dir,
      actor: 'alice',
      now: () => clock.now,
      outbox: { paceMs: { slack: 0, pagerduty: 0 } },
    });
  }

  get state(): IncidentState {
    return this.store.state;
  }

  /** One clock tick: record due thresholds and page them (what the session's ticker does). */
  async tick(pageAfterRecording = true): Promise<void> {
    for (let event = nextEscalationEvent(this.state, this.clock.now); event; event = nextEscalationEvent(this.state, this.clock.now)) {
      await this.store.append(event);
      if (pageAfterRecording) await this.comms.catchUp();
    }
  }
}

it('pages the Engineering Manager at 15 min and the CTO at 30 min, once each, across restarts', async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-comms-'));
  cleanup.push(() => fs.rm(root, { recursive: true, force: true }));
  const server = await startFakeServices();
  cleanup.push(() => server.close());
  const dir = path.join(root, 'inc');
  const clock = { now: new Date('2026-11-26T10:05:00.000Z') };
  const journal = await createJournal(dir, { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: 'inc', createdAt: clock.now.toISOString() }, { now: () => clock.now });
  await journal.append(seedOpened({ incidentId: 'inc' }));
  let room = new Room(journal, (await openJournal(dir, { readonly: true })).events, server, dir, clock);
  room.comms.start();
  await room.comms.catchUp();

  const minute = async (m: number) => {
    clock.now = new Date(Date.parse(DETECTED_AT) + m * 60_000);
  };
  // Detected 10:00, opened 10:05: ticks each minute up to 20 min after detection.
  for (let m = 5; m <= 20; m++) {
    await minute(m);
    await room.tick();
  }
  await waitFor(() => room.state.deliveries.every((d) => d.phase === 'delivered'), 'EM page delivered');
  const pages = () => server.accepted().filter((r) => JSON.stringify(r.body).includes('Paging '));
  expect(pages().map((r) => JSON.stringify(r.body).match(/Paging ([A-Za-z ]+):/)?.[1])).toEqual(['Engineering Manager']);
  expect(room.state.escalations.map((e) => [e.level, e.at])).toEqual([[1, '2026-11-26T10:15:00.000Z']]);

  // Restart: a new process reads the journal and ticks again. The CTO threshold passes while
  // the app is down, so the page goes out once, marked late; the crash comes right after the
  // escalation was recorded and before its page was requested.
  await room.comms.stop();
  await journal.close();
  await minute(33);
  let reopened = await openJournal(dir, { now: () => clock.now });
  if (!reopened.journal) throw new Error('journal read-only');
  room = new Room(reopened.journal, reopened.events, server, dir, clock);
  await room.tick(false); // records escalation.fired for the CTO, "crashes" before paging
  await room.comms.stop();
  await reopened.journal.close();

  await minute(34);
  reopened = await openJournal(dir, { now: () => clock.now });
  if (!reopened.journal) throw new Error('journal read-only');
  room = new Room(reopened.journal, reopened.events, server, dir, clock);
  room.comms.start(); // finds the CTO escalation without a page and pages it
  for (let m = 34; m <= 45; m++) {
    await minute(m);
    await room.tick();
  }
  await waitFor(() => room.state.deliveries.filter((d) => d.kind === 'page').length === 2 && room.state.deliveries.every((d) => d.phase === 'delivered'), 'CTO page delivered');
  // One more restart for good measure: nothing new.
  await room.comms.stop();
  await reopened.journal.close();
  reopened = await openJournal(dir, { now: () => clock.now });
  if (!reopened.journal) throw new Error('journal read-only');
  room = new Room(reopened.journal, reopened.events, server, dir, clock);
  room.comms.start();
  await minute(60);
  await room.tick();
  await room.comms.catchUp();
  await room.comms.stop();
  await reopened.journal.close();

  expect(pages().map((r) => JSON.stringify(r.body).match(/Paging ([A-Za-z ]+):/)?.[1])).toEqual(['Engineering Manager', 'CTO']);
  const cto = JSON.stringify(pages()[1]?.body);
  expect(cto).toContain('@cto');
  expect(cto).toContain('not resolved after 30 min');
  expect(cto).toContain('warroom was not running at the threshold');
  const triggers = server.accepted().filter((r) => r.path.startsWith('/pagerduty')).map((r) => r.body.dedup_key);
  expect(triggers).toEqual(['warroom-inc-L1', 'warroom-inc-L2']);
  expect(room.state.escalations.map((e) => e.level)).toEqual([1, 2]);
  expect(server.accepted().filter((r) => JSON.stringify(r.body).includes('Incident Alert'))).toHaveLength(1);
}, 30_000);
