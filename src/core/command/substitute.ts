// Fills runbook placeholders (`<pod-name>`, `${NAMESPACE}`...) with the operator's values so
// that each value reaches the command as exactly one argument, whatever it contains. The quote
// form depends on where the placeholder sits: bare, inside "double" or inside 'single' quotes,
// so the script is scanned once, tracking the quote state, instead of a blind string replace.
import type { Placeholder } from '../runbook/types.ts';
import { quoteInsideDouble, quoteInsideSingle, quoteWord } from './shell-quote.ts';

export interface FilledScript {
  /** The script with every filled placeholder replaced; unfilled ones stay as written. */
  script: string;
  /** Names of placeholders without a (non-empty) value, in order of first appearance. */
  missing: string[];
}

type QuoteState = 'none' | 'single' | 'double';

const NAME_CHAR = /[A-Za-z0-9_]/;

/** Does `raw` match at `index` without running into a longer `$NAME`? */
function matchesAt(script: string, index: number, placeholder: Placeholder): boolean {
  if (!script.startsWith(placeholder.raw, index)) return false;
  if (placeholder.syntax !== 'dollar') return true;
  // `$NS` must not match the start of `$NSX`.
  const next = script[index + placeholder.raw.length];
  return next === undefined || !NAME_CHAR.test(next);
}

function quoteFor(state: QuoteState, value: string): string {
  if (state === 'double') return quoteInsideDouble(value);
  if (state === 'single') return quoteInsideSingle(value);
  return quoteWord(value);
}

export function fillParameters(
  script: string,
  placeholders: readonly Placeholder[],
  values: Readonly<Record<string, string | undefined>>,
): FilledScript {
  // Longest first so `${NAMESPACE_2}` wins over `${NAMESPACE}` at the same position.
  const byLength = [...placeholders].sort((a, b) => b.raw.length - a.raw.length);
  const missing: string[] = [];
  let out = '';
  let state: QuoteState = 'none';
  let i = 0;
  while (i < script.length) {
    const placeholder = byLength.find((p) => p.raw.length > 0 && matchesAt(script, i, p));
    if (placeholder) {
      const value = values[placeholder.name];
      if (value === undefined || value === '') {
        if (!missing.includes(placeholder.name)) missing.push(placeholder.name);
        out += placeholder.raw;
      } else {
        out += quoteFor(state, value);
      }
      i += placeholder.raw.length;
      continue;
    }
    const c = script[i]!;
    out += c;
    i += 1;
    if (state === 'single') {
      if (c === "'") state = 'none';
    } else if (c === '\\') {
      // An escaped character is literal in both bare and double-quoted text.
      if (i < script.length) {
        out += script[i];
        i += 1;
      }
    } else if (state === 'double') {
      if (c === '"') state = 'none';
    } else if (c === "'") {
      state = 'single';
    } else if (c === '"') {
      state = 'double';
    }
  }
  return { script: out, missing };
}
