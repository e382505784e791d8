// A run a dead warroom left that still lives here, with real processes: openWarRoom finds it by
// the identity command.started journaled and leaves it open; watching it records its end the
// moment nothing of it is left, stopping it takes down its whole tree and records that.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { procStatSync, currentBootId } from '../../src/adapters/proc.ts';
import { ENDED_AFTER_EXIT, LeftoverWatch, STOPPED_AFTER_EXIT } from '../../src/app/leftover-watch.ts';
import { journalStore, openWarRoom } from '../../src/app/war-room.ts';
import { openSession, type SessionFixture } from '../helpers/dashboard-fixtures.ts';
import { survivors, uniqueSleep, until } from '../helpers/process-survivors.ts';

const fixtures: SessionFixture[] = [];
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.cleanup();
});

/** A journal whose command was started by a warroom that died: its group (sh + sleep) still runs. */
async function orphanedRun(marker: string) {
  const fixture = await openSession();
  fixtures.push(fixture);
  const child = spawn('/bin/sh', ['-c', `sleep ${marker}; true`], { detached: true, stdio: 'ignore' });
  child.unref();
  const pid = child.pid as number;
  const { journal, dir } = fixture;
  const who = { actor: 'alice' };
  const requested = await journal.append({ type: 'command.requested', ...who, stepId: 'inv/changes', commandId: 'inv/changes/c0', template: 'x', risk: 'read' });
  const requestSeq = requested.seq;
  await journal.append({ type: 'command.confirmed', ...who, requestSeq, script: `sleep ${marker}`, confirmation: 'key', kubeContext: null, kubeNamespace: null, dryRun: false });
  const procStart = procStatSync(pid)?.startTicks;
  const bootId = currentBootId();
  await journal.append({
    type: 'command.started', ...who, requestSeq, pid, cwd: '/', script: `sleep ${marker}`, kubeContext: null, outputFile: `commands/${requestSeq}.log`, pgid: pid,
    ...(procStart !== undefined ? { procStart } : {}), ...(bootId !== null ? { bootId } : {}),
  });
  await until(() => survivors(`sleep ${marker}`).length > 0, 'the orphan');
  // The fixture's own war room is the "dead" one: a new one opens on the same journal.
  await fixture.session.close();
  const { openJournal } = await import('../../src/adapters/journal.ts');
  const reopened = await openJournal(dir);
  const room = await openWarRoom({ incidentDir: dir, store: journalStore(reopened.journal!, reopened.events), actor: 'bob' });
  return { room, requestSeq, pid };
}

describe('leftover runs still alive', () => {
  it('is left open on open; watching records its end once it exits by itself', async () => {
    const marker = uniqueSleep();
    const { room, requestSeq, pid } = await orphanedRun(marker);
    expect(room.leftovers.alive.map((r) => r.run.requestSeq)).toEqual([requestSeq]);
    expect(room.store.state.commands.find((r) => r.requestSeq === requestSeq)?.phase).toBe('running');
    const watch = new LeftoverWatch({ store: room.store, incidentDir: room.incidentDir, alive: room.leftovers.alive, graceMs: 1000, pollMs: 50 });
    watch.watch(requestSeq);
    await until(() => watch.live()[0]?.pids.length === 2, 'its two processes seen');
    process.kill(-pid, 'SIGKILL'); // it ends without us
    await until(() => room.store.state.commands.find((r) => r.requestSeq === requestSeq)?.phase === 'finished', 'its end recorded');
    expect(room.store.events.at(-1)).toMatchObject({ type: 'command.finished', outcome: 'unknown', reason: ENDED_AFTER_EXIT, cancelled: false, actor: 'system' });
    expect(watch.live()).toEqual([]);
    watch.close();
    await room.session.close();
  });

  it('stopping takes down the whole group and records it', async () => {
    const marker = uniqueSleep();
    const { room, requestSeq } = await orphanedRun(marker);
    const watch = new LeftoverWatch({ store: room.store, incidentDir: room.incidentDir, alive: room.leftovers.alive, graceMs: 1000, pollMs: 50 });
    await watch.stop(requestSeq);
    expect(survivors(`sleep ${marker}`)).toEqual([]);
    expect(room.store.events.at(-1)).toMatchObject({ type: 'command.finished', outcome: 'unknown', reason: STOPPED_AFTER_EXIT, cancelled: true });
    watch.close();
    await room.session.close();
  });
});
