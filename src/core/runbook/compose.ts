// Running a command where the runbook means it to run. A command typed into `oc debug node/X`,
// `oc rsh POD`, `ssh HOST`, `sudo -i` or a psql session becomes one command the operator's
// machine can run non-interactively: `oc debug node/X -- chroot /host sh -c '...'`,
// `oc exec POD -- sh -c '...'`, `ssh HOST -- '...'`, `psql ... -c '...'`. Where no such form
// exists (a Rails console) the answer is where to type it. The inner command is one
// single-quoted word (quoteWord), so what runs there is exactly what the runbook says.
import { fillParameters } from '../command/substitute.ts';
import { quoteWord } from '../command/shell-quote.ts';
import { needsTerminal } from './contexts.ts';
import { findPlaceholders } from './placeholders.ts';
import { redisWords } from './risk-sql.ts';
import type { ExecutionContext, ReplContext } from './types.ts';

export type Composition =
  | { kind: 'composed'; script: string }
  /** `script` is what to type there: the command, wrapped for any inner context that could be composed. */
  | { kind: 'manual'; where: string; script: string };

/**
 * The command that runs `script` in `context` from the operator's machine. `script` must have
 * its placeholders filled already (fillParameters): over there it is quoted as one word, so
 * nothing in it is expanded here. `values` fill the placeholders of the context itself
 * (`oc debug node/<node>`), which do run here.
 */
export function composeInContext(script: string, context: ExecutionContext, values: Readonly<Record<string, string | undefined>> = {}): Composition {
  let current = script;
  let at: ExecutionContext = context;
  while (at.kind !== 'local') {
    const wrapped = wrapOnce(current, at, values);
    if (wrapped === null) return { kind: 'manual', where: describeContext(at), script: current };
    current = wrapped;
    at = at.outer;
  }
  return { kind: 'composed', script: current };
}

/** The words of a context as written, filled: each is a bare shell word on the operator's side. */
function fill(raw: string, values: Readonly<Record<string, string | undefined>>): string {
  return fillParameters(raw, findPlaceholders(raw), values).script;
}

function wrapOnce(inner: string, context: Exclude<ExecutionContext, { kind: 'local' }>, values: Readonly<Record<string, string | undefined>>): string | null {
  const f = (raw: string) => fill(raw, values);
  const interactive = needsTerminal(inner);
  switch (context.kind) {
    case 'node': {
      // A debug pod's TTY flags differ between oc and kubectl versions: hand interactive commands to the operator.
      if (interactive) return null;
      const shell = context.chroot ? `chroot /host sh -c ${quoteWord(inner)}` : `sh -c ${quoteWord(inner)}`;
      return join([context.client, 'debug', `node/${f(context.node)}`, ...context.flags.map(f), '--', shell]);
    }
    case 'pod':
    case 'toolbox': {
      if (context.pod === null) return null;
      const tty = interactive ? ['-it'] : [];
      const shell = `${f(context.shell)} -c ${quoteWord(inner)}`;
      if (context.client === 'docker' || context.client === 'podman') return join([context.client, 'exec', ...tty, f(context.pod), shell]);
      return join([
        context.client, 'exec', ...tty, ...context.flags.map(f),
        ...(context.namespace ? ['-n', f(context.namespace)] : []),
        ...(context.container ? ['-c', f(context.container)] : []),
        f(context.pod), '--', shell,
      ]);
    }
    case 'ssh':
      return join(['ssh', ...(interactive ? ['-t'] : []), ...context.options.map(f), f(context.host), '--', quoteWord(inner)]);
    case 'root':
      if (context.via === 'prompt') return null;
      if (context.via === 'su') return join(['su', '-', ...(context.user ? [f(context.user)] : []), '-c', quoteWord(inner)]);
      return join(['sudo', '-i', ...(context.user ? ['-u', f(context.user)] : []), 'sh', '-c', quoteWord(inner)]);
    case 'repl':
      return replCommand(inner, context, values);
    case 'unknown':
      return null;
  }
}

/** psql -c, mysql -e, redis-cli CMD, mongo --eval; consoles without a one-shot form give null. */
function replCommand(inner: string, context: ReplContext, values: Readonly<Record<string, string | undefined>>): string | null {
  if (context.command.length === 0) return null;
  const start = context.command.map((w) => fill(w, values));
  const base = context.program.replace(/^.*\//, '');
  if (context.language === 'redis') {
    const lines = inner.split('\n').map(redisWords).filter((w) => w.length > 0);
    if (lines.length === 0) return null;
    return lines.map((words) => join([...start, ...words.map(quoteWord)])).join(' && ');
  }
  if (context.language === 'mongo') return join([...start, '--quiet', '--eval', quoteWord(inner)]);
  if (context.language !== 'sql') return null;
  if (base === 'psql' || base === 'gitlab-psql') {
    // psql runs one -c as either all backslash commands or all SQL: give each meta-command its own.
    return join([...start, ...psqlChunks(inner).flatMap((chunk) => ['-c', quoteWord(chunk)])]);
  }
  if (base === 'mysql' || base === 'mariadb' || base === 'cqlsh') return join([...start, '-e', quoteWord(inner)]);
  if (base === 'clickhouse-client') return join([...start, '--query', quoteWord(inner)]);
  if (base === 'sqlite3') return join([...start, quoteWord(inner)]);
  return null;
}

function psqlChunks(sql: string): string[] {
  const chunks: string[] = [];
  let buffer: string[] = [];
  const flush = () => {
    const text = buffer.join('\n').trim();
    if (text) chunks.push(text);
    buffer = [];
  };
  for (const line of sql.split('\n')) {
    if (/^\s*\\/.test(line)) {
      flush();
      chunks.push(line.trim());
    } else buffer.push(line);
  }
  flush();
  return chunks;
}

const join = (words: string[]): string => words.filter((w) => w !== '').join(' ');

/** Where a context is, in words, innermost first: the place the operator must type a command. */
export function describeContext(context: ExecutionContext): string {
  const parts: string[] = [];
  for (let at = context; at.kind !== 'local'; at = at.outer) parts.push(describeOne(at));
  return parts.length === 0 ? 'on this machine' : parts.join(', which runs ');
}

function describeOne(context: Exclude<ExecutionContext, { kind: 'local' }>): string {
  const by = context.enteredBy === null ? '' : ` opened by \`${oneLine(context.entry)}\``;
  switch (context.kind) {
    case 'node':
      return `in the debug shell on node ${context.node}${by}${context.chroot ? ', after `chroot /host`' : ''}`;
    case 'pod':
      return `in the shell of ${context.pod ?? 'the pod'}${by}`;
    case 'toolbox':
      return context.pod === null
        ? 'in the Rook/Ceph toolbox pod (e.g. `oc rsh -n openshift-storage deploy/rook-ceph-tools` or `kubectl -n rook-ceph exec -it deploy/rook-ceph-tools -- bash`)'
        : `in the Rook/Ceph toolbox pod ${context.pod}${by}`;
    case 'ssh':
      return `on ${context.host}${context.enteredBy === null ? '' : `, reached by \`${oneLine(context.entry)}\``}`;
    case 'root':
      return context.via === 'prompt' ? `as root (${context.entry})` : `in the ${context.user ? `${context.user} user's` : 'root'} shell${by}`;
    case 'repl':
      return context.command.length === 0 ? `in a ${consoleName(context.program)} (${context.entry})` : `in the ${consoleName(context.program)}${by}`;
    case 'unknown':
      return `in the shell ${context.entry} stands for (the runbook does not say how to open it)`;
  }
}

const consoleName = (program: string): string => (/console$/.test(program) ? program : `${program} console`);

const oneLine = (text: string): string => text.replace(/\s*\\\n\s*/g, ' ').replace(/\s+/g, ' ').trim();
