// Which context each command of a runbook runs in, in document order. How far a context
// reaches, from the public runbooks (openshift, rook, GitLab) that use them:
//
// - A context opened by a command (`oc debug node/X`, `oc rsh POD`, `ssh HOST`, `sudo -i`,
//   `psql`) holds for the rest of its block and for the following blocks, steps and
//   sub-sections: runbooks put one command per step ("1. oc debug node/X", "2. chroot /host",
//   "3. cat /etc/redhat-release").
// - It ends at `exit` (or `logout`, `quit`, `\q`), which leaves the innermost context; at the next
//   heading of the same or a higher level than the section it was opened in; and when a cluster
//   command (`oc ...`, `kubectl ...`) follows a pod or node shell, which means the runbook is back on
//   the operator's machine (those shells have no oc/kubectl). Inside a console, a line of shell
//   (a known program) means the console was left.
// - Without an opening command, a prompt still says the command is not for this machine
//   (`sh-5.1$`, `[root@host /]#`, `postgres=#`, `127.0.0.1:6379>`), for that command alone;
//   Ceph tools (`ceph`, `rados`, `rbd`) in a Kubernetes runbook run in the Rook toolbox pod; and a
//   cluster-side tool the runbook ran only inside one context (`etcdctl` after
//   `oc rsh ... etcd`) runs there again, with a note saying so.
import { type ChrootLayer, LOCAL, type Layer, sessionsOpenedBy } from './contexts.ts';
import { SQL_VERBS, REDIS_COMMANDS } from './repl-input.ts';
import { knownProgram } from './risk-tables.ts';
import { parseShell } from './shell-syntax.ts';
import type { ExecutionContext } from './types.ts';

export interface Placement {
  context: ExecutionContext;
  /** `exit`, `\q`, `chroot /host`: the line only changes the shell it is typed in; it is not a command to run. */
  control: boolean;
  /** Notes for `warroom validate` (a context ended or reused without the runbook saying so). */
  notes: { code: string; message: string }[];
}

export interface PlaceInput {
  id: string;
  script: string;
  /** The prompt the line was written with (`sh-4.4#`, `postgres=#`), if any. */
  prompt: string | null;
  /** The fence language (`ruby`, `sql`), if any. */
  language: string | null;
}

const LEAVE = /^\s*(exit|logout|quit|\\q|exit\(\)|quit\(\)|\.exit)\s*(\d+)?\s*;?\s*$/;
/** `chroot /host` typed into a node's debug shell: it changes the shell, it is not a command of its own. */
const CHROOT = /^\s*chroot\s+\/host\s*(?:\/bin\/(?:ba)?sh|bash|sh)?\s*$/;
/** Tools of the operator's machine: after a pod or node shell they mean the runbook left it. */
const OPERATOR_SIDE = new Set(['oc', 'kubectl', 'helm', 'ssh', 'scp', 'gcloud', 'gsutil', 'aws', 'az', 'terraform', 'argocd', 'knife', 'virtctl', 'k9s']);
/** Tools that live where the cluster's data is, not on the operator's machine. */
const CLUSTER_SIDE = new Set(['etcdctl', 'ceph', 'rados', 'rbd', 'radosgw-admin', 'crictl', 'gitlab-ctl', 'gitlab-rake', 'gitlab-psql', 'gitlab-redis-cli', 'gitlab-rails', 'patronictl', 'nodetool']);
const CEPH_TOOLS = new Set(['ceph', 'rados', 'rbd', 'radosgw-admin']);

interface Open {
  context: Exclude<ExecutionContext, { kind: 'local' }>;
  /** Heading level of the section it was opened in. */
  level: number;
}

export class ContextTracker {
  private readonly stack: Open[] = [];
  private level = 0;
  /** Where each cluster-side program has run so far (null once it also ran locally or elsewhere). */
  private readonly programHome = new Map<string, ExecutionContext | null>();
  private readonly kubernetes: boolean;

  /** `source` is the whole runbook: a Kubernetes runbook puts Ceph tools in the toolbox pod. */
  constructor(source: string) {
    this.kubernetes = /\b(?:oc|kubectl)\s+\w|\brook\b|rook-ceph|openshift|\bodf\b|\btoolbox\b|cephCLI/i.test(source);
  }

  current(): ExecutionContext {
    return this.stack.at(-1)?.context ?? LOCAL;
  }

  /** A section heading at `level`: contexts opened in a section at that level or deeper end. */
  section(level: number): void {
    while (this.stack.length > 0 && (this.stack.at(-1)?.level ?? 0) >= level) this.stack.pop();
    this.level = level;
  }

  place(input: PlaceInput): Placement {
    const notes: Placement['notes'] = [];
    if (LEAVE.test(input.script)) {
      const left = this.stack.pop();
      // `kubectl exec -it pod -- psql`: quitting psql ends the exec that started it too.
      while (left && this.stack.at(-1)?.context.enteredBy === left.context.enteredBy && left.context.enteredBy !== null) this.stack.pop();
      return { context: left?.context ?? LOCAL, control: true, notes };
    }
    if (CHROOT.test(input.script) && this.current().kind === 'node') {
      const node = this.current();
      return { context: this.chroot(node), control: true, notes };
    }
    const program = firstProgram(input.script);
    this.leaveImplicitly(input, program, notes);
    let context = this.current();
    if (context.kind === 'local') context = this.implied(input, program, notes);
    this.remember(program, context);
    this.enter(input, context);
    return { context, control: false, notes };
  }

  /** Cluster commands after a pod/node shell, shell lines in a console: the runbook left them. */
  private leaveImplicitly(input: PlaceInput, program: string, notes: Placement['notes']): void {
    const top = this.current();
    if (top.kind === 'repl' && !isReplInput(input, top.language, program)) {
      while (this.current().kind === 'repl') this.stack.pop();
    }
    const inShell = (c: ExecutionContext) => c.kind === 'pod' || c.kind === 'toolbox' || c.kind === 'node';
    if (OPERATOR_SIDE.has(program) && inShell(this.current())) {
      const left = this.current();
      while (inShell(this.current())) this.stack.pop();
      if (left.kind !== 'local') notes.push({ code: 'context-left', message: `\`${oneLine(input.script)}\` runs on this machine: \`${program}\` after \`${oneLine(left.entry)}\` means the runbook left that shell` });
    }
  }

  /** A context the command implies by its prompt or program, for this command only. */
  private implied(input: PlaceInput, program: string, notes: Placement['notes']): ExecutionContext {
    const byPrompt = contextFromPrompt(input.prompt, input.script);
    // `sh-5.1$ rados df`: a container shell, and for a Ceph tool that container is the toolbox.
    if (byPrompt?.kind === 'unknown' && CEPH_TOOLS.has(program)) return this.cephHome(program, byPrompt.entry);
    if (byPrompt) return byPrompt;
    const home = this.programHome.get(program);
    if (home && home.kind !== 'local' && CLUSTER_SIDE.has(program)) {
      notes.push({ code: 'context-reused', message: `\`${program}\` runs where it ran before (opened by \`${home.kind === 'toolbox' && home.enteredBy === null ? 'the toolbox' : oneLine(home.entry)}\`): the runbook does not say where, and it is not a tool for this machine` });
      return home;
    }
    if (CEPH_TOOLS.has(program)) return this.cephHome(program, `\`${program}\` (a Ceph tool)`);
    return LOCAL;
  }

  /** Ceph tools run in the Rook toolbox pod on Kubernetes, on a Ceph admin host otherwise: never here. */
  private cephHome(program: string, entry: string): ExecutionContext {
    if (this.kubernetes) return { kind: 'toolbox', client: 'oc', pod: null, namespace: null, container: null, flags: [], shell: 'sh', enteredBy: null, entry, outer: LOCAL };
    return { kind: 'unknown', prompt: '', enteredBy: null, entry: `\`${program}\` (a Ceph admin tool, for a host of the Ceph cluster)`, outer: LOCAL };
  }

  private remember(program: string, context: ExecutionContext): void {
    if (!CLUSTER_SIDE.has(program)) return;
    const seen = this.programHome.get(program);
    if (seen === undefined) this.programHome.set(program, context);
    else if (seen !== context) this.programHome.set(program, null);
  }

  /** Opens what the command opens, on top of the context it ran in. */
  private enter(input: PlaceInput, context: ExecutionContext): void {
    if (context.kind === 'repl') return;
    let outer: ExecutionContext = context;
    for (const layer of sessionsOpenedBy(input.script)) {
      if (layer.kind === 'chroot') {
        outer = this.chroot(outer);
        continue;
      }
      const opened = { ...(layer as Exclude<Layer, ChrootLayer>), enteredBy: input.id, entry: input.script, outer } as Exclude<ExecutionContext, { kind: 'local' }>;
      this.stack.push({ context: opened, level: this.level });
      outer = opened;
    }
  }

  /** `chroot /host` inside a node debug shell: the same shell, now on the node's own root. */
  private chroot(context: ExecutionContext): ExecutionContext {
    const top = this.stack.at(-1);
    if (context.kind !== 'node' || !top || top.context !== context) return context;
    const rooted = { ...context, chroot: true };
    top.context = rooted;
    return rooted;
  }
}

/** The program a script starts with, wrappers aside (`sudo -u git gitlab-rake` → `gitlab-rake`). */
function firstProgram(script: string): string {
  const command = parseShell(script).commands.find((c) => !c.nested && c.words.length > 0);
  const words = command?.words ?? [];
  let i = 0;
  while (i < words.length && ['sudo', 'env', 'nice', 'nohup', 'timeout', 'time', 'command', 'exec'].includes(words[i]?.value ?? '')) {
    i++;
    while (i < words.length && (words[i]?.value ?? '').startsWith('-')) i += /^-[ugCDnskt]$/.test(words[i]?.value ?? '') ? 2 : 1;
    if (words[i - 1]?.value === 'timeout') i++;
  }
  return (words[i]?.value ?? '').replace(/^.*\//, '');
}

/** Is this line something typed into the console (SQL, a Redis command, Ruby) rather than shell? */
function isReplInput(input: PlaceInput, language: string, program: string): boolean {
  const first = (/^\s*(\S+)/.exec(input.script)?.[1] ?? '').toLowerCase();
  const lang = input.language?.toLowerCase() ?? '';
  if (language === 'sql') return lang === 'sql' || lang === 'psql' || lang === 'postgresql' || lang === 'mysql' || first.startsWith('\\') || SQL_VERBS.has(first.replace(/;$/, ''));
  if (language === 'redis') return lang === 'redis' || REDIS_COMMANDS.has(first);
  if (language === 'ruby') return lang === 'ruby' || lang === 'rb' || lang === 'irb' || !knownProgram(program);
  return !knownProgram(program);
}

/** What a prompt says about where the line is typed; null for `$` and `user@host:~$` (no telling). */
export function contextFromPrompt(prompt: string | null, script = ''): ExecutionContext | null {
  if (!prompt) return null;
  const p = prompt.trim();
  const entry = `the "${p}" prompt`;
  if (p === '>') {
    // A console's bare prompt: the line says which console.
    const first = (/^\s*(\S+)/.exec(script)?.[1] ?? '').toLowerCase();
    if (REDIS_COMMANDS.has(first)) return { kind: 'repl', program: 'redis-cli', language: 'redis', command: [], enteredBy: null, entry, outer: LOCAL };
    if (SQL_VERBS.has(first)) return { kind: 'repl', program: 'a SQL', language: 'sql', command: [], enteredBy: null, entry, outer: LOCAL };
    return null;
  }
  if (/^[\w.-]+=[#>]$|^[\w.-]+\(\w+\)=[#>]$/.test(p)) return { kind: 'repl', program: 'psql', language: 'sql', command: [], enteredBy: null, entry, outer: LOCAL };
  if (/^(mysql|mariadb|MariaDB \[[^\]]*\])>$/.test(p)) return { kind: 'repl', program: 'mysql', language: 'sql', command: [], enteredBy: null, entry, outer: LOCAL };
  if (/^(redis|[\w.-]+:\d+(\[\d+\])?)>$/.test(p)) return { kind: 'repl', program: 'redis-cli', language: 'redis', command: [], enteredBy: null, entry, outer: LOCAL };
  if (/^(irb|pry|\[\d+\] pry)\(.*\)[>*]?>?$/.test(p)) return { kind: 'repl', program: 'rails console', language: 'ruby', command: [], enteredBy: null, entry, outer: LOCAL };
  if (/^(?:ba|z|k)?sh-\d+(?:\.\d+)*[$#]$/.test(p)) return { kind: 'unknown', prompt: p, enteredBy: null, entry, outer: LOCAL };
  if (p === '#' || /^\[root@[^\]]+\]#$|^root@[\w.-]+:[^#]*#$/.test(p)) return { kind: 'root', user: null, via: 'prompt', enteredBy: null, entry, outer: LOCAL };
  return null;
}

const oneLine = (text: string): string => text.replace(/\s*\\\n\s*/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
