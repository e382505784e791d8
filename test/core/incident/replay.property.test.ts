// Replaying the serialised journal must give exactly the state the live war room had.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reduce, replay } from '../../../src/core/incident/reduce.ts';
import type { IncidentEvent } from '../../../src/core/incident/events.ts';
import type { IncidentState } from '../../../src/core/incident/state.ts';
import { journal } from './arbitraries.ts';
import { at, openedEvent } from './fixtures.ts';

describe('replay', () => {
  it('gives the live fold when replaying the serialised journal', () => {
    fc.assert(
      fc.property(journal, (events) => {
        const live = events.reduce<IncidentState | undefined>(reduce, undefined);
        const lines = events.map((e) => JSON.stringify(e));
        const replayed = replay(lines.map((line) => JSON.parse(line) as IncidentEvent));
        expect(replayed).toEqual(live);
        // Serialising state is stable: the same bytes both ways, and a round trip changes nothing.
        expect(JSON.stringify(replayed)).toBe(JSON.stringify(live));
        expect(JSON.parse(JSON.stringify(replayed))).toEqual(replayed);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves every intermediate live state untouched by later events', () => {
    fc.assert(
      fc.property(journal, (events) => {
        const states: IncidentState[] = [];
        const snapshots: string[] = [];
        let state: IncidentState | undefined;
        for (const event of events) {
          state = reduce(state, event);
          states.push(state);
          snapshots.push(JSON.stringify(state));
        }
        states.forEach((s, i) => expect(JSON.stringify(s)).toBe(snapshots[i]));
        // Prefix replays agree with the live state at that point.
        const cut = Math.floor(events.length / 2) + 1;
        expect(replay(events.slice(0, cut))).toEqual(states[cut - 1]);
      }),
      { numRuns: 150 },
    );
  });

  // How fast is bench/journal-replay.ts's job (tests never time things); this checks the fold.
  it('replays 100,000 events to the right state', () => {
    const events: IncidentEvent[] = [openedEvent()];
    for (let seq = 2; seq <= 100_000; seq++) {
      const base = { seq, at: at(5 + seq / 1000), actor: 'alice' };
      const kind = seq % 4;
      if (kind === 0) events.push({ ...base, type: 'note.added', text: `note ${seq}` });
      else if (kind === 1) events.push({ ...base, type: 'step.checked', stepId: 'ia-dash', note: null });
      else if (kind === 2) {
        events.push({ ...base, type: 'command.requested', stepId: 'ia-pods', commandId: 'ia-pods/c0', template: 'x', risk: 'read' });
      } else {
        events.push({ ...base, type: 'command.cancelled', requestSeq: seq - 1, reason: 'r' });
      }
    }
    const state = replay(events);
    expect(state.lastSeq).toBe(100_000);
    expect(state.notes).toHaveLength(25_000);
    expect(state.commands.every((c) => c.phase === 'cancelled')).toBe(true);
  });
});
