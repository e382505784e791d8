// Wrapping by terminal columns (wide characters, emoji and all) with the same library Ink uses,
// so a line we wrapped is never wrapped again or cut by Ink: what a dialog shows is all of it.
import wrapAnsi from 'wrap-ansi';
import stringWidth from 'string-width';

/** `text` hard-wrapped to `width` columns, one entry per row; blank lines kept. */
export function wrapRows(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const rows: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      rows.push('');
      continue;
    }
    // Keep the line's indentation (a script's structure) on its first row and its continuations.
    const indent = /^\s*/.exec(line)?.[0] ?? '';
    const lead = stringWidth(indent) < w / 2 ? indent : '';
    const body = line.slice(indent.length);
    for (const row of wrapAnsi(body, Math.max(1, w - stringWidth(lead)), { hard: true, trim: true }).split('\n')) rows.push(lead + row);
  }
  return rows;
}

/** Rows `text` takes at `width` columns. */
export function rowsOf(text: string, width: number): number {
  return wrapRows(text, width).length;
}

export { stringWidth };
