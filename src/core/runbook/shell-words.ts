// Just enough shell lexing to find which programs a snippet runs and with which words. Not a
// shell parser: it errs towards splitting too much, which only ever makes risk higher.

/**
 * Simple commands of a snippet: split on newlines, `;`, `&&`, `||`, `|` (outside quotes) and
 * around command substitutions `$(...)` and backticks (also inside double quotes, where the
 * shell still runs them).
 */
export function simpleCommands(script: string): string[] {
  const joined = script.replace(/\\\r?\n/g, ' ');
  const parts: string[] = [];
  const contexts: ('dq' | 'sub' | 'bt')[] = [];
  let current = '';
  let inSingle = false;
  const cut = () => {
    parts.push(current);
    current = '';
  };
  for (let i = 0; i < joined.length; i++) {
    const ch = joined[i] ?? '';
    const top = contexts[contexts.length - 1];
    if (inSingle) {
      if (ch === "'") inSingle = false;
      current += ch;
      continue;
    }
    if (ch === '\\') {
      current += ch + (joined[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === "'" && top !== 'dq') {
      inSingle = true;
      current += ch;
    } else if (ch === '"') {
      if (top === 'dq') contexts.pop();
      else contexts.push('dq');
      current += ch;
    } else if (ch === '$' && joined[i + 1] === '(') {
      contexts.push('sub');
      cut();
      i++;
    } else if (ch === ')' && top === 'sub') {
      contexts.pop();
      cut();
    } else if (ch === '`') {
      if (top === 'bt') contexts.pop();
      else contexts.push('bt');
      cut();
    } else if (top !== 'dq' && (ch === '\n' || ch === ';' || ch === '|' || (ch === '&' && joined[i - 1] !== '>' && joined[i + 1] !== '>'))) {
      cut();
    } else {
      current += ch;
    }
  }
  cut();
  return parts.map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#') && p !== '"');
}

/** Words of one simple command, quotes removed. */
export function words(command: string): string[] {
  const out: string[] = [];
  for (const m of command.matchAll(/'([^']*)'?|"((?:[^"\\]|\\.)*)"?|(\S+)/g)) {
    out.push(m[1] ?? m[2] ?? m[3] ?? '');
  }
  return out.filter((w) => w !== '');
}

// Wrappers that run the next word as the program.
const WRAPPERS = new Set(['sudo', 'time', 'nohup', 'exec', 'command', 'env', 'xargs', 'watch', 'timeout', 'nice']);

/** Drops `sudo`, `VAR=x` prefixes and wrapper flags so the first word is the program. */
export function programWords(command: string): string[] {
  const w = words(command);
  let i = 0;
  while (i < w.length) {
    const word = w[i] ?? '';
    if (/^[A-Za-z_]\w*=/.test(word)) i++;
    else if ((word === 'bundle' || word === 'poetry' || word === 'pipenv' || word === 'uv') && (w[i + 1] === 'exec' || w[i + 1] === 'run')) i += 2;
    else if (WRAPPERS.has(word)) {
      i++;
      while (i < w.length && (w[i] ?? '').startsWith('-')) i++;
      // `timeout 30 cmd`
      if (word === 'timeout' && /^\d/.test(w[i] ?? '')) i++;
    } else break;
  }
  return w.slice(i);
}

// Flags that take the next word as their value (so that value is not the target).
const VALUE_FLAGS = new Set([
  '-n', '--namespace', '-c', '--context', '--container', '-l', '--selector', '-o', '--output',
  '-f', '--filename', '--region', '--profile', '--kubeconfig', '-p', '-u', '-h', '--host', '-d',
  '--zone', '--project', '--cluster', '-U',
]);

/** Words after `index` that are not flags or flag values: the things a verb acts on. */
export function operands(w: string[], index: number): string[] {
  const out: string[] = [];
  for (let i = index + 1; i < w.length; i++) {
    const word = w[i] ?? '';
    if (word.startsWith('-')) {
      if (VALUE_FLAGS.has(word)) i++;
      continue;
    }
    out.push(word);
  }
  return out;
}
