// A flag toggle a dead warroom started, with real processes: the toggle journals its process
// identity (flag.started) before it finishes; a warroom opened after a crash finds the toggle's
// group still alive, leaves it open (nothing else runs meanwhile) and offers what it offers for a
// command: stopping takes down the whole tree, watching records its end once it exits. Either way
// the outcome is unknown (nobody saw its exit code) and the flag step is not done.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { currentBootId, procStatSync } from '../../src/adapters/proc.ts';
import { ENDED_AFTER_EXIT, LeftoverWatch, STOPPED_AFTER_EXIT } from '../../src/app/leftover-watch.ts';
import { wireServices } from '../../src/app/war-room-services.ts';
import { journalStore, openWarRoom } from '../../src/app/war-room.ts';
import { activeRun } from '../../src/core/incident/run-selectors.ts';
import { bindingOf } from '../../src/core/keymap.ts';
import { initialUiState } from '../../src/ui/ui-state.ts';
import { keyContext } from '../../src/ui/use-dashboard-keys.ts';
import { testConfig } from '../helpers/comms-fixtures.ts';
import { openSession, type SessionFixture } from '../helpers/dashboard-fixtures.ts';
import { survivors, uniqueSleep, until } from '../helpers/process-survivors.ts';

const fixtures: SessionFixture[] = [];
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.cleanup();
});

const STEP = 'mit/breaker';

/** A journal whose flag toggle was started by a warroom that died: its group (sh + two sleeps) still runs. */
async function orphanedToggle(marker: string) {
  const fixture = await openSession();
  fixtures.push(fixture);
  // One sleep in the group, one escaped into its own session (as `setsid` would): both must go.
  const script = `sleep ${marker} & setsid sleep ${marker} & wait`;
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore', env: { ...process.env, WARROOM_RUN: `tok-${marker}` } });
  child.unref();
  const pid = child.pid as number;
  const { journal, dir } = fixture;
  const who = { actor: 'alice' };
  const requested = await journal.append({ type: 'flag.requested', ...who, stepId: STEP, flag: 'enable_circuit_breaker', value: 'true', via: 'command', script });
  const requestSeq = requested.seq;
  await journal.append({ type: 'flag.confirmed', ...who, requestSeq, script, dryRun: false });
  const procStart = procStatSync(pid)?.startTicks;
  const bootId = currentBootId();
  await journal.append({
    type: 'flag.started', ...who, requestSeq, pid, pgid: pid, runToken: `tok-${marker}`, outputFile: `commands/${requestSeq}.log`,
    ...(procStart !== undefined ? { procStart } : {}), ...(bootId !== null ? { bootId } : {}),
  });
  // sh and both sleeps (their command lines all name the marker).
  await until(() => survivors(`sleep ${marker}`).length === 3, 'the orphaned toggle\'s three processes');
  await fixture.session.close();
  const { openJournal } = await import('../../src/adapters/journal.ts');
  const reopened = await openJournal(dir);
  const room = await openWarRoom({ incidentDir: dir, store: journalStore(reopened.journal!, reopened.events), actor: 'bob' });
  return { room, requestSeq, pid };
}

describe('a flag toggle left running by a dead warroom', () => {
  it('journals flag.started with its process identity before flag.finished', async () => {
    const fx = await openSession({ opened: { mode: { dryRun: false, readonly: false } } });
    fixtures.push(fx);
    const config = testConfig(null);
    config.flags = { command: 'echo {flag}={value}', url: null };
    const services = wireServices(fx.room, { config, env: {}, cwd: fx.dir, mode: { dryRun: false, readonly: false } });
    const dialog = await services.flags.request(STEP);
    const finished = await services.flags.confirm(dialog.requestSeq);
    const types = fx.room.store.events.filter((e) => 'requestSeq' in e && e.requestSeq === dialog.requestSeq).map((e) => e.type);
    expect(types).toEqual(['flag.confirmed', 'flag.started', 'flag.finished']);
    const started = fx.room.store.events.find((e) => e.type === 'flag.started');
    expect(started).toMatchObject({ requestSeq: dialog.requestSeq, pgid: expect.any(Number), runToken: expect.any(String) });
    expect(finished).toMatchObject({ ok: true, via: 'command' });
    expect(fx.room.session.state.flagRuns.at(-1)).toMatchObject({ phase: 'finished', startedAt: started?.at });
    services.leftovers.close();
  }, 60_000);

  it('is found alive on open and left open: nothing else runs until it ends', async () => {
    const marker = uniqueSleep();
    const { room, requestSeq, pid } = await orphanedToggle(marker);
    expect(room.leftovers.alive.map((r) => r.run.requestSeq)).toEqual([requestSeq]);
    expect(room.store.state.flagRuns.find((r) => r.requestSeq === requestSeq)?.phase).toBe('confirmed');
    expect(activeRun(room.store.state)?.run.requestSeq).toBe(requestSeq);
    const watch = new LeftoverWatch({ store: room.store, incidentDir: room.incidentDir, alive: room.leftovers.alive, graceMs: 1000, pollMs: 50 });
    expect(watch.live()).toMatchObject([{ requestSeq, kind: 'flag', decision: 'undecided' }]);
    watch.watch(requestSeq);
    await until(() => watch.live()[0]?.pids.length === 3, 'its three processes seen');
    process.kill(-pid, 'SIGKILL');
    // The escapee left the group; it is found by its run token.
    for (const p of survivors(`sleep ${marker}`)) process.kill(Number(p.split(' ')[0]), 'SIGKILL');
    await until(() => room.store.state.flagRuns.find((r) => r.requestSeq === requestSeq)?.phase === 'finished', 'its end recorded');
    expect(room.store.events.at(-1)).toMatchObject({ type: 'flag.finished', actor: 'system', via: 'command', ok: false, outcome: 'unknown' });
    expect(room.store.events.at(-1)).toMatchObject({ detail: expect.stringContaining(ENDED_AFTER_EXIT) });
    const change = room.store.state.flags.at(-1);
    expect(change).toMatchObject({ stepId: STEP, outcomeUnknown: true, ok: false });
    expect(activeRun(room.store.state)).toBeNull();
    watch.close();
    await room.session.close();
  }, 60_000);

  it('once watched, c can still stop it (no command is "running" in the journal: it is a flag toggle)', async () => {
    const marker = uniqueSleep();
    const { room, requestSeq } = await orphanedToggle(marker);
    const watch = new LeftoverWatch({ store: room.store, incidentDir: room.incidentDir, alive: room.leftovers.alive, graceMs: 1000, pollMs: 50 });
    watch.watch(requestSeq);
    const leftovers = { subscribe: watch.subscribe.bind(watch), snapshot: () => watch.snapshot(), watch: (seq: number) => watch.watch(seq), stop: (seq: number) => watch.stop(seq) };
    const ctx = keyContext(room.store.state, initialUiState, { leftovers, runningHere: () => [] });
    expect(bindingOf('cancel-command').enabledWhen?.(ctx)).toBe(true);
    await watch.stop(requestSeq);
    await until(() => survivors(`sleep ${marker}`).length === 0, 'no process of the toggle left', 30_000);
    expect(bindingOf('cancel-command').enabledWhen?.(keyContext(room.store.state, initialUiState, { leftovers, runningHere: () => [] }))).toBe('no command is running');
    watch.close();
    await room.session.close();
  }, 60_000);

  it('stopping takes down its whole tree, escapee included, and records that', async () => {
    const marker = uniqueSleep();
    const { room, requestSeq } = await orphanedToggle(marker);
    const watch = new LeftoverWatch({ store: room.store, incidentDir: room.incidentDir, alive: room.leftovers.alive, graceMs: 1000, pollMs: 50 });
    await watch.stop(requestSeq);
    await until(() => survivors(`sleep ${marker}`).length === 0, 'no process of the toggle left', 30_000);
    expect(room.store.events.at(-1)).toMatchObject({ type: 'flag.finished', via: 'command', ok: false, outcome: 'unknown' });
    expect(room.store.events.at(-1)).toMatchObject({ detail: expect.stringContaining(STOPPED_AFTER_EXIT) });
    expect(activeRun(room.store.state)).toBeNull();
    watch.close();
    await room.session.close();
  }, 60_000);

  it('a toggle whose group is gone is closed as unknown on open', async () => {
    const marker = uniqueSleep();
    const fixture = await openSession();
    fixtures.push(fixture);
    const { journal, dir } = fixture;
    const who = { actor: 'alice' };
    const requested = await journal.append({ type: 'flag.requested', ...who, stepId: STEP, flag: 'enable_circuit_breaker', value: 'true', via: 'command', script: `sleep ${marker}` });
    await journal.append({ type: 'flag.confirmed', ...who, requestSeq: requested.seq, script: `sleep ${marker}`, dryRun: false });
    // A pid of this boot that is surely not the toggle's: its start time does not match.
    await journal.append({ type: 'flag.started', ...who, requestSeq: requested.seq, pid: process.pid, pgid: process.pid, procStart: 1, runToken: `tok-${marker}`, outputFile: `commands/${requested.seq}.log` });
    await fixture.session.close();
    const { openJournal } = await import('../../src/adapters/journal.ts');
    const reopened = await openJournal(dir);
    const room = await openWarRoom({ incidentDir: dir, store: journalStore(reopened.journal!, reopened.events), actor: 'bob' });
    expect(room.leftovers.alive).toEqual([]);
    expect(room.store.state.flagRuns.at(-1)).toMatchObject({ phase: 'finished', outcomeUnknown: true, ok: false });
    await room.session.close();
  }, 60_000);
});
