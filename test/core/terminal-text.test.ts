// The sanitiser keeps text, tabs, newlines and colour, and removes everything else a terminal
// would act on; the property test throws random bytes (and random escape soup) at it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeTerminalText } from '../../src/core/terminal-text.ts';

/** Every ESC left must start an SGR sequence; no other C0/C1 control but \t and \n remains. */
function assertTerminalSafe(text: string): void {
  // eslint-disable-next-line no-control-regex
  const withoutSgr = text.replace(/\x1b\[[0-9;:]*m/g, '');
  // eslint-disable-next-line no-control-regex
  expect(withoutSgr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
}

describe('sanitizeTerminalText', () => {
  it.each([
    ['colour kept', '\x1b[1;31merror\x1b[0m: \x1b[38;5;208mwarn\x1b[m', '\x1b[1;31merror\x1b[0m: \x1b[38;5;208mwarn\x1b[m'],
    ['tabs and newlines kept', 'a\tb\nc', 'a\tb\nc'],
    ['cursor moves and erases dropped', 'x\x1b[2J\x1b[H\x1b[10;5Hy\x1b[K\x1b[?25l\x1b[?1049h', 'xy'],
    ['window title (OSC, BEL and ST ended) dropped', '\x1b]0;pwned\x07a\x1b]2;t\x1b\\b', 'ab'],
    ['hyperlinks dropped, their text kept', '\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\', 'click'],
    ['DCS, APC and PM strings dropped', '\x1bPq#0;2;0;0;0\x1b\\a\x1b_apc\x1b\\b\x1b^pm\x1b\\c', 'abc'],
    ['charset switches and keypad modes dropped', '\x1b(0lqk\x1b(B\x1b=\x1b>\x1bc', 'lqk'],
    ['an escape cut off at the end dropped', 'ok\x1b[38;5', 'ok'],
    ['an unterminated OSC swallows only itself', 'ok\x1b]0;title never ends', 'ok'],
    ['non-colour SGR look-alikes dropped', '\x1b[>4;2m\x1b[1$m', ''],
    ['C0 controls, DEL and C1 (8-bit CSI) dropped', 'a\x00\x07\x08b\x7f\x9b31m\x85c', 'ab31mc'],
    ['bidi overrides and zero-width characters dropped', 'ab\u202ecd\u200b\u2066e\ufeff\u2028f', 'abcdef'],
    ['\\r keeps the last state of the line', 'get 10%\rget 50%\rget 100%\nnext\r\n', 'get 100%\nnext\n'],
    ['a lone surrogate shows as U+FFFD', 'a\ud800b\udc00', 'a\ufffdb\ufffd'],
    ['emoji and accents untouched', 'café 🔥 ✓', 'café 🔥 ✓'],
  ])('%s', (_what, input, expected) => {
    expect(sanitizeTerminalText(input)).toBe(expected);
  });

  it('leaves nothing a terminal acts on, for any input', () => {
    const escapeSoup = fc.array(
      fc.oneof(
        fc.constantFrom('\x1b', '\x1b[', '\x1b]', '\x1bP', '\x1b\\', '\x07', '\r', '\n', '\t', '\x9b', 'm', ';', '1', '?', 'H'),
        fc.string({ unit: 'binary', maxLength: 4 }),
      ),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(escapeSoup, (parts) => {
        const out = sanitizeTerminalText(parts.join(''));
        assertTerminalSafe(out);
        expect(out).not.toContain('\r');
        expect(sanitizeTerminalText(out)).toBe(out);
      }),
      { numRuns: 2000 },
    );
  });
});
