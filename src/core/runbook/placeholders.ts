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
const BRACKET = /(?<!\[)\[([A-Z][A-Z0-9_-]+)\](?!\])/g;
const MUSTACHE = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** Placeholders in a shell snippet, in order of first appearance, each raw spelling once. */
export function findPlaceholders(script: string): Placeholder[] {
  const found: { at: number; placeholder: Placeholder }[] = [];
  const seen = new Set<string>();
  const add = (at: number, raw: string, name: string, syntax: Placeholder['syntax']) => {
    if (seen.has(raw)) return;
    seen.add(raw);
    found.push({ at, placeholder: { name, raw, syntax } });
  };

  for (const m of script.matchAll(ANGLE)) {
    // `<<EOF` heredocs and `<(...)` are shell, not placeholders.
    if (script[m.index - 1] === '<') continue;
    add(m.index, m[0], m[1] ?? '', 'angle');
  }
  for (const m of script.matchAll(BRACKET)) add(m.index, m[0], m[1] ?? '', 'bracket');
  for (const m of script.matchAll(MUSTACHE)) add(m.index, m[0], m[1] ?? '', 'mustache');

  const assigned = assignedVariables(script);
  for (const ref of dollarReferences(script)) {
    if (assigned.has(ref.name) || AMBIENT.has(ref.name)) continue;
    add(ref.at, ref.raw, ref.name, ref.syntax);
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.placeholder);
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

interface DollarRef {
  at: number;
  raw: string;
  name: string;
  syntax: 'dollar' | 'dollar-brace';
}

/** `$VAR` and `${VAR}` outside single quotes and comments (the shell does not expand them there). */
function dollarReferences(script: string): DollarRef[] {
  const refs: DollarRef[] = [];
  let inSingle = false;
  let inDouble = false;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (ch === '\\' && !inSingle) {
      i++;
      continue;
    }
    if (ch === '#' && !inSingle && !inDouble && startsWord(script, i)) {
      // Comments are not run, and an apostrophe in one (`# don't`) must not hide what follows.
      const end = script.indexOf('\n', i);
      if (end < 0) break;
      i = end;
      continue;
    }
    if (ch === '"' && !inSingle) {
      inDouble = !inDouble;
      continue;
    }
    if (ch === "'" && !inDouble) {
      // A quote that never closes (`echo it's`) quotes nothing: do not let it hide `$VAR`s.
      if (inSingle || script.indexOf("'", i + 1) >= 0) inSingle = !inSingle;
      continue;
    }
    if (ch !== '$' || inSingle) continue;
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
