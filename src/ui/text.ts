// Plain text helpers for panes that must fit a fixed number of rows.

/** Word-wraps `text` to `width` columns (hard-breaking long words), keeping blank lines. */
export function wrapLines(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/(\s+)/)) {
      if (word === '') continue;
      if (line.length + word.length <= w) {
        line += word;
        continue;
      }
      if (line.trim() !== '') out.push(line.trimEnd());
      line = /^\s+$/.test(word) ? '' : word;
      while (line.length > w) {
        out.push(line.slice(0, w));
        line = line.slice(w);
      }
    }
    out.push(line.trimEnd());
  }
  return out;
}

/** Cuts to `width` columns with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/** Initials for a multi-word role ("Engineering Manager" → "EM"); single words stay. */
export function shortTarget(target: string): string {
  const words = target.split(/\s+/).filter(Boolean);
  if (words.length <= 1) return target;
  return words.map((w) => w[0]!.toUpperCase()).join('');
}
