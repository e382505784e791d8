// Prompts people paste into runbooks, and what they say: `$ ` (a shell, anywhere),
// `sh-4.4#` (a debug or container shell), `postgres=#` (psql), `127.0.0.1:6379>` (redis-cli),
// `irb(main):001:0>` (a Rails console), `# ` (root, when a command follows). Regexes here look
// at one line of code at a time.
import { REDIS_COMMANDS, SQL_VERBS } from './repl-input.ts';
import { knownProgram } from './risk-tables.ts';

/** Programs that make inline code a command by themselves and make an unlabelled fence shell. */
export const WELL_KNOWN_CLIS = new Set([
  'kubectl', 'oc', 'helm', 'curl', 'wget', 'aws', 'gcloud', 'gsutil', 'az', 'systemctl', 'service', 'journalctl',
  'docker', 'podman', 'crictl', 'psql', 'mysql', 'redis-cli', 'mongo', 'mongosh', 'etcdctl', 'knife', 'chef-client',
  'sudo', 'ssh', 'scp', 'terraform', 'vault', 'consul', 'nomad', 'git', 'gh', 'dig', 'nslookup', 'openssl',
  'rados', 'ceph', 'rbd', 'virtctl', 'istioctl', 'linkerd', 'argocd', 'flux', 'kustomize', 'stern', 'ansible',
  'ansible-playbook', 'gitlab-rake', 'gitlab-ctl', 'gitlab-runner', 'gitlab-rails', 'gitlab-psql', 'gitlab-redis-cli', 'bundle', 'nodetool', 'cqlsh', 'kafka-topics',
  'kafka-consumer-groups', 'pg_dump', 'pg_ctl', 'pg_isready', 'certbot', 'keytool', 'tail', 'grep', 'cat', 'ps',
  'kill', 'pkill', 'rm', 'mv', 'cp', 'chmod', 'chown', 'tar', 'rsync', 'export', 'watch', 'ping', 'traceroute', 'df', 'du',
  'free', 'top', 'ls', 'cd', 'echo', 'jq', 'nc', 'telnet', 'mount', 'umount', 'lsblk', 'ipmitool', 'nvidia-smi',
  'npm', 'node', 'python', 'python3', 'make', 'k', 'kubectx', 'kubens', 'eksctl', 'doctl', 'flyctl', 'heroku',
  'step', 'cfssl', 'iptables', 'ip', 'ss', 'netstat', 'lsof', 'dmesg', 'awk', 'sed', 'find', 'xargs', 'for', 'while',
  'if', 'source', 'set', 'unset', 'mkdir', 'touch', 'tee', 'uptime', 'env', 'host', 'systemd-analyze', 'nginx',
  'haproxy', 'varnishadm', 'supervisorctl', 'pm2', 'redis-server', 'memcached', 'zkcli', 'zkcli.sh', 'sysctl', 'chroot',
  'patronictl', 'radosgw-admin', 'test', 'sh', 'bash', 'tcpdump', 'crontab', 'rpm', 'dnf', 'yum', 'apt', 'apt-get',
]);

export interface Prompt {
  /** The prompt as written, without the space after it. */
  text: string;
  /** Characters to strip from the line (the prompt and the space after it). */
  length: number;
}

/** Shell prompts, then console prompts. Each alternative ends where the command starts. */
const SHELL_PROMPT = /^(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s?[$#%]|\[[^\]\n]{1,80}\]\s?[$#]|(?:ba|z|k)?sh-\d+(?:\.\d+)*[$#]|PS [^>]{0,80}>|\$|\u276f|\u279c|>\s?\$)(?=\s|$)/; // ❯ ➜ (escapes: the bundle stays ASCII)
const CONSOLE_PROMPT = /^(?:[\w.-]+(?:\(\w+\))?=[#>]|mysql>|MariaDB \[[^\]\n]*\]>|(?:[\w.-]+:\d+(?:\[\d+\])?|redis)>|irb\([^)\n]*\):\d+(?::\d+)?[>*]|\[\d+\] pry\([^)\n]*\)>)(?=\s|$)/;
/** `# ` as a root prompt, only when what follows is clearly a command (else it is a comment). */
const ROOT_PROMPT = /^#\s+(?=\S)/;

export interface PromptOptions {
  /** `# cmd` may be a root prompt (console and unlabelled blocks, or any block inside an open shell). */
  rootPrompts: boolean;
  /** A shell the runbook opened is active: any known program after `#` is a command. */
  inShell?: boolean;
  /** A console is open: `> cmd` lines are its input. */
  inConsole?: boolean;
}

/** The prompt at the start of a line, or null when the line has none. */
export function promptAt(line: string, options: PromptOptions): Prompt | null {
  const shell = SHELL_PROMPT.exec(line) ?? CONSOLE_PROMPT.exec(line);
  if (shell) return { text: shell[0], length: shell[0].length + (/^\s*/.exec(line.slice(shell[0].length))?.[0].length ?? 0) };
  // `> slowlog get 10`: a console's bare prompt, when a console command follows it.
  const bare = /^>\s+(\S+)/.exec(line);
  if (bare && (options.inConsole || REDIS_COMMANDS.has((bare[1] ?? '').toLowerCase()) || SQL_VERBS.has((bare[1] ?? '').toLowerCase()))) {
    return { text: '>', length: line.length - line.slice(1).trimStart().length };
  }
  if (options.rootPrompts) {
    const root = ROOT_PROMPT.exec(line);
    const rest = line.slice(root?.[0].length ?? 0);
    if (root && looksLikeRootCommand(rest, options.inShell === true)) return { text: '#', length: root[0].length };
  }
  return null;
}

/** After `# `: a command, not a comment (`# sysctl -a` yes; `# cd to the right folder` no). */
function looksLikeRootCommand(rest: string, inShell: boolean): boolean {
  const first = /^[^\s;|&()]+/.exec(rest)?.[0] ?? '';
  const known = startsWithKnownCli(rest) || (inShell && knownProgram(first));
  // Four or more plain lower-case words with no flag, path or operator read as a sentence.
  const sentence = /^[a-z]+(?: [a-z',]+){3,}\.?$/.test(rest.trim());
  return known && !sentence;
}

/** Length of the prompt at the start of a line, or null (shell prompts only; for inline code). */
export function promptLength(line: string, rootPromptsAllowed: boolean): number | null {
  return promptAt(line, { rootPrompts: rootPromptsAllowed })?.length ?? null;
}

/** The first word is a program people run from runbooks (after `sudo`, `VAR=x`, `./`). */
export function startsWithKnownCli(text: string): boolean {
  const trimmed = text.trim().replace(/^(?:[A-Za-z_]\w*=\S*\s+)+/, '');
  const first = /^[^\s;|&()]+/.exec(trimmed)?.[0] ?? '';
  if (!first) return false;
  if (first.startsWith('./') || /^\/(?:usr|bin|sbin|opt)\//.test(first)) return true;
  // Case-sensitive, as the shell is: `Node {{ $labels.node }} is evicting...` or a console
  // comment `# Set the namespace` is prose, not the programs `node` and `set`.
  return WELL_KNOWN_CLIS.has(first);
}
