// Shell snippets as bash sees them, through unbash (a typed, synchronous bash parser). This is
// the one place that knows unbash's AST: the rest of the parser works on simple commands,
// each a list of words with their quoting, redirections and standard input.
//
// Runbook placeholders are masked before parsing: `<pod-name>` is a redirection to bash, and a
// parse that sees `kubectl get pod <pod-name>` as `kubectl get pod < pod-name >` would lose the
// command. The mask keeps every offset, so positions and raw text map back one to one.
import { parse, forEachChild, type Command, type SyntaxNode, type Word, type WordPart } from 'unbash';
import { placeholderSpans } from './placeholders.ts';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const GAP = '\uE002';

/** One word of a simple command. */
export interface ShellWord {
  /** As written in the script, quotes and all. */
  raw: string;
  /** After quote removal; expansions stay as written (`$NS`, `$(date)`). */
  value: string;
  /** Part of it is quoted or escaped. */
  quoted: boolean;
  /** Holds an expansion (`$X`, `$(...)`, backticks, `$((...))`): its value is only known when it runs. */
  dynamic: boolean;
  /** Holds a runbook placeholder such as `<pod-name>`. */
  placeholder: boolean;
}

export interface ShellRedirect {
  operator: string;
  /** The target as written (`out.txt`, `1`, `/dev/null`), or null. */
  target: string | null;
}

/** A simple command: `NAME=v prog arg... > file <<EOF`. */
export interface SimpleCommand {
  /** Program and arguments (`export X=1` keeps `X=1` as a word). */
  words: ShellWord[];
  /** `NAME=value` prefixes. */
  assignments: { name: string; value: ShellWord }[];
  redirects: ShellRedirect[];
  /** Text fed to standard input by a heredoc or here-string, if any. */
  stdin: string | null;
  /** The command as written. */
  text: string;
  /** Inside a command or process substitution (it runs, but not as a statement of its own). */
  nested: boolean;
}

/** A top-level statement (`a && b | c` is one) and where it sits in the script. */
export interface ShellStatement {
  text: string;
  /** Offsets into the script: [start, end). */
  start: number;
  end: number;
}

export interface ParsedShell {
  /** Every simple command, nested ones included ($(...), backticks, loop bodies, functions). */
  commands: SimpleCommand[];
  /** Top-level statements in order. */
  statements: ShellStatement[];
  errors: string[];
}

/** Replaces `<...>` placeholders with same-length private-use text bash reads as plain words. */
export function maskPlaceholders(script: string): string {
  if (/[\uE000-\uE002]/.test(script)) return script;
  let out = script;
  for (const span of placeholderSpans(script)) {
    if (span.placeholder.syntax !== 'angle') continue;
    const raw = span.placeholder.raw;
    const masked = OPEN + raw.slice(1, -1).replace(/\s/g, GAP) + CLOSE;
    out = out.slice(0, span.at) + masked + out.slice(span.at + raw.length);
  }
  return out;
}

export function unmask(text: string): string {
  return text.replaceAll(OPEN, '<').replaceAll(CLOSE, '>').replaceAll(GAP, ' ');
}

const parsedCache = new Map<string, ParsedShell>();

/** Parses a snippet. Never throws: what bash would reject comes back as `errors`, with what could be read. */
export function parseShell(script: string): ParsedShell {
  const cached = parsedCache.get(script);
  if (cached) return cached;
  const masked = maskPlaceholders(script);
  let result: ParsedShell;
  try {
    const ast = parse(masked);
    const commands: SimpleCommand[] = [];
    collect(ast, commands, 0, masked, false);
    result = {
      commands,
      statements: ast.commands.map((s) => ({ text: unmask(masked.slice(s.pos, s.end)), start: s.pos, end: s.end })),
      errors: errorsOf(ast),
    };
  } catch (error) {
    result = { commands: [], statements: [], errors: [error instanceof Error ? error.message : String(error)] };
  }
  if (parsedCache.size > 2000) parsedCache.clear();
  parsedCache.set(script, result);
  return result;
}

function errorsOf(node: SyntaxNode): string[] {
  const errors = 'errors' in node && Array.isArray(node.errors) ? node.errors : [];
  return errors.map((e: { message: string }) => e.message);
}

/** Substitution nesting beyond this is not followed (a hostile snippet must not blow the stack). */
const MAX_NESTING = 40;

const SUBSTITUTIONS = new Set(['CommandExpansion', 'ProcessSubstitution', 'ArithmeticCommandExpansion']);

function collect(node: SyntaxNode, into: SimpleCommand[], depth: number, source: string, nested: boolean): void {
  if (depth > MAX_NESTING) return;
  // Escaped backticks own their decoded source; their descendants' positions index it.
  const own = 'source' in node && typeof node.source === 'string' ? node.source : source;
  if (node.type === 'Command') into.push(simpleCommand(node, own, nested));
  const inner = nested || SUBSTITUTIONS.has(node.type);
  forEachChild(node, (child) => collect(child, into, depth + 1, own, inner));
}

function simpleCommand(node: Command, source: string, nested: boolean): SimpleCommand {
  const words: ShellWord[] = [];
  if (node.name) words.push(shellWord(node.name));
  const assignments: SimpleCommand['assignments'] = [];
  for (const prefix of node.prefix) {
    if (prefix.type === 'Assignment' && prefix.value.type === 'Word') assignments.push({ name: prefix.name, value: shellWord(prefix.value) });
  }
  const redirects: ShellRedirect[] = [];
  let stdin: string | null = null;
  for (const item of [...node.prefix, ...node.suffix]) {
    if (item.type === 'HereDoc') stdin = unmask(item.body.text);
    else if (item.type === 'HereString') stdin = item.target ? shellWord(item.target).value : '';
    else if (item.type === 'Redirect') redirects.push({ operator: item.operator, target: item.target ? unmask(item.target.text) : null });
  }
  for (const item of node.suffix) {
    if (item.type === 'Word') words.push(shellWord(item));
    else if (item.type === 'Assignment') words.push(assignmentWord(item.text, item.value.type === 'Word' ? item.value : null));
  }
  const text = unmask(source.slice(node.pos, node.end));
  return { words, assignments, redirects, stdin, text, nested };
}

function assignmentWord(text: string, value: Word | null): ShellWord {
  const inner = value ? shellWord(value) : null;
  const name = text.slice(0, text.indexOf('=') + 1);
  return {
    raw: unmask(text),
    value: unmask(name) + (inner?.value ?? ''),
    quoted: inner?.quoted ?? false,
    dynamic: inner?.dynamic ?? false,
    placeholder: text.includes(OPEN),
  };
}

const QUOTED_PARTS = new Set(['SingleQuoted', 'DoubleQuoted', 'AnsiCQuoted', 'LocaleString']);
const DYNAMIC_PARTS = new Set(['SimpleExpansion', 'ParameterExpansion', 'CommandExpansion', 'ArithmeticExpansion', 'ProcessSubstitution']);

export function shellWord(word: Word): ShellWord {
  let quoted = word.text.includes('\\');
  let dynamic = false;
  const visit = (parts: readonly WordPart[] | readonly { type: string }[] | undefined) => {
    for (const part of parts ?? []) {
      if (QUOTED_PARTS.has(part.type)) quoted = true;
      if (DYNAMIC_PARTS.has(part.type)) dynamic = true;
      if ('parts' in part && Array.isArray(part.parts)) visit(part.parts as readonly WordPart[]);
    }
  };
  visit(word.parts);
  return { raw: unmask(word.text), value: unmask(word.value), quoted, dynamic, placeholder: word.text.includes(OPEN) };
}
