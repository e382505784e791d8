// The output pane reads only the rows its window can reach from the end of the tail; whatever
// the lines, width, wrapping, height and scroll, it shows exactly the rows it would show from all
// of them, and the count a scroll key clamps to is the count of all rows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outputRowCount, outputRows, tailOutputRows } from '../../src/ui/output-pane.tsx';

/** The pane's scroll rule (output-pane.tsx): the rows shown of `rows`. */
function shown(rows: readonly string[], bodyHeight: number, scroll: number): string[] {
  const end = Math.max(0, rows.length - Math.min(scroll, Math.max(0, rows.length - bodyHeight)));
  return rows.slice(Math.max(0, end - bodyHeight), end);
}

const line = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('', '\u001b[31mred\u001b[0m', 'tab\there', 'wide 日本語 text '.repeat(8)));

describe('output rows from the end', () => {
  it('shows the same rows as from all the lines', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.integer({ min: 2, max: 120 }), fc.boolean(), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 80 }), (lines, width, wrap, bodyHeight, scroll) => {
        const all = outputRows(lines, width, wrap);
        const tail = tailOutputRows(lines, width, wrap, bodyHeight + scroll);
        expect(shown(tail, bodyHeight, scroll)).toEqual(shown(all, bodyHeight, scroll));
        expect(outputRowCount(lines, width, wrap)).toBe(all.length);
      }),
    );
  });

  it('cleans only the lines the window reaches', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}`);
    expect(tailOutputRows(lines, 80, false, 20)).toEqual(lines.slice(-20));
  });
});
