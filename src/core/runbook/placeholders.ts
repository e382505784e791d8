// Placeholders an author leaves for the operator to fill: `<pod-name>`, `[NAMESPACE]`,
// `${VAR}`, `$VAR` (when the block does not set it) and `{{var}}`. A command that still has one
// must never run verbatim, so detection errs towards finding too many rather than too few.
import { startsWord } from './shell-words.ts';
import type { Placeholder } from './types.ts';

// Variables every shell already has: asking the operator for $HOME would be silly.
const AMBIENT = new Set([
  'HOME', 'PATH', 'USER', 'PWD', 'OLDPWD', 'SHELL', 'HOSTNAME', 'UID', 'EUID', 'RANDOM', 'LANG',
  'TERM', 'TMPDIR', 'IFS', 'PPID', 'SECONDS', 'LINENO', 'BASH', 'EDITOR', 'PAGER', 'KUBECONFIG',
  'REPLY', 'OPTARG', 'OPTIND',
]);

const ANGLE = /<([A-Za-z][\w.:-]*)>/g;
/** `'<persistentvolumeclaim label from alert>'`: words with spaces, only where quotes hold them together. */
const SPACED_ANGLE = /<([A-Za-z"][^<>\n]{0,78}[^\s<>])>/g;
const BRACKET = /(?<!\[)\[([A-Z][A-Z0-9_-]+)\](?!\])/g;
const MUSTACHE = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;
/** Go/Helm template actions (`{{range .items}}`, `{{.metadata.name}}`, `{{ $x }}`): the template is the tool's, not ours. */
const GO_TEMPLATE = /\{\{-?\s*(?:[.$]|(?:range|if|with|else|end|define|template|block|printf|len|index)\b)/;

/** A placeholder and where it starts in the script. */
export interface PlaceholderSpan {
  at: number;
  placeholder: Placeholder;
}

/** Placeholders in a shell snippet, in order of first appearance, each raw spelling once. */
export function findPlaceholders(script: string, known: ReadonlySet<string> = new Set()): Placeholder[] {
  const seen = new Set<string>();
  const out: Placeholder[] = [];
  for (const span of placeholderSpans(script, known)) {
    if (seen.has(span.placeholder.raw)) continue;
    seen.add(span.placeholder.raw);
    out.push(span.placeholder);
  }
  return out;
}

/**
 * Every placeholder occurrence, in order. `known` are runbook variables defined earlier: a
 * `$NAME` naming one is a use of that variable, not a blank to fill.
 */
export function placeholderSpans(script: string, known: ReadonlySet<string> = new Set()): PlaceholderSpan[] {
  const found: PlaceholderSpan[] = [];
  const taken: [number, number][] = [];
  const add = (at: number, raw: string, name: string, syntax: Placeholder['syntax']) => {
    if (taken.some(([s, e]) => at < e && at + raw.length > s)) return;
    taken.push([at, at + raw.length]);
    found.push({ at, placeholder: { name, raw, syntax } });
  };
  const quotes = quoteStates(script);

  for (const m of script.matchAll(ANGLE)) {
    // `<<EOF` heredocs and `<(...)` are shell, not placeholders.
    if (script[m.index - 1] === '<' || quotes[m.index] === COMMENT) continue;
    add(m.index, m[0], m[1] ?? '', 'angle');
  }
  for (const m of script.matchAll(SPACED_ANGLE)) {
    const state = (quotes[m.index] ?? NONE) & ~ESCAPED;
    if (script[m.index - 1] === '<' || (state !== SINGLE && state !== DOUBLE) || !/\s/.test(m[1] ?? '')) continue;
    add(m.index, m[0], (m[1] ?? '').replace(/\s+/g, ' '), 'angle');
  }
  for (const m of script.matchAll(BRACKET)) if (quotes[m.index] !== COMMENT) add(m.index, m[0], m[1] ?? '', 'bracket');
  if (!GO_TEMPLATE.test(script)) {
    for (const m of script.matchAll(MUSTACHE)) if (quotes[m.index] !== COMMENT) add(m.index, m[0], m[1] ?? '', 'mustache');
  }

  const assigned = assignedVariables(script);
  for (const ref of dollarReferences(script, quotes)) {
    if (assigned.has(ref.name) || AMBIENT.has(ref.name) || known.has(ref.name)) continue;
    add(ref.at, ref.raw, ref.name, ref.syntax);
  }
  return found.sort((a, b) => a.at - b.at);
}

/** `$NAME` / `${NAME}` uses of the given names, as placeholders (so `fillParameters` can substitute them). */
export function variableReferences(script: string, names: readonly string[]): Placeholder[] {
  const wanted = new Set(names);
  const seen = new Set<string>();
  const out: Placeholder[] = [];
  for (const ref of dollarReferences(script, quoteStates(script))) {
    if (!wanted.has(ref.name) || seen.has(ref.raw)) continue;
    seen.add(ref.raw);
    out.push({ name: ref.name, raw: ref.raw, syntax: ref.syntax });
  }
  return out;
}

/** Names of `$NAME`/`${NAME}` references that the shell expands (not in single quotes or comments). */
export function referencedNames(script: string): string[] {
  return [...new Set(dollarReferences(script, quoteStates(script)).map((r) => r.name))];
}

/** Names the snippet sets itself: `X=`, `export X=`, `read X`, `for X in`. */
function assignedVariables(script: string): Set<string> {
  const names = new Set<string>();
  for (const m of script.matchAll(/(?:^|[\s;&|(])(?:export\s+|local\s+|declare\s+(?:-\w+\s+)?)?([A-Za-z_]\w*)=/g)) {
    if (m[1]) names.add(m[1]);
  }
  for (const m of script.matchAll(/\b(?:read(?:\s+-\w+)*|for)\s+([A-Za-z_]\w*)/g)) {
    if (m[1]) names.add(m[1]);
  }
  return names;
}

const NONE = 0;
const SINGLE = 1;
const DOUBLE = 2;
const COMMENT = 3;
/** Bit set on a character that a backslash escapes. */
const ESCAPED = 8;

/**
 * The quoting in force at each character, as the shell sees it: single quotes, double quotes,
 * comments. A quote that never closes (`echo it's`) quotes nothing, so it cannot hide `$VAR`s.
 */
function quoteStates(script: string): Uint8Array {
  const states = new Uint8Array(script.length + 1);
  let state = NONE;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (state === COMMENT) {
      if (ch === '\n') state = NONE;
      states[i] = ch === '\n' ? NONE : COMMENT;
      continue;
    }
    states[i] = state;
    if (ch === '\\' && state !== SINGLE) {
      states[i + 1] = state | ESCAPED;
      i++;
    } else if (ch === '#' && state === NONE && startsWord(script, i)) {
      state = COMMENT;
      states[i] = COMMENT;
    } else if (ch === '"' && state !== SINGLE) {
      state = state === DOUBLE ? NONE : DOUBLE;
    } else if (ch === "'" && state !== DOUBLE) {
      if (state === SINGLE) state = NONE;
      else if (script.indexOf("'", i + 1) >= 0) state = SINGLE;
    }
  }
  return states;
}

interface DollarRef {
  at: number;
  raw: string;
  name: string;
  syntax: 'dollar' | 'dollar-brace';
}

/** `$VAR` and `${VAR}` outside single quotes and comments (the shell does not expand them there). */
function dollarReferences(script: string, quotes: Uint8Array): DollarRef[] {
  const refs: DollarRef[] = [];
  for (let i = 0; i < script.length; i++) {
    const state = quotes[i] ?? NONE;
    if (script[i] !== '$' || state & ESCAPED || state === SINGLE || state === COMMENT) continue;
    const rest = script.slice(i, i + 200);
    // ${VAR} only: ${VAR:-default} and friends carry their own fallback.
    const brace = /^\$\{([A-Za-z_]\w*)\}/.exec(rest);
    if (brace?.[1]) {
      refs.push({ at: i, raw: brace[0], name: brace[1], syntax: 'dollar-brace' });
      i += brace[0].length - 1;
      continue;
    }
    const bare = /^\$([A-Za-z_]\w*)/.exec(rest);
    if (bare?.[1]) {
      refs.push({ at: i, raw: bare[0], name: bare[1], syntax: 'dollar' });
      i += bare[0].length - 1;
    }
  }
  return refs;
}
