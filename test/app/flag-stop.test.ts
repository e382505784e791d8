// A flag change in flight when the war room is told to stop (terminal closed, leaving) is stopped
// with its whole process tree and recorded with the reason: never left to finish unrecorded, and
// never left running. Real runner, real processes.
import { afterEach, describe, expect, it } from 'vitest';
import { wireServices } from '../../src/app/war-room-services.ts';
import { shutDownRoom } from '../../src/app/hang-up.ts';
import { testConfig } from '../helpers/comms-fixtures.ts';
import { openSession } from '../helpers/dashboard-fixtures.ts';
import { survivors, uniqueSleep, until } from '../helpers/process-survivors.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('a flag change in flight', () => {
  it('is stopped by a hang-up, recorded with the reason, and leaves no process behind', async () => {
    const marker = uniqueSleep();
    const fx = await openSession({ opened: { mode: { dryRun: false, readonly: false } } });
    cleanup.push(fx.cleanup);
    const config = testConfig(null);
    config.flags = { command: `sleep ${marker}; echo {flag}={value}`, url: null };
    const services = wireServices(fx.room, { config, env: {}, cwd: fx.dir, mode: { dryRun: false, readonly: false } });
    const dialog = await services.flags.request('mit/breaker');
    const finished = services.flags.confirm(dialog.requestSeq);
    await until(() => survivors(`sleep ${marker}`).length > 0, 'the flag command to start', 30_000);

    await shutDownRoom(fx.room.session, services.commands, 'terminal closed', services.leftovers, services.flags);

    const event = await finished;
    expect(event).toMatchObject({ type: 'flag.finished', ok: false, via: 'command' });
    expect(event.detail).toContain('terminal closed');
    await until(() => survivors(`sleep ${marker}`).length === 0, 'no survivor of the flag command', 30_000);
    const recorded = fx.room.session.state.flagRuns.find((r) => r.requestSeq === dialog.requestSeq);
    expect(recorded?.phase).toBe('finished');
  }, 60_000);
});
