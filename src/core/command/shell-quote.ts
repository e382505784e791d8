// POSIX shell quoting for values typed by the operator. Our own few lines instead of
// shell-quote's `quote`: that one switches between double quotes and backslashes depending on
// the value, while single quotes are the only form in which sh expands nothing at all, which is
// the whole point for hostile values such as `$(reboot)` or `; rm -rf ~`.

/** Characters that never need quoting (the same set as Python's shlex.quote). */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `value` as one shell word outside quotes: bare when harmless, else single-quoted. */
export function quoteWord(value: string): string {
  if (SAFE.test(value)) return value;
  // Inside single quotes nothing is special except the closing quote: end the quoted run,
  // add an escaped quote, and start a new run.
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `value` for use inside an existing double-quoted string: only \ $ ` " are special there. */
export function quoteInsideDouble(value: string): string {
  return value.replace(/[\\$`"]/g, (c) => `\\${c}`);
}

/** `value` for use inside an existing single-quoted string: close, add the word, reopen. */
export function quoteInsideSingle(value: string): string {
  return `'${quoteWord(value)}'`;
}
