// Assignments are variables, not processes: `PVC_NAME='<claim from alert>'` or
// `export NS=$(oc get ns -o name)` on a line of its own defines a runbook variable. Its value
// is asked for or computed, and reaches later commands that use `$PVC_NAME`. Run as a process it
// would do nothing (`exit 0 in 0s`) and the placeholder would never be asked for.
import { parseShell } from './shell-syntax.ts';

export interface Assignment {
  name: string;
  /** The value as written, quotes included. */
  value: string;
  exported: boolean;
  /** The command whose output is the value, or null. */
  fromCommand: string | null;
  /** 0-based line of the script it is on. */
  line: number;
}

export interface SplitScript {
  /** Standalone assignments at the start of the script, in order. */
  assignments: Assignment[];
  /** What is left to run ('' when the script only assigns). */
  rest: string;
  /** Lines of the script before `rest` starts. */
  restLine: number;
}

/**
 * Takes the leading standalone assignments off a script. Only leading ones: an assignment
 * after another command is part of what that script does in one shell, and stays in it.
 */
export function splitAssignments(script: string): SplitScript {
  const parsed = parseShell(script);
  const assignments: Assignment[] = [];
  let restStart = 0;
  if (parsed.errors.length > 0) return { assignments, rest: script, restLine: 0 };
  for (const statement of parsed.statements) {
    const found = standaloneAssignments(statement.text);
    if (!found) break;
    const line = script.slice(0, statement.start).split('\n').length - 1;
    assignments.push(...found.map((a) => ({ ...a, line })));
    restStart = statement.end;
  }
  if (assignments.length === 0) return { assignments, rest: script, restLine: 0 };
  const tail = script.slice(restStart);
  const leading = /^[\s;]*(?:#[^\n]*\n[\s;]*)*/.exec(tail)?.[0] ?? '';
  const rest = tail.slice(leading.length).trimEnd();
  return { assignments, rest, restLine: (script.slice(0, restStart) + leading).split('\n').length - 1 };
}

/** `A=1`, `A=1 B=2`, `export A=1 B=2` (nothing else on the statement), or null. */
function standaloneAssignments(statement: string): Omit<Assignment, 'line'>[] | null {
  const parsed = parseShell(statement);
  const top = parsed.commands.filter((c) => !c.nested);
  const command = top[0];
  if (top.length !== 1 || !command || command.redirects.length > 0 || command.stdin !== null) return null;
  // One simple command and nothing around it: `A=1 && b` or `A=1 | b` are not standalone.
  if (command.text.trim() !== statement.trim().replace(/;$/, '').trim()) return null;
  if (command.words.length === 0) return command.assignments.map((a) => assignment(a.name, a.value.raw, false));
  if (command.words[0]?.value !== 'export' || command.assignments.length > 0) return null;
  const args = command.words.slice(1);
  if (args.length === 0 || !args.every((w) => /^[A-Za-z_]\w*=/.test(w.raw))) return null;
  return args.map((w) => {
    const eq = w.raw.indexOf('=');
    return assignment(w.raw.slice(0, eq), w.raw.slice(eq + 1), true);
  });
}

function assignment(name: string, value: string, exported: boolean): Omit<Assignment, 'line'> {
  return { name, value, exported, fromCommand: commandOf(value) };
}

/**
 * The command whose output a value is: the inside of `$(...)`, `"$(...)"` or backticks when
 * the value is just that; for other values with substitutions, a printf of the value, so the
 * shell computes exactly what the assignment would have. Null for plain values.
 */
function commandOf(value: string): string | null {
  const whole = /^"?\$\(([\s\S]*)\)"?$/.exec(value) ?? /^"?`([\s\S]*)`"?$/.exec(value);
  const balanced = value.startsWith('"') === value.endsWith('"');
  if (whole?.[1] !== undefined && balanced) {
    const inner = whole[1].trim();
    const parsed = parseShell(`X=${value}`);
    // `$(a) $(b)` also matches the pattern: only one substitution covering the value counts.
    if (parsed.commands.filter((c) => c.nested).length > 0 && parseShell(inner).errors.length === 0 && !/\)\s*"?\s*"?\$\(/.test(value)) return inner;
  }
  if (/\$\(|`/.test(value)) return `printf '%s\\n' ${value}`;
  return null;
}

/** Names that say the value is a secret: it must never be shown or journaled. */
export function isSecretName(name: string): boolean {
  return /pass(word|wd)?|secret|token|auth|api_?key|private_?key|credential|cookie|session|(^|_)pw(_|$)|(^|_)key$/i.test(name);
}
