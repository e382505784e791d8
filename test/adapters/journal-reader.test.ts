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

  it('reads every line back as written, and a line with a broken UTF-8 sequence as that line alone', () => {
    fc.assert(
      fc.property(texts, fc.nat(), (notes, which) => {
        const all = [...notes, 'last'];
        const { bytes, lineEnds } = journalBytes(all);
        const intact = parseJournal(bytes, 'j');
        expect(intact.events.slice(1).map((e) => (e as { text?: string }).text)).toEqual(all);
        // The first byte of a three-byte sequence, then the newline: the line decodes to U+FFFD
        // at its end and is not JSON. Only that line may be rejected, at its exact bytes.
        const damagedIndex = which % notes.length; // a note line, never the last line
        const lineStart = lineEnds[damagedIndex + 1] as number; // after the header and the opened event
        const newlineAt = (lineEnds[damagedIndex + 2] as number) - 1;
        const damaged = Buffer.concat([bytes.subarray(0, newlineAt), Buffer.from([0xe2]), bytes.subarray(newlineAt)]);
        const parsed = parseJournal(damaged, 'j');
        expect(parsed.rejected.map((r) => [r.line, r.start, r.end, r.problem.kind])).toEqual([
          [damagedIndex + 3, lineStart, newlineAt + 2, 'corrupt-line'],
        ]);
        expect(parsed.events.slice(1).map((e) => (e as { text?: string }).text)).toEqual(all.filter((_, i) => i !== damagedIndex));
      }),
      { numRuns: 200 },
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
