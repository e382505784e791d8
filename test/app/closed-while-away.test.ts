// Coming back to a shared room: a run of this terminal that another closed as unknown is
// reported when its process still lives here, and only then.
import { expect, it } from 'vitest';
import { closedWhileAway } from '../../src/app/share/closed-while-away.ts';
import type { SharedIncident } from '../../src/app/share/open-shared.ts';
import type { IncidentState } from '../../src/core/incident/state.ts';

const origins = new Map([[5, 'alice@laptop#1'], [9, 'bob@desk#2'], [6, 'alice@laptop#1'], [10, 'alice@laptop#1']]);
const share = { terminal: 'alice@laptop#1', store: { originOfSeq: (seq: number) => origins.get(seq) } } as unknown as SharedIncident;
const run = (requestSeq: number, finishedSeq: number, outcomeUnknown = true) => ({ requestSeq, finishedSeq, phase: 'finished', outcomeUnknown });
const state = { commands: [run(5, 9), run(6, 10)] } as unknown as IncidentState;

it("names the closer and the live pids of this terminal's run that another closed", async () => {
  const lines = await closedWhileAway(state, share, async (r) => ({ alive: true, pids: [r.run.requestSeq * 100] }));
  // #6 was closed by this terminal itself (its own resume): nothing to say about it.
  expect(lines).toEqual(['request #5 was closed as unknown by bob@desk#2 while this terminal was away, but its process still runs here (pid 500): stop it by hand if it must not']);
});

it('says nothing when the process is gone, or when the run ended with a known outcome', async () => {
  expect(await closedWhileAway(state, share, async () => ({ alive: false }))).toEqual([]);
  const known = { commands: [run(5, 9, false)] } as unknown as IncidentState;
  expect(await closedWhileAway(known, share, async () => ({ alive: true, pids: [1] }))).toEqual([]);
});
