// Just enough shell lexing to find which programs a snippet runs and with which words. Not a
// shell parser: it errs towards splitting too much, which only ever makes risk higher.

/**
 * Simple commands of a snippet: split on newlines, `;`, `&&`, `||`, `|` (outside quotes).
 * Command substitutions `$(...)` and backticks (also inside double quotes, where the shell
 * still runs them) are commands of their own; the command around them goes on unbroken, so
 * `aws x --start "$(date)" --end "$(date)"` gives `aws x --start "" --end ""`, `date`, `date`.
 * `$((...))` is arithmetic, not a command.
 */
export function simpleCommands(script: string): string[] {
  const joined = script.replace(/\\\r?\n/g, ' ');
  const parts: string[] = [];
  // One frame per open substitution; the bottom frame is the script itself.
  // Each frame collects the commands of the substitutions it holds, to list after its own.
  type Frame = { kind: 'top' | 'sub' | 'bt'; text: string; quoted: boolean; inner: string[] };
  const open = (kind: Frame['kind']): Frame => ({ kind, text: '', quoted: false, inner: [] });
  const frames: Frame[] = [open('top')];
  let inSingle = false;
  const frame = (): Frame => frames[frames.length - 1] ?? open('top');
  const cut = (done: Frame, into: string[]) => {
    into.push(done.text, ...done.inner);
    done.text = '';
    done.inner = [];
  };
  for (let i = 0; i < joined.length; i++) {
    const ch = joined[i] ?? '';
    const current = frame();
    if (inSingle) {
      if (ch === "'") inSingle = false;
      current.text += ch;
      continue;
    }
    if (ch === '\\') {
      current.text += ch + (joined[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '#' && !current.quoted && startsWord(joined, i)) {
      // A comment runs to the end of the line; its apostrophes (`# don't`) open no quote.
      const end = joined.indexOf('\n', i);
      i = (end < 0 ? joined.length : end) - 1;
    } else if (ch === "'" && !current.quoted && joined.indexOf("'", i + 1) >= 0) {
      inSingle = true;
      current.text += ch;
    } else if (ch === '"') {
      current.quoted = !current.quoted;
      current.text += ch;
    } else if (ch === '$' && joined[i + 1] === '(' && joined[i + 2] === '(') {
      const close = joined.indexOf('))', i + 3);
      const stop = close < 0 ? joined.length : close + 2;
      current.text += joined.slice(i, stop);
      i = stop - 1;
    } else if (ch === '$' && joined[i + 1] === '(') {
      frames.push(open('sub'));
      i++;
    } else if ((ch === ')' && current.kind === 'sub' && !current.quoted) || (ch === '`' && current.kind === 'bt')) {
      frames.pop();
      cut(current, frame().inner);
    } else if (ch === '`') {
      frames.push(open('bt'));
    } else if (!current.quoted && (ch === '\n' || ch === ';' || ch === '|' || (ch === '&' && joined[i - 1] !== '>' && joined[i + 1] !== '>'))) {
      if (current.kind === 'top') cut(current, parts);
      else {
        // `$(a | b)`: both run, inside the substitution.
        current.inner.push(current.text);
        current.text = '';
      }
    } else {
      current.text += ch;
    }
  }
  // Unclosed substitutions: keep what they hold.
  for (const left of frames.reverse()) cut(left, parts);
  return parts.map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#') && p !== '"');
}

/** Is `script[i]` at the start of a shell word (where `#` opens a comment)? */
export function startsWord(script: string, i: number): boolean {
  return i === 0 || /[\s;|&()]/.test(script[i - 1] ?? '');
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
