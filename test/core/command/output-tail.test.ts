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

  it('cuts a line longer than maxLineLength and strips terminal control sequences', () => {
    const short = new OutputTail({ maxLineLength: 5 });
    short.push('abcdefgh\nabc\n');
    expect(short.lines()).toEqual(['abcde…', 'abc']);
    const tail = new OutputTail();
    tail.push('\x1b[31mred\x1b[0m\nprogress 10%\rprogress 100%\r\nbell\x07\n');
    expect(tail.lines()).toEqual(['red', 'progress 100%', 'bell']);
  });

  it('lines(n) returns the last n, the unfinished line last', () => {
    const tail = new OutputTail();
    tail.push('a\nb\nc');
    expect(tail.lines(2)).toEqual(['b', 'c']);
  });
});
