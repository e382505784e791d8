import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutputTail } from '../../../src/core/command/output-tail.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('OutputTail', () => {
  it('joins lines split across chunks, multibyte characters included', () => {
    const tail = new OutputTail();
    const all = bytes('héllo\nwörld\npart');
    for (const b of all) tail.push(Uint8Array.of(b));
    expect(tail.lines()).toEqual(['héllo', 'wörld', 'part']);
    tail.end();
    expect(tail.lines()).toEqual(['héllo', 'wörld', 'part']);
  });

  it('keeps only the last maxLines lines, from small chunks and from one huge chunk', () => {
    const small = new OutputTail({ maxLines: 3 });
    for (let i = 0; i < 10; i++) small.push(bytes(`line ${i}\n`));
    expect(small.lines()).toEqual(['line 7', 'line 8', 'line 9']);
    expect(small.truncated).toBe(true);

    const big = new OutputTail({ maxLines: 3 });
    big.push(bytes('half'));
    big.push(bytes(Array.from({ length: 1000 }, (_, i) => `n${i}`).join('\n') + '\nrest'));
    expect(big.lines()).toEqual(['n997', 'n998', 'n999', 'rest']);
  });

  it('stays bounded when fed 50 MB of short lines', () => {
    const tail = new OutputTail({ maxLines: 2000 });
    const chunk = bytes('y\n'.repeat(32768));
    for (let i = 0; i < 800; i++) tail.push(chunk);
    tail.end();
    expect(tail.totalBytes).toBe(800 * 65536);
    expect(tail.lines()).toHaveLength(2000);
    expect(new Set(tail.lines())).toEqual(new Set(['y']));
  });

  it('cuts a line longer than maxLineLength and strips terminal control sequences but colour', () => {
    const short = new OutputTail({ maxLineLength: 5 });
    short.push('abcdefgh\nabc\n');
    expect(short.lines()).toEqual(['abcde…', 'abc']);
    const tail = new OutputTail();
    tail.push('\x1b[31mred\x1b[0m\nprogress 10%\rprogress 100%\r\nbell\x07\n\x1b[2J\x1b[Hcleared\n');
    expect(tail.lines()).toEqual(['\x1b[31mred\x1b[0m', 'progress 100%', 'bell', 'cleared']);
  });

  it('keeps the last state of a progress line redrawn with \\r, across chunks and past maxLineLength', () => {
    const tail = new OutputTail({ maxLineLength: 20 });
    // 100,000 redraws: far longer than maxLineLength in total, yet the last state is shown whole.
    for (let i = 0; i <= 100_000; i += 1000) tail.push(bytes(`\rdownloading ${i / 1000}%`));
    expect(tail.lines()).toEqual(['downloading 100%']);
    tail.push(bytes('\r'));
    expect(tail.lines()).toEqual(['downloading 100%']); // a bare \r redraws nothing yet
    tail.push(bytes('\ndone\r\n'));
    expect(tail.lines()).toEqual(['downloading 100%', 'done']); // CRLF is an ordinary line end
    tail.push(bytes('x\r'));
    tail.push(bytes('y\n'));
    expect(tail.lines()).toEqual(['downloading 100%', 'done', 'y']);
  });

  it('decodes invalid UTF-8 as U+FFFD and keeps characters split across chunks whole', () => {
    const tail = new OutputTail();
    const euro = bytes('€'); // three bytes
    tail.push(Uint8Array.of(0x61, euro[0]!));
    tail.push(Uint8Array.of(euro[1]!));
    tail.push(Uint8Array.of(euro[2]!, 0x0a, 0xff, 0xfe, 0x62, 0xc3, 0x0a));
    tail.push(Uint8Array.of(0xe2, 0x82)); // a character cut off by the end of the output
    tail.end();
    expect(tail.lines()).toEqual(['a€', '\ufffd\ufffdb\ufffd', '\ufffd']);
  });

  it('lines(n) returns the last n, the unfinished line last', () => {
    const tail = new OutputTail();
    tail.push('a\nb\nc');
    expect(tail.lines(2)).toEqual(['b', 'c']);
  });

  it('shows the same lines however the output is chunked and whenever the lines are read (a cut chunk is decoded only when read)', () => {
    const piece = fc.oneof(
      fc.constantFrom('y\n', '\n', '\r', 'é', '€', 'progress 50%\r'),
      fc.string({ maxLength: 12 }),
      fc.constant('x'.repeat(40)),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 200 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 64 }), fc.boolean()), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        (pieces, cuts, maxLines) => {
          const output = bytes(pieces.join(''));
          // The reference keeps every line; the tail under test must equal its end.
          const reference = new OutputTail({ maxLines: 100_000, maxLineLength: 30 });
          reference.push(output);
          reference.end();
          const all = reference.lines();
          const tail = new OutputTail({ maxLines, maxLineLength: 30 });
          let at = 0;
          for (let i = 0; at < output.length; i++) {
            const [size, readNow] = cuts[i % cuts.length]!;
            const chunk = new Uint8Array(output.subarray(at, at + size));
            tail.push(chunk);
            chunk.fill(0x21); // the caller reuses its buffer: the tail must have kept a copy
            at += size;
            if (readNow) tail.lines();
          }
          tail.end();
          // end() made the unfinished line a line of its own.
          expect(tail.lines()).toEqual(all.slice(Math.max(0, all.length - maxLines)));
        },
      ),
    );
  });
});
