// 100,000 events through the real append path (group commit) and back through openJournal +
// replay: the count, the last seq and the derived state must all come out right.
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../src/adapters/journal.ts';
import type { NewEvent } from '../../src/core/incident/events.ts';
import { replay } from '../../src/core/incident/reduce.ts';
import { makeTempDir, newIncidentJournal } from '../helpers/journal-fixtures.ts';

const TOTAL = 100_000;

let root: string;
beforeAll(async () => {
  root = await makeTempDir('warroom-large-');
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** Event number i (after the opened event): a mix of the everyday kinds. */
function eventFor(i: number): NewEvent {
  switch (i % 4) {
    case 0:
      return { type: 'note.added', actor: 'ana', text: `note ${i}` };
    case 1:
      return { type: 'step.checked', actor: 'ben', stepId: 'check/look', note: null };
    case 2:
      return { type: 'step.unchecked', actor: 'ben', stepId: 'check/look', note: `undo ${i}` };
    default:
      return { type: 'parameter.set', actor: 'ana', name: `p${i % 100}`, value: String(i) };
  }
}

describe('a 100,000-event journal', () => {
  it('replays to the right count, last seq and state', async () => {
    const journal = await newIncidentJournal(root, 'big');
    const batch = 10_000;
    for (let start = 1; start < TOTAL; start += batch) {
      const appends: Promise<unknown>[] = [];
      for (let i = start; i < Math.min(start + batch, TOTAL); i += 1) appends.push(journal.append(eventFor(i)));
      await Promise.all(appends);
    }
    await journal.close();

    const { events, problems } = await openJournal(journal.dir, { readonly: true });
    const state = replay(events);

    expect(problems).toEqual([]);
    expect(events).toHaveLength(TOTAL);
    expect(state.lastSeq).toBe(TOTAL);
    expect(state.notes).toHaveLength(24_999); // i = 4, 8, ..., 99996
    expect(state.notes.at(-1)?.text).toBe('note 99996');
    // The last step event is i = 99998 (unchecked) → the step is open again.
    expect(state.steps['check/look']).toMatchObject({ state: 'open', seq: 99_999, note: 'undo 99998' });
    expect(state.parameters.p99).toBe('99999');
    expect(state.actors).toEqual(['tester', 'ben', 'ana']);
  }, 60_000);
});
