// Command output made safe to put on a terminal: whatever a command prints (binary, a hostile
// file, a tool's own full-screen UI) must not move the cursor, erase the screen, retitle the
// window, change the character set or smuggle a hyperlink. Only colour survives.

// One pass over the escape-sequence grammar (ECMA-48), longest forms first:
//   CSI  ESC [ params intermediates final      kept only when it is SGR (final `m`)
//   CSI cut off at the end of the text         dropped
//   OSC, DCS, SOS, PM, APC strings to BEL/ST   dropped with their payload (titles, hyperlinks)
//   any other ESC sequence (charset, keypad)   dropped
//   C0 controls but \t and \n, DEL, C1 controls (U+0080–U+009F: 8-bit CSI/OSC), and invisible
//   format characters that reorder or hide text (bidi overrides, zero-width, line separators).
const SEQUENCE =
  // eslint-disable-next-line no-control-regex
  /\x1b\[([0-?]*)([ -/]*)([@-~])|\x1b\[[0-?]*[ -/]*$|\x1b[\]PX^_][\s\S]*?(?:\x07|\x1b\\|$)|\x1b[ -/]*[0-~]?|[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffe\uffff]/g;
/** Colour parameters only (`1;38;5;208`, `38:2::255:0:0`), and not absurdly long. */
const SGR_PARAMS = /^[0-9;:]{0,64}$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function keepColourOnly(match: string, params?: string, intermediates?: string, final?: string): string {
  return final === 'm' && intermediates === '' && params !== undefined && SGR_PARAMS.test(params) ? match : '';
}

/** A carriage return redraws its line (progress bars): the line shows its last non-empty state. */
function lastRedraw(line: string): string {
  if (!line.includes('\r')) return line;
  const states = line.split('\r');
  for (let i = states.length - 1; i >= 0; i -= 1) if (states[i] !== '') return states[i] as string;
  return '';
}

/**
 * Text safe to write to a terminal: control characters and escape sequences removed except SGR
 * colour, `\t` and `\n` kept, each `\r`-redrawn line reduced to its last state, and any broken
 * UTF-16 (a lone surrogate from a cut) shown as U+FFFD like invalid UTF-8 is.
 */
export function sanitizeTerminalText(text: string): string {
  const lines = text.includes('\r') ? text.split('\n').map(lastRedraw).join('\n') : text;
  return lines.replace(SEQUENCE, keepColourOnly).replace(LONE_SURROGATE, '\ufffd');
}
