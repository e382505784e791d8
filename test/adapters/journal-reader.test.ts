// Properties of the journal reader over raw bytes: wherever a write stops, what is read back is
// exactly the complete lines before that point; a flipped byte before the last line is never
// silently absorbed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/adapters/journal-reader.ts';
import type { IncidentEvent } from '../../src/core/incident/events.ts';
import { openedEvent } from '../helpers/journal-fixtures.ts';

const header = { kind: 'warroom-journal', formatVersion: 1, incidentId: 'p', createdAt: '2026-11-26T10:00:00.000Z' };

function journalBytes(texts: string[]): { bytes: Buffer; lineEnds: number[] } {
  const events = [
    { ...openedEvent('p'), seq: 1, at: '2026-11-26T10:00:00.000Z' },
    ...texts.map((text, i) => ({ type: 'note.added', actor: 'a', text, seq: i + 2, at: '2026-11-26T10:00:01.000Z' })),
  ];
  const lines = [header, ...events].map((value) => `${JSON.stringify(value)}\n`);
  const lineEnds: number[] = [];
  let end = 0;
  for (const line of lines) lineEnds.push((end += Buffer.byteLength(line)));
  return { bytes: Buffer.from(lines.join('')), lineEnds };
}

const texts = fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 1, maxLength: 12 });

describe('parseJournal', () => {
  it('reads a journal cut at any byte as the complete lines before the cut', () => {
    fc.assert(
      fc.property(texts, fc.nat(), (notes, cutSeed) => {
        const { bytes, lineEnds } = journalBytes(notes);
        const headerEnd = lineEnds[0] as number;
        const cut = headerEnd + (cutSeed % (bytes.length - headerEnd + 1));
        const parsed = parseJournal(bytes.subarray(0, cut), 'j');
        const complete = lineEnds.filter((end) => end <= cut).length - 1; // minus the header
        expect(parsed.corrupt).toBe(false);
        expect(parsed.events.map((e: IncidentEvent) => e.seq)).toEqual(Array.from({ length: complete }, (_, i) => i + 1));
        expect(parsed.intactBytes).toBe(lineEnds[complete] ?? headerEnd);
        expect(parsed.problems.map((p) => p.kind)).toEqual(lineEnds.includes(cut) ? [] : ['torn-tail']);
      }),
      { numRuns: 300 },
    );
  });

  it('never silently drops a damaged line before the last one', () => {
    fc.assert(
      fc.property(texts, fc.nat(), fc.integer({ min: 1, max: 255 }), (notes, where, flip) => {
        const { bytes, lineEnds } = journalBytes([...notes, 'last']);
        // Damage a byte inside some event line that is not the last line.
        const firstEvent = lineEnds[0] as number;
        const lastLineStart = lineEnds[lineEnds.length - 2] as number;
        const at = firstEvent + (where % (lastLineStart - firstEvent));
        const damaged = Buffer.from(bytes);
        damaged[at] = (damaged[at] as number) ^ flip;
        const parsed = parseJournal(damaged, 'j');
        const missing = lineEnds.length - 1 - parsed.events.length;
        // Whatever is missing is accounted for by reported problems (one damaged line may be
        // two events merged by a lost newline).
        if (missing > 0) expect(parsed.problems.length).toBeGreaterThan(0);
        expect(missing).toBeLessThanOrEqual(2 * parsed.problems.length);
      }),
      { numRuns: 300 },
    );
  });
});
