// The dashboard's store on a real journal and the real comms service (no Slack configured, so
// messages go to the incident's outbox file); only the clock is manual.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { wireServices } from '../../src/app/war-room-services.ts';
import { loadConfig } from '../../src/adapters/config.ts';
import { journalEvents, openSession, OPENED_AT, waitUntil, type SessionFixture } from '../helpers/dashboard-fixtures.ts';
import { testConfig } from '../helpers/comms-fixtures.ts';
import { startFakeServices } from '../helpers/fake-services.ts';

const MIN = 60_000;
let fx: SessionFixture;
let home: string | undefined;
afterEach(async () => {
  await fx?.cleanup();
  if (home) await fs.rm(home, { recursive: true, force: true });
  home = undefined;
});

/** The war room with its services, built by the program's own root (wireServices). */
async function withComms(config = loadConfig({ WARROOM_HOME: (home = mkdtempSync(path.join(os.tmpdir(), 'warroom-session-home-'))) })): Promise<SessionFixture> {
  // A live incident: the journal says whether it is a drill, and a drill sends nothing.
  const fixture = await openSession({ opened: { mode: { dryRun: false, readonly: false } } });
  wireServices(fixture.room, { config, env: {}, cwd: fixture.dir, mode: { dryRun: false, readonly: false }, comms: { now: fixture.clock.now } });
  return fixture;
}

describe('Session', () => {
  it('appends to the journal before the state changes, and notifies subscribers after', async () => {
    fx = await openSession();
    const seen: number[] = [];
    fx.session.subscribe(() => seen.push(fx.session.state.lastSeq));
    const snapshot = fx.session.getSnapshot();
    const pending = fx.session.toggleStep('checks/datadog');
    expect(fx.session.getSnapshot()).toBe(snapshot); // nothing changes before the append is durable
    await pending;
    expect((await journalEvents(fx.dir)).at(-1)).toMatchObject({ type: 'step.checked', stepId: 'checks/datadog', seq: 2 });
    expect(seen).toEqual([2]);
    expect(fx.session.getSnapshot()).not.toBe(snapshot);
    expect(fx.session.getSnapshot().eventCount).toBe(2);
    expect(fx.session.events.at(-1)?.seq).toBe(2);
  });

  it('builds each event from the state left by the previous one (tick, untick, tick)', async () => {
    fx = await openSession();
    await Promise.all([fx.session.toggleStep('checks/datadog'), fx.session.toggleStep('checks/datadog'), fx.session.toggleStep('checks/datadog')]);
    expect((await journalEvents(fx.dir)).slice(1).map((e) => e.type)).toEqual(['step.checked', 'step.unchecked', 'step.checked']);
  });

  it('a failed append leaves the state as it was and says so on the status line', async () => {
    fx = await openSession();
    await fx.journal.close(); // the journal refuses appends from now on
    const before = fx.session.state;
    expect(await fx.session.addNote('lost?')).toBeNull();
    expect(fx.session.state).toBe(before);
    expect(fx.session.getSnapshot().message).toMatchObject({ level: 'error' });
    expect(fx.session.getSnapshot().message?.text).toMatch(/^not recorded: /);
  });

  it('the clock fires each escalation threshold once and pages it through comms', async () => {
    fx = await withComms();
    fx.clock.ms = OPENED_AT + 15 * MIN + 1000;
    await fx.session.tick();
    await fx.session.tick();
    fx.clock.ms = OPENED_AT + 30 * MIN + 1000;
    await fx.session.tick();
    await fx.session.tick();
    const fired = fx.session.state.escalations.map((e) => [e.level, e.target, e.late]);
    expect(fired).toEqual([
      [1, 'Engineering Manager', false],
      [2, 'CTO', false],
    ]);
    await fx.session.close(); // waits for queued appends
    const pages = (await journalEvents(fx.dir)).filter((e) => e.type === 'delivery.requested' && e.kind === 'page');
    expect(pages).toHaveLength(2);
  });

  it('records update.due once per deadline, and expires the status line', async () => {
    fx = await openSession();
    fx.clock.ms = OPENED_AT + 16 * MIN;
    await fx.session.tick();
    await fx.session.tick();
    fx.session.notify('info', 'hello');
    fx.clock.advance(5000);
    await fx.session.tick();
    expect(fx.session.getSnapshot().message?.text).toBe('hello');
    fx.clock.advance(1000);
    await fx.session.tick();
    expect(fx.session.getSnapshot().message).toBeNull();
    expect(fx.session.state.updateDue.map((d) => d.dueAt)).toEqual([new Date(OPENED_AT + 15 * MIN).toISOString()]);
  });

  it('manual escalation (e) pages the next level now, which its threshold then never pages again; resolve stops the clock', async () => {
    fx = await withComms();
    await fx.session.escalateNow();
    expect(fx.session.state.escalations).toMatchObject([{ level: 1, manual: true, target: 'Engineering Manager' }]);
    fx.clock.ms = OPENED_AT + 15 * MIN + 1000;
    await fx.session.tick();
    expect(fx.session.state.escalations).toHaveLength(1);
    await fx.session.resolve();
    fx.clock.ms = OPENED_AT + 40 * MIN;
    await fx.session.tick();
    expect(fx.session.state.escalations).toHaveLength(1);
    await fx.session.close();
    const kinds = (await journalEvents(fx.dir)).filter((e) => e.type === 'delivery.requested').map((e) => (e.type === 'delivery.requested' ? e.kind : ''));
    // What the incident owes, in order: the alert nobody sent yet (the outbox never started
    // here), the page, then the resolution.
    expect(kinds).toEqual(['alert', 'page', 'resolution']);
  });

  it('e then the thresholds page the Engineering Manager once and the CTO once, never the EM twice', async () => {
    fx = await withComms();
    fx.clock.ms = OPENED_AT + 14 * MIN + 40_000;
    await fx.session.tick();
    await fx.session.escalateNow(); // e at 14:40: the EM, level 1
    for (const minutes of [15, 16, 29, 30, 31, 45]) {
      fx.clock.ms = OPENED_AT + minutes * MIN + 1000;
      await fx.session.tick();
    }
    expect(await fx.session.escalateNow()).toBeNull(); // nothing left to page
    const fired = fx.session.state.escalations.map((e) => [e.target, e.level, e.manual]);
    expect(fired).toEqual([
      ['Engineering Manager', 1, true],
      ['CTO', 2, false],
    ]);
    await fx.session.close();
    const pages = (await journalEvents(fx.dir)).filter((e) => e.type === 'delivery.requested' && e.kind === 'page');
    expect(pages).toHaveLength(2);
  });
});

describe('Session.close', () => {
  it('delivers what Slack pacing held back (resolution, headline edit) before the war room closes', async () => {
    const slack = await startFakeServices();
    try {
      fx = await withComms(testConfig(slack.url));
      const s = fx.session;
      s.start();
      await waitUntil(() => slack.accepted().length, (n) => n >= 1, 10_000); // the alert
      await s.resolve();
      await s.close(); // at once: pacing holds the resolution and the edit for a second or two
      const paths = slack.accepted().map((r) => r.path);
      expect(paths).toEqual(['/api/chat.postMessage', '/api/chat.postMessage', '/api/chat.update']);
      expect(JSON.stringify(slack.accepted()[2]!.body)).toMatch(/resolved/i);
    } finally {
      await slack.close();
    }
  });
});
