// Keeps the Markdown parser away from inputs it handles badly. micromark is linear on
// ordinary Markdown but far from it on some inputs (thousands of nested containers on one
// line, megabytes of unclosed brackets), and its GFM transforms recurse: 200k nested
// blockquotes overflow the stack. Runbooks are small, so we parse a bounded prefix and say so.

/** Real runbooks are tens of KiB (the largest in the test corpus is 52 KB); micromark needs ~0.5-1 s per 100 KiB on a busy machine. */
export const MAX_SOURCE_CHARS = 128 * 1024;
/** Leading indentation (columns) of one line before we call the document too deeply nested. */
export const MAX_LINE_INDENT = 128;
/** Block-quote and list markers at the start of one line (`> > - 1.`). */
export const MAX_LINE_MARKERS = 32;

export interface GuardedSource {
  /** The text to parse: the whole input, or a prefix ending at a line boundary. */
  text: string;
  problem: { code: 'file-too-large' | 'nesting-too-deep'; message: string; line: number; column: number } | null;
}

export function stripBom(source: string): string {
  return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
}

export function guardSource(source: string): GuardedSource {
  let text = source;
  let problem: GuardedSource['problem'] = null;
  if (text.length > MAX_SOURCE_CHARS) {
    const cut = text.lastIndexOf('\n', MAX_SOURCE_CHARS);
    text = text.slice(0, cut > 0 ? cut : MAX_SOURCE_CHARS);
    problem = {
      code: 'file-too-large',
      message: `runbook is ${Math.round(source.length / 1024)} KiB; only the first ${MAX_SOURCE_CHARS / 1024} KiB were read`,
      line: 1,
      column: 1,
    };
  }
  let lineStart = 0;
  let line = 1;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    if (tooDeep(text, lineStart, lineEnd)) {
      return {
        text: text.slice(0, lineStart),
        problem: { code: 'nesting-too-deep', message: `line ${line} nests lists or quotes too deeply; the runbook was read up to the line before`, line: Math.max(1, line - 1), column: 1 },
      };
    }
    lineStart = lineEnd + 1;
    line++;
  }
  return { text, problem };
}

function tooDeep(text: string, start: number, end: number): boolean {
  let columns = 0;
  let markers = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) columns++;
    else if (c === 9) columns += 4;
    else if (c === 62 /* > */) markers++;
    else if ((c === 45 || c === 42 || c === 43) /* - * + */ && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) markers++;
    else if (c >= 48 && c <= 57) {
      // Ordered-list marker `12.` or `3)` followed by a space.
      let j = i;
      while (j < end && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      const after = text.charCodeAt(j);
      if ((after !== 46 && after !== 41) || (text.charCodeAt(j + 1) !== 32 && text.charCodeAt(j + 1) !== 9)) break;
      markers++;
      i = j;
    } else break;
    if (columns > MAX_LINE_INDENT || markers > MAX_LINE_MARKERS) return true;
  }
  return false;
}

/** Clamps 1-based points into the text so every position a caller sees lies inside the file. */
export class PositionClamp {
  private readonly lineLengths: number[];

  constructor(text: string) {
    this.lineLengths = text.split(/\r\n|\r|\n/).map((l) => l.length);
  }

  point(p: { line: number; column: number }): { line: number; column: number } {
    const lines = this.lineLengths.length;
    const line = Math.min(Math.max(1, Math.trunc(Number.isFinite(p.line) ? p.line : 1)), lines);
    const max = (this.lineLengths[line - 1] ?? 0) + 1;
    const column = Math.min(Math.max(1, Math.trunc(Number.isFinite(p.column) ? p.column : 1)), max);
    return { line, column };
  }
}
