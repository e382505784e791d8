// Programs that run other programs. Wrappers (sudo, env, nice, timeout, ...) run the rest of
// their words unchanged, so the inner command decides. Runners (xargs, find -exec, ssh, sh -c,
// watch, ...) run a command of their own making; it decides too, and the reason says via what.
import type { ShellWord } from './shell-syntax.ts';
import { type Classifier, type Verdict, change, destructive, hasFlag, read, via, worse } from './risk-words.ts';

/** Flags that take a value, per wrapper, so the value is not mistaken for the program. */
const WRAPPER_VALUE_FLAGS: Record<string, string[]> = {
  sudo: ['-u', '--user', '-g', '--group', '-h', '--host', '-p', '--prompt', '-C', '--close-from', '-r', '--role', '-t', '--type', '-U', '--other-user', '-D', '--chdir', '-R', '--chroot', '-T', '--command-timeout'],
  doas: ['-u', '-C'],
  runuser: ['-u', '--user', '-g', '--group', '-G', '--supp-group', '-s', '--shell'],
  env: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'],
  nice: ['-n', '--adjustment'],
  ionice: ['-c', '--class', '-n', '--classdata', '-p', '--pid'],
  chrt: [],
  timeout: ['-s', '--signal', '-k', '--kill-after'],
  time: ['-o', '--output', '-f', '--format'],
  stdbuf: ['-i', '-o', '-e'],
  strace: ['-o', '-e', '-s', '-p', '-u', '-P', '-E'],
  ltrace: ['-o', '-e', '-s', '-p', '-u'],
  nsenter: ['-t', '--target', '-S', '--setuid', '-G', '--setgid', '--wd', '-w', '--wdns'],
  flock: ['-w', '--timeout', '-E', '--conflict-exit-code', '-c'],
  taskset: [],
};

const TRANSPARENT = new Set([...Object.keys(WRAPPER_VALUE_FLAGS), 'nohup', 'setsid', 'command', 'exec', 'builtin', 'unbuffer', 'caffeinate', 'pkexec', 'xvfb-run', 'catchsegv', 'chroot']);

export const isWrapper = (program: string): boolean => TRANSPARENT.has(program) || program === 'bundle' || program === 'poetry' || program === 'pipenv' || program === 'uv' || program === 'npx';

/**
 * The command a wrapper runs, or null when it runs none (`sudo -l`, `env`, `chroot /host`
 * alone). Exported for the context detection, which sees through the same wrappers.
 */
export function innerCommand(program: string, args: ShellWord[]): ShellWord[] | null {
  if (program === 'bundle' || program === 'poetry' || program === 'pipenv' || program === 'uv') {
    const verb = args[0]?.value;
    return verb === 'exec' || verb === 'run' ? nonEmpty(args.slice(1)) : null;
  }
  if (program === 'npx') return nonEmpty(args.filter((w) => !w.value.startsWith('-')));
  const valueFlags = new Set(WRAPPER_VALUE_FLAGS[program] ?? []);
  let i = 0;
  for (; i < args.length; i++) {
    const w = args[i]?.value ?? '';
    if (w === '--') {
      i++;
      break;
    }
    if (program === 'env' && /^[A-Za-z_]\w*=/.test(w)) continue;
    if (!w.startsWith('-') || w === '-') break;
    if (valueFlags.has(w)) i++;
  }
  let rest = args.slice(i);
  // `timeout 30 cmd`, `chroot /host cmd`, `flock /tmp/lock cmd`, `taskset 0x1 cmd`, `chrt 10 cmd`: one operand first.
  if (program === 'timeout' || program === 'chroot' || program === 'flock' || program === 'taskset' || program === 'chrt') rest = rest.slice(1);
  return nonEmpty(rest);
}

const nonEmpty = (words: ShellWord[]): ShellWord[] | null => (words.length > 0 ? words : null);

/** A wrapper's verdict: its inner command's, or its own when it runs none. */
export const wrapper: Classifier = (args, program, ctx) => {
  const inner = innerCommand(program, args);
  if (program === 'sudo' || program === 'doas') {
    if (hasFlag(args, '-e', '--edit')) return change('sudoedit');
    if (!inner) return hasFlag(args, '-i', '--login', '-s', '--shell') ? change(`${program} -i (opens a root shell)`) : read(`${program} -l`);
  }
  if (program === 'chroot' && !inner) return change('chroot (opens a shell)');
  if (program === 'nsenter' && !inner) return change('nsenter (opens a shell)');
  if (program === 'command' && hasFlag(args, '-v', '-V')) return read('command -v');
  if ((program === 'strace' || program === 'ltrace') && hasFlag(args, '-p')) return change(`${program} -p (attaches to a process)`);
  if (program === 'ionice' && hasFlag(args, '-p', '--pid')) return change('ionice -p');
  if (program === 'taskset' && hasFlag(args, '-p', '--pid')) return change('taskset -p');
  if (program === 'env' && hasFlag(args, '-S', '--split-string')) return change('env -S');
  if (!inner) return read(program);
  const verdict = ctx.argv(inner);
  return program === 'npx' ? worse(change('npx (downloads and runs a package)'), verdict) ?? verdict : verdict;
};

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'fish', 'busybox']);
export const isShell = (program: string): boolean => SHELLS.has(program);

/** Where `-c` sits in a shell's flags (`-c`, `-ec`, `-lc`, `-xc`), or -1. */
export function commandFlagIndex(args: ShellWord[]): number {
  for (let i = 0; i < args.length; i++) {
    const w = args[i]?.value ?? '';
    if (w === '--' || !w.startsWith('-')) return -1;
    if (!w.startsWith('--') && w.slice(1).includes('c')) return i;
  }
  return -1;
}

/** sh -c / bash -c: the string is shell, classified as such (depth-bounded by the caller). */
export const shell: Classifier = (args, program, ctx) => {
  let rest = args;
  if (program === 'busybox') {
    if (!SHELLS.has(rest[0]?.value ?? '')) return change(`busybox ${rest[0]?.value ?? ''}`.trim());
    rest = rest.slice(1);
  }
  const at = commandFlagIndex(rest);
  if (at >= 0) {
    const script = rest[at + 1];
    if (!script) return change(`${program} -c`);
    return script.dynamic ? change(`${program} -c with a computed script`) : via(ctx.script(script.value), `${program} -c`);
  }
  const file = rest.find((w) => !w.value.startsWith('-'));
  if (file) return change(`${program} ${file.value} (runs a script)`);
  if (ctx.pipedText.length > 0) return ctx.pipedText.map((t) => via(ctx.script(t), program)).reduce<Verdict | null>(worse, null) ?? change(program);
  return change(`${program} (opens a shell)`);
};

/** eval "$x" is unknowable; eval 'literal' is that literal, run as shell. */
export const evalRunner: Classifier = (args, _program, ctx) => (args.some((w) => w.dynamic) ? change('eval of a computed string') : via(ctx.script(args.map((w) => w.value).join(' ')), 'eval'));

/** watch joins its arguments and runs them with `sh -c` (without -x). */
export const watch: Classifier = (args, _program, ctx) => {
  const rest = args.slice(skipFlags(args, new Set(['-n', '--interval', '-q', '--equexit', '--errexit-command'])));
  if (rest.length === 0) return read('watch');
  if (hasFlag(args, '-x', '--exec')) return via(ctx.argv(rest), 'watch');
  return via(ctx.script(rest.map((w) => w.value).join(' ')), 'watch');
};

/** ssh host [command...]: the remote shell runs the joined words; no command opens a shell. */
export const ssh: Classifier = (args, program, ctx) => {
  const { host, command } = sshParts(args);
  if (!host) return change(program);
  if (command.length > 0) return via(ctx.script(command.map((w) => w.value).join(' ')), `${program} ${host.value}`);
  if (ctx.pipedText.length > 0) return ctx.pipedText.map((t) => via(ctx.script(t), `${program} ${host.value}`)).reduce<Verdict | null>(worse, null) ?? change(program);
  return change(hasFlag(args, '-N') ? `${program} -N (tunnel)` : `${program} ${host.value} (opens a shell)`);
};

const SSH_VALUE_FLAGS = new Set(['-p', '-i', '-l', '-o', '-J', '-F', '-L', '-R', '-D', '-W', '-E', '-S', '-b', '-c', '-m', '-O', '-Q', '-w', '-B', '-e', '-I']);

/** The host word and the command words of an ssh invocation. */
export function sshParts(args: ShellWord[]): { host: ShellWord | null; command: ShellWord[]; options: ShellWord[] } {
  let i = 0;
  for (; i < args.length; i++) {
    const w = args[i]?.value ?? '';
    if (w === '--') {
      i++;
      break;
    }
    if (!w.startsWith('-')) break;
    if (SSH_VALUE_FLAGS.has(w)) i++;
  }
  const host = args[i] ?? null;
  let command = args.slice(i + 1);
  if (command[0]?.value === '--') command = command.slice(1);
  return { host, command, options: args.slice(0, i) };
}

/** su [-] [user] [-c cmd]: with -c the string is shell; without, a login shell. */
export const su: Classifier = (args, _program, ctx) => {
  const at = args.findIndex((w) => w.value === '-c' || w.value === '--command');
  if (at >= 0 && args[at + 1]) return via(ctx.script(args[at + 1]?.value ?? ''), 'su -c');
  return change('su (opens a root shell)');
};

/** xargs [opts] cmd...: the command it builds from its input. */
export const xargs: Classifier = (args, _program, ctx) => {
  const rest = args.slice(skipFlags(args, new Set(['-I', '-i', '-n', '--max-args', '-P', '--max-procs', '-L', '--max-lines', '-d', '--delimiter', '-E', '-s', '--max-chars', '-a', '--arg-file'])));
  return rest.length === 0 ? read('xargs echo') : via(ctx.argv(rest), 'xargs');
};

/** GNU parallel cmd ::: args. */
export const parallel: Classifier = (args, _program, ctx) => {
  const rest = args.slice(skipFlags(args, new Set(['-j', '--jobs', '-S', '--sshlogin', '--joblog', '--results', '-n', '--max-args', '--delay', '--timeout'])));
  const end = rest.findIndex((w) => w.value === ':::' || w.value === '::::' || w.value === ':::+');
  const inner = end < 0 ? rest : rest.slice(0, end);
  return inner.length === 0 ? change('parallel (commands from input)') : via(ctx.argv(inner), 'parallel');
};

/** find: -delete is destructive, -exec/-execdir/-ok run a command, -fprint writes a file. */
export const find: Classifier = (args, _program, ctx) => {
  let worst: Verdict | null = read('find');
  for (let i = 0; i < args.length; i++) {
    const w = args[i]?.value ?? '';
    if (w === '-delete') worst = worse(worst, destructive('find -delete'));
    else if (w === '-fprint' || w === '-fprintf' || w === '-fprint0' || w === '-fls') worst = worse(worst, change(`find ${w} (writes a file)`));
    else if (w === '-exec' || w === '-execdir' || w === '-ok' || w === '-okdir') {
      const end = args.findIndex((x, j) => j > i && (x.value === ';' || x.value === '+'));
      const inner = args.slice(i + 1, end < 0 ? args.length : end);
      if (inner.length > 0) worst = worse(worst, via(ctx.argv(inner), `find ${w}`));
      i = end < 0 ? args.length : end;
    }
  }
  return worst ?? read('find');
};

/** ansible HOSTS -m shell -a 'cmd': the command module's argument is shell on every host. */
export const ansible: Classifier = (args, program, ctx) => {
  if (program === 'ansible-playbook') return hasFlag(args, '--check', '-C', '--syntax-check', '--list-hosts', '--list-tasks') ? read('ansible-playbook --check') : change('ansible-playbook');
  const module = args[args.findIndex((w) => w.value === '-m' || w.value === '--module-name') + 1]?.value ?? 'command';
  const argument = args[args.findIndex((w) => w.value === '-a' || w.value === '--args') + 1];
  if (module === 'ping' || module === 'setup' || module === 'gather_facts') return read(`ansible -m ${module}`);
  if ((module === 'shell' || module === 'command' || module === 'raw') && argument) return via(ctx.script(argument.value), `ansible -m ${module}`);
  return change(`ansible -m ${module}`);
};

/** Index of the first word after leading flags (and their values). */
function skipFlags(args: ShellWord[], valueFlags: ReadonlySet<string>): number {
  let i = 0;
  for (; i < args.length; i++) {
    const w = args[i]?.value ?? '';
    if (w === '--') return i + 1;
    if (!w.startsWith('-') || w === '-') return i;
    if (valueFlags.has(w)) i++;
  }
  return i;
}

