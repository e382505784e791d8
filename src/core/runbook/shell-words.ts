// The one bit of hand-written shell lexing still needed: where a `#` starts a comment. Everything
// else (words, quoting, command substitutions, lists) comes from the bash parser in
// shell-syntax.ts.

/** Is `script[i]` at the start of a shell word (where `#` opens a comment)? */
export function startsWord(script: string, i: number): boolean {
  return i === 0 || /[\s;|&()]/.test(script[i - 1] ?? '');
}
