// Text hygiene for the post-mortem: everything the operator typed (notes, titles, update text)
// and everything a command printed passes through here before it reaches the Markdown, so it
// can neither break the document's structure nor carry a secret or a wall of output into it.

import { redactSecrets } from '../redact.ts';

// ANSI escape sequences (colours, cursor moves) and other control characters: a terminal's
// business, noise in a document.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

export function stripControl(text: string): string {
  return text.replace(ANSI, '').replace(/\t/g, '  ').replace(CONTROL, '');
}

/** Cuts at `max` characters (code points), marking the cut. */
export function bound(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * Operator text for use inside a line: one line, no control characters, no secrets, bounded.
 * Inline Markdown (backticks, emphasis) is kept on purpose: operators write Markdown.
 */
export function inlineText(text: string, max = 500): string {
  const oneLine = stripControl(text.replace(/\r\n?|\n/g, ' ')).replace(/\s+/g, ' ').trim();
  return bound(redactSecrets(oneLine), max);
}

/**
 * For text that starts a line (a paragraph): a leading `#`, `>`, list marker, fence, table pipe
 * or thematic break would turn an operator's sentence into structure, so it is escaped.
 */
export function paragraphText(text: string, max = 2000): string {
  const line = inlineText(text, max);
  return line
    .replace(/^(#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\||=+\s*$|`{3,}|~{3,}|<)/, '\\$1')
    .replace(/^(\d{1,9})([.)])(\s|$)/, '$1\\$2$3');
}

/** Inline code that survives backticks inside the content. */
export function codeSpan(text: string): string {
  const content = text.length === 0 ? ' ' : text;
  const longest = Math.max(0, ...Array.from(content.matchAll(/`+/g), (m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${content}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run inside it. */
export function fencedBlock(lines: readonly string[], info = 'text'): string {
  const longest = Math.max(0, ...lines.flatMap((l) => Array.from(l.matchAll(/`+/g), (m) => m[0].length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...lines, fence].join('\n');
}

/** A command for one line of the timeline: first line only, bounded, as code. */
export function commandSummary(script: string, max = 120): string {
  const lines = script.split(/\r\n?|\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const first = lines[0] ?? '';
  const more = lines.length > 1 ? ' …' : '';
  return codeSpan(bound(redactSecrets(stripControl(first)), max) + more);
}

/** `@name` for people; names are operator-chosen strings, so keep them to one safe line. */
export function mention(name: string): string {
  // Stored names carry no `@`; an older journal's `@alice` still renders once.
  return `@${inlineText(name.replace(/^@+/, ''), 80)}`;
}
