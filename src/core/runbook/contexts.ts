// What a command opens and what it needs: `oc debug node/X`, `oc rsh POD`, `ssh HOST`,
// `sudo -i`, `psql` without `-c`, `gitlab-rails console` open a shell or console that later
// commands of the runbook are typed into; editors, pagers and those sessions need the terminal.
// Seen through the same wrappers as risk (sudo, env, ...), so `sudo -u git -H psql` opens psql.
import { sqlArguments, SQL_CLIENT_NAMES } from './risk-data.ts';
import { commandFlagIndex, innerCommand, isShell, isWrapper, sshParts } from './risk-runners.ts';
import { afterDoubleDash, flagValue, hasFlag, positionals } from './risk-words.ts';
import { KUBE_VALUE_FLAGS } from './risk-kube.ts';
import { type ShellWord, type SimpleCommand, parseShell } from './shell-syntax.ts';
import type { ExecutionContext, ReplContext } from './types.ts';

export const LOCAL: ExecutionContext = { kind: 'local' };

/** A context without how it was reached yet (the tracker fills `enteredBy`, `entry`, `outer`). */
export type Layer = DistributiveOmit<Exclude<ExecutionContext, { kind: 'local' }>, 'enteredBy' | 'entry' | 'outer'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Chroot into a node's root, which only means something inside a node debug shell. */
export interface ChrootLayer {
  kind: 'chroot';
}

/** The sessions a script opens, outermost first (`ssh -t h sudo gitlab-psql` → ssh, then psql). */
export function sessionsOpenedBy(script: string): (Layer | ChrootLayer)[] {
  const parsed = parseShell(script);
  const last = [...parsed.commands].reverse().find((c) => !c.nested);
  if (!last || last.stdin !== null) return [];
  return sessionOf(last.words, 0);
}

const REDIS_MODES = ['--latency', '--latency-history', '--latency-dist', '--stat', '--bigkeys', '--memkeys', '--hotkeys', '--scan', '--pipe', '--rdb', '--eval', '--cluster', '--version', '--help', '--intrinsic-latency'];
const REDIS_VALUE_FLAGS = new Set(['-h', '-p', '-a', '-n', '-u', '--user', '--pass', '-s', '--cacert', '--cert', '--key', '--sni']);

function sessionOf(words: ShellWord[], depth: number): (Layer | ChrootLayer)[] {
  const [first, ...args] = words;
  if (!first || first.dynamic || first.placeholder || depth > 8) return [];
  const program = first.value.replace(/^.*\//, '');
  const raw = words.map((w) => w.raw);

  if (program === 'sudo' || program === 'doas') {
    const inner = innerCommand(program, args);
    const user = flagValue(args, '-u', '--user')?.raw ?? null;
    if (!inner) return hasFlag(args, '-i', '--login', '-s', '--shell') ? [{ kind: 'root', user, via: 'sudo' }] : [];
    const innerProgram = inner[0]?.value.replace(/^.*\//, '') ?? '';
    if (innerProgram === 'su') return suSession(inner.slice(1), 'sudo');
    if (isShell(innerProgram) && commandFlagIndex(inner.slice(1)) < 0 && !inner.slice(1).some((w) => !w.value.startsWith('-'))) return [{ kind: 'root', user, via: 'sudo' }];
    return withPrefix(sessionOf(inner, depth + 1), raw.slice(0, raw.length - inner.length));
  }
  if (program === 'su') return suSession(args, 'su');
  if (program === 'chroot') return innerCommand(program, args) === null || isBareShell(innerCommand(program, args) ?? []) ? [{ kind: 'chroot' }] : [];
  if (isWrapper(program)) {
    const inner = innerCommand(program, args);
    return inner ? withPrefix(sessionOf(inner, depth + 1), raw.slice(0, raw.length - inner.length)) : [];
  }
  if (program === 'ssh' || program === 'autossh') {
    const { host, command, options } = sshParts(args);
    if (!host || hasFlag(args, '-N')) return [];
    const layer: Layer = { kind: 'ssh', host: host.raw, options: options.map((w) => w.raw) };
    if (command.length === 0) return [layer];
    const inner = sessionsOpenedBy(command.map((w) => w.value).join(' '));
    return inner.length > 0 ? [layer, ...inner] : [];
  }
  if (program === 'kubectl' || program === 'oc' || program === 'k') return kubeSession(program === 'oc' ? 'oc' : 'kubectl', args, depth);
  if (program === 'docker' || program === 'podman') return containerSession(program, args, depth);
  return repl(program, args, raw);
}

function suSession(args: ShellWord[], via: 'sudo' | 'su'): Layer[] {
  if (args.some((w) => w.value === '-c' || w.value === '--command')) return [];
  const user = args.find((w) => !w.value.startsWith('-'))?.raw ?? null;
  return [{ kind: 'root', user: user === 'root' ? null : user, via }];
}

/** `bash`, `sh -l`, `/bin/bash`: a shell with nothing to run. */
function isBareShell(words: ShellWord[]): boolean {
  const program = words[0]?.value.replace(/^.*\//, '') ?? '';
  return isShell(program) && commandFlagIndex(words.slice(1)) < 0 && !words.slice(1).some((w) => !w.value.startsWith('-'));
}

/** `sudo -u postgres psql`: a console opened through a wrapper keeps the wrapper in its command. */
function withPrefix(layers: (Layer | ChrootLayer)[], prefix: string[]): (Layer | ChrootLayer)[] {
  const [head, ...rest] = layers;
  if (head?.kind === 'repl') return [{ ...head, command: [...prefix, ...head.command] }, ...rest];
  return layers;
}

function kubeSession(client: 'oc' | 'kubectl', args: ShellWord[], depth: number): (Layer | ChrootLayer)[] {
  const words = positionals(args, KUBE_VALUE_FLAGS);
  const verb = words[0]?.value ?? '';
  const target = words[1];
  if (!target) return [];
  const namespace = flagValue(args, '-n', '--namespace')?.raw ?? null;
  const container = flagValue(args, '-c', '--container')?.raw ?? null;
  const flags = keptFlags(args, new Set(['-n', '--namespace', '-c', '--container', '-i', '-t', '-it', '-ti', '--stdin', '--tty', '-T', '--no-tty', '--shell']), target);
  const dash = afterDoubleDash(args);
  const inner = dash >= 0 ? args.slice(dash) : verb === 'rsh' ? args.slice(args.indexOf(target) + 1) : [];
  if (verb === 'debug' && /^(node|nodes)\//.test(target.value)) {
    const node: Layer = { kind: 'node', client, node: target.raw.replace(/^nodes?\//, ''), flags, chroot: false };
    if (inner.length === 0) return [node];
    const rest = sessionOf(inner, depth + 1);
    return rest.length > 0 ? [node, ...rest] : [];
  }
  if (verb !== 'rsh' && !(verb === 'exec' && hasFlag(args, '-i', '--stdin'))) return [];
  const shell = flagValue(args, '--shell')?.raw ?? 'sh';
  const pod: Layer = { kind: isToolbox(target.raw) ? 'toolbox' : 'pod', client, pod: target.raw, namespace, container, flags, shell };
  if (inner.length === 0) return verb === 'rsh' ? [pod] : [];
  if (isBareShell(inner)) return [{ ...pod, shell: inner[0]?.raw ?? 'sh' }];
  const rest = sessionOf(inner, depth + 1);
  return rest.length > 0 ? [pod, ...rest] : [];
}

function containerSession(client: 'docker' | 'podman', args: ShellWord[], depth: number): Layer[] {
  if (args[0]?.value !== 'exec' || !hasFlag(args.slice(1), '-i', '--interactive')) return [];
  const rest = positionals(args.slice(1), new Set(['-u', '--user', '-w', '--workdir', '-e', '--env']));
  const container = rest[0];
  if (!container) return [];
  const inner = args.slice(args.indexOf(container) + 1);
  const pod: Layer = { kind: 'pod', client, pod: container.raw, namespace: null, container: null, flags: [], shell: inner[0]?.raw ?? 'sh' };
  if (isBareShell(inner)) return [pod];
  const more = sessionOf(inner, depth + 1).filter((l): l is Layer => l.kind !== 'chroot');
  return more.length > 0 ? [pod, ...more] : [];
}

/** Flags of the entering command worth keeping when composing (`--context x`), as written. */
function keptFlags(args: ShellWord[], dropped: ReadonlySet<string>, target: ShellWord): string[] {
  const out: string[] = [];
  const end = afterDoubleDash(args);
  for (let i = 0; i < (end < 0 ? args.length : end - 1); i++) {
    const w = args[i];
    if (!w || w === target || !w.value.startsWith('-')) continue;
    const name = w.value.split('=')[0] ?? '';
    const takesValue = !w.value.includes('=') && KUBE_VALUE_FLAGS.has(w.value);
    if (!dropped.has(name) && !/^-[it]+$/.test(w.value)) out.push(w.raw, ...(takesValue && args[i + 1] ? [args[i + 1]?.raw ?? ''] : []));
    if (takesValue) i++;
  }
  return out;
}

const isToolbox = (pod: string): boolean => /rook-ceph-tools|ceph-tools|TOOLS_POD|toolbox/i.test(pod);

/** psql and friends without SQL, redis-cli without a command, Rails and mongo consoles. */
function repl(program: string, args: ShellWord[], raw: string[]): Layer[] {
  const at = (language: ReplContext['language'], name = program): Layer[] => [{ kind: 'repl', program: name, language, command: raw }];
  if (SQL_CLIENT_NAMES.has(program)) {
    if (sqlArguments(program, args) || hasFlag(args, '-f', '--file', '-l', '--list', '-V', '--version', '--help')) return [];
    return at('sql');
  }
  if (program === 'redis-cli' || program === 'gitlab-redis-cli' || program === 'valkey-cli') {
    if (positionals(args, REDIS_VALUE_FLAGS).length > 0 || REDIS_MODES.some((m) => args.some((w) => w.value === m))) return [];
    return at('redis');
  }
  if (program === 'mongo' || program === 'mongosh') return args.some((w) => w.value === '--eval' || /\.js$/.test(w.value)) ? [] : at('mongo');
  const verb = positionals(args)[0]?.value;
  if ((program === 'gitlab-rails' || program === 'rails') && (verb === 'console' || verb === 'c')) return at('ruby', `${program} console`);
  if ((program === 'gitlab-rails' || program === 'rails') && (verb === 'dbconsole' || verb === 'db')) return at('sql', `${program} dbconsole`);
  if (program === 'gitlab-ctl' && verb === 'pgb-console') return at('sql', 'gitlab-ctl pgb-console');
  if (program === 'irb' || program === 'pry') return at('ruby');
  return [];
}

const FULL_SCREEN = new Set(['less', 'more', 'most', 'vi', 'vim', 'nvim', 'view', 'nano', 'emacs', 'pico', 'micro', 'ed', 'top', 'htop', 'atop', 'btop', 'iotop', 'iftop', 'nethogs', 'glances', 'nload', 'bmon', 'k9s', 'watch', 'man', 'tmux', 'screen', 'visudo', 'vipw', 'passwd', 'read', 'select', 'mtr', 'tig', 'lazygit', 'ncdu']);

/** Does the script need the operator's terminal (an editor, pager, full-screen tool, a session it opens)? */
export function needsTerminal(script: string): boolean {
  if (sessionsOpenedBy(script).length > 0) return true;
  const parsed = parseShell(script);
  return parsed.commands.some((c) => !c.nested && commandNeedsTerminal(c, 0));
}

function commandNeedsTerminal(command: SimpleCommand, depth: number): boolean {
  return wordsNeedTerminal(command.words, depth) && !(command.stdin !== null && !isEditorLike(command.words));
}

const isEditorLike = (words: ShellWord[]): boolean => FULL_SCREEN.has(words[0]?.value.replace(/^.*\//, '') ?? '');

function wordsNeedTerminal(words: ShellWord[], depth: number): boolean {
  const [first, ...args] = words;
  if (!first || depth > 8) return false;
  const program = first.value.replace(/^.*\//, '');
  if (FULL_SCREEN.has(program)) return !(program === 'mtr' && hasFlag(args, '-r', '--report', '-w'));
  if (sessionOf(words, 0).length > 0) return true;
  if (isShell(program)) {
    const at = commandFlagIndex(args);
    const script = at >= 0 ? args[at + 1] : undefined;
    return script !== undefined && !script.dynamic && needsTerminal(script.value);
  }
  if (isWrapper(program) || program === 'sudo') {
    if (hasFlag(args, '-e', '--edit') && program === 'sudo') return true;
    const inner = innerCommand(program, args);
    return inner ? wordsNeedTerminal(inner, depth + 1) : false;
  }
  const verb = positionals(args, KUBE_VALUE_FLAGS)[0]?.value ?? '';
  if (program === 'kubectl' || program === 'oc' || program === 'k') {
    if (verb === 'edit' || (verb === 'rsh' && afterDoubleDash(args) < 0 && positionals(args, KUBE_VALUE_FLAGS).length <= 2)) return true;
    return ['exec', 'attach', 'run', 'debug'].includes(verb) && hasFlag(args, '-t', '--tty');
  }
  if (program === 'docker' || program === 'podman') return (verb === 'exec' || verb === 'run') && hasFlag(args, '-t', '--tty');
  if (program === 'systemctl' || program === 'crontab') return verb === 'edit' || hasFlag(args, '-e');
  if (program === 'git') return (verb === 'commit' && !hasFlag(args, '-m', '-F', '--message', '--file', '--no-edit', '-C')) || (verb === 'rebase' && hasFlag(args, '-i', '--interactive')) || (verb === 'add' && hasFlag(args, '-p', '-i'));
  if (program === 'virtctl') return verb === 'console' || verb === 'vnc' || verb === 'ssh';
  if (program === 'aws') return verb === 'ssm' && positionals(args)[1]?.value === 'start-session';
  if (program === 'gcloud') return args.some((w) => w.value === 'ssh') && !flagValue(args, '--command');
  // Asked for a password on the terminal: `mysql -p` (no value joined to it), `psql -W`.
  if (program === 'mysql' || program === 'mariadb') return args.some((w) => w.value === '-p' || w.value === '--password');
  if (program === 'psql') return hasFlag(args, '-W', '--password');
  if (program === 'ssh') return hasFlag(args, '-t') || sshParts(args).command.length === 0 || needsTerminal(sshParts(args).command.map((w) => w.value).join(' '));
  return false;
}
