// Risk tables for the operating system and operations tools: systemd, git, HTTP clients,
// the GNU userland, configuration management (knife, chef, gitlab-ctl) and HashiCorp tools.
import { type Classifier, type Verdict, change, destructive, flagValue, hasFlag, lastTarget, lower, positionals, read, via } from './risk-words.ts';

const SYSTEMCTL_READ = new Set(['status', 'show', 'list-units', 'list-unit-files', 'list-timers', 'list-sockets', 'list-dependencies', 'list-jobs', 'list-machines', 'is-active', 'is-enabled', 'is-failed', 'is-system-running', 'cat', 'help', 'get-default', 'show-environment', '--failed', '--version']);
const SYSTEMCTL_DESTRUCTIVE = new Set(['reboot', 'poweroff', 'halt', 'kexec', 'emergency', 'rescue', 'soft-reboot', 'suspend', 'hibernate']);

export const systemctl: Classifier = (args) => {
  const words = positionals(args, new Set(['-H', '--host', '-M', '--machine', '-t', '--type', '--state', '-p', '--property', '-n', '--lines', '-o', '--output', '-s', '--signal']));
  const verb = (words[0]?.value ?? '').toLowerCase();
  if (!verb) return read('systemctl');
  if (SYSTEMCTL_DESTRUCTIVE.has(verb)) return destructive(`systemctl ${verb}`);
  if (SYSTEMCTL_READ.has(verb)) return read(`systemctl ${verb}`);
  return change(`systemctl ${verb}`);
};

/** `service NAME status|restart`. */
export const service: Classifier = (args) => {
  const [name = '', verb = ''] = lower(positionals(args));
  if (name === '--status-all' || args.some((w) => w.value === '--status-all')) return read('service --status-all');
  return verb === 'status' ? read('service status') : change(`service ${verb || name}`.trim());
};

export const journalctl: Classifier = (args) => {
  if (args.some((w) => w.value.startsWith('--vacuum'))) return destructive('journalctl --vacuum (deletes logs)');
  if (hasFlag(args, '--rotate', '--flush', '--relinquish-var', '--sync')) return change('journalctl --rotate');
  return read('journalctl');
};

const GIT_READ = new Set(['status', 'log', 'diff', 'show', 'blame', 'grep', 'ls-files', 'ls-tree', 'ls-remote', 'rev-parse', 'rev-list', 'describe', 'reflog', 'shortlog', 'whatchanged', 'cat-file', 'version', 'help', 'remote', 'config', 'branch', 'tag', 'stash', 'worktree', 'fsck', 'count-objects', 'name-rev', 'for-each-ref', 'show-ref', 'verify-commit', 'verify-tag', 'cherry', 'range-diff']);

/** git: history rewrites and discards (`push --force`, `reset --hard`, `clean -f`) are destructive. */
export const git: Classifier = (args) => {
  const words = positionals(args, new Set(['-C', '-c', '--git-dir', '--work-tree', '-m', '-b', '-B', '--format', '-n']));
  const [verb = '', sub = ''] = lower(words);
  const reason = `git ${verb}`.trim();
  const flag = (...names: string[]) => hasFlag(args, ...names);
  if (!verb) return read('git');
  if (verb === 'push') {
    if (flag('--force', '-f', '--force-with-lease', '--mirror', '--delete', '--prune') || words.slice(1).some((w) => /^\+|^:/.test(w.value))) return destructive('git push --force', lastTarget(words.slice(1)));
    return change(reason);
  }
  if (verb === 'reset') return flag('--hard', '--merge', '--keep') ? destructive('git reset --hard') : change(reason);
  if (verb === 'clean') return flag('-f', '--force') ? destructive('git clean -f') : read('git clean -n');
  if (verb === 'checkout') return flag('-f', '--force') || words.slice(1).some((w) => w.value === '.') || args.some((w) => w.value === '--') ? destructive('git checkout (discards changes)') : change(reason);
  if (verb === 'restore') return flag('--staged', '-S') && !flag('--worktree', '-W') ? change(reason) : destructive('git restore (discards changes)');
  if (verb === 'branch' || verb === 'tag') {
    if (flag('-D', '-d', '--delete')) return destructive(`${reason} -d`, lastTarget(words.slice(1)));
    return words.length > 1 || flag('-m', '-M', '-c', '-C', '-f') ? change(reason) : read(reason);
  }
  if (verb === 'stash') return sub === 'drop' || sub === 'clear' ? destructive(`git stash ${sub}`) : sub === 'list' || sub === 'show' ? read(`git stash ${sub}`) : change('git stash');
  if (verb === 'reflog') return sub === 'expire' || sub === 'delete' ? destructive(`git reflog ${sub}`) : read(reason);
  if (verb === 'gc' || verb === 'prune') return flag('--prune') || verb === 'prune' ? destructive(`git ${verb} --prune`) : change(reason);
  if (verb === 'filter-branch' || verb === 'filter-repo' || (verb === 'update-ref' && flag('-d'))) return destructive(reason);
  if (verb === 'remote') return ['add', 'remove', 'rm', 'rename', 'set-url', 'prune', 'set-head', 'set-branches'].includes(sub) ? change(`git remote ${sub}`) : read(reason);
  if (verb === 'config') return flag('--get', '--get-all', '--list', '-l', '--get-regexp', '--show-origin') || words.length <= 2 ? read(reason) : change(reason);
  if (verb === 'worktree') return sub === 'list' ? read('git worktree list') : sub === 'remove' || sub === 'prune' ? destructive(`git worktree ${sub}`) : change(`git worktree ${sub}`);
  if (GIT_READ.has(verb)) return read(reason);
  return change(reason);
};

/** curl, wget, http (HTTPie): the method and whether a body is sent, or a file written. */
export const http: Classifier = (args, program) => {
  const values = args.map((w) => w.value);
  if (program === 'http' || program === 'https') {
    const method = values.find((v) => /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(v));
    if (method === 'DELETE') return destructive(`${program} DELETE`);
    if (method && method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') return change(`${program} ${method}`);
    return values.some((v) => /^[\w.-]+(:=|=|@)/.test(v)) ? change(`${program} with a body`) : read(`${program} GET`);
  }
  const method = flagValue(args, '-X', '--request')?.value.toUpperCase();
  if (method === 'DELETE') return destructive(`${program} -X DELETE`, lastTarget(positionals(args, CURL_VALUE_FLAGS)));
  if (method && method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') return change(`${program} -X ${method}`);
  if (program === 'curl') {
    if (args.some((w) => /^(-d|--data(-\w+)?|-F|--form(-string)?|-T|--upload-file|--json)(=|$)/.test(w.value) || /^-d./.test(w.value))) return change('curl with a body');
    if (hasFlag(args, '-o', '--output', '-O', '--remote-name', '--remote-name-all', '-J')) return flagValue(args, '-o', '--output')?.value === '/dev/null' ? read('curl') : change('curl -o (writes a file)');
    return read(method ? `curl -X ${method}` : 'curl');
  }
  // wget saves to a file unless told to print (`-O -`, `-qO-`) or only check (`--spider`).
  if (hasFlag(args, '--post-data', '--post-file', '--body-data', '--method')) return change('wget with a body');
  // `-qO-`: short flags combine, and -O takes the rest of the word as its value.
  const combined = args.map((w) => /^-[a-zA-Z]*O(.+)$/.exec(w.value)?.[1]).find((v) => v !== undefined);
  const output = combined ?? flagValue(args, '-O', '--output-document')?.value;
  if (output === '-' || output === '/dev/null' || hasFlag(args, '--spider')) return read('wget');
  return change('wget (writes a file)');
};
const CURL_VALUE_FLAGS = new Set(['-X', '--request', '-H', '--header', '-d', '--data', '-o', '--output', '-u', '--user', '-A', '--user-agent', '-e', '--referer', '--cacert', '--cert', '--key', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '-x', '--proxy', '--resolve', '-b', '--cookie', '-F', '--form']);

const GITLAB_CTL_READ = new Set(['status', 'tail', 'show-config', 'service-list', 'help', 'get-redis-master', 'get-postgresql-primary', 'patroni', 'consul']);
const GITLAB_CTL_DESTRUCTIVE = new Set(['cleanse', 'uninstall', 'remove-accounts', 'reset-grafana']);

export const gitlabCtl: Classifier = (args) => {
  const [verb = '', sub = ''] = lower(positionals(args));
  if (!verb) return read('gitlab-ctl');
  if (GITLAB_CTL_DESTRUCTIVE.has(verb)) return destructive(`gitlab-ctl ${verb}`);
  if (verb === 'patroni') return ['members', 'list', 'history', 'topology', 'check-leader', 'check-replica'].includes(sub) ? read(`gitlab-ctl patroni ${sub}`) : change(`gitlab-ctl patroni ${sub}`.trim());
  if (GITLAB_CTL_READ.has(verb) && verb !== 'patroni' && verb !== 'consul') return read(`gitlab-ctl ${verb}`);
  return change(`gitlab-ctl ${verb}`);
};

/** knife (Chef): `knife ssh QUERY 'command'` runs the command on every matching node. */
export const knife: Classifier = (args, _program, ctx) => {
  const words = positionals(args, new Set(['-a', '--attribute', '-x', '--ssh-user', '-p', '--ssh-port', '-C', '--concurrency', '-E', '--environment', '-c', '--config', '-i', '--identity-file', '-F', '--format']));
  const verbs = lower(words);
  const [group = '', verb = ''] = verbs;
  if (group === 'ssh') {
    const command = words[2];
    return command ? via(ctx.script(command.value), 'knife ssh') : change('knife ssh (opens a shell)');
  }
  if (group === 'search' || group === 'status' || group === 'list' || group === 'show') return read(`knife ${group}`);
  if (verb === 'delete' || verb === 'bulk') return destructive(`knife ${group} ${verb}`, lastTarget(words.slice(2)));
  if (verb === 'show' || verb === 'list' || verb === 'status' || verb === 'diff') return read(`knife ${group} ${verb}`);
  return change(`knife ${group} ${verb}`.trim());
};

const HASHI_TABLES: Record<string, { read: string[]; destructive: string[] }> = {
  vault: { read: ['read', 'list', 'status', 'version', 'path-help', 'print', 'get', 'lookup', 'capabilities', 'metadata get', 'token lookup', 'token capabilities', 'secrets list', 'auth list', 'policy list', 'policy read', 'audit list', 'operator members', 'operator raft list-peers'], destructive: ['delete', 'destroy', 'revoke', 'disable', 'metadata delete', 'operator raft remove-peer', 'operator seal', 'lease revoke', 'token revoke'] },
  consul: { read: ['members', 'info', 'catalog', 'monitor', 'version', 'get', 'operator raft list-peers', 'acl token list', 'acl policy list', 'intention list', 'intention check'], destructive: ['delete', 'force-leave', 'leave', 'operator raft remove-peer', 'snapshot restore'] },
  nomad: { read: ['status', 'logs', 'inspect', 'plan', 'version', 'job status', 'node status', 'alloc status', 'alloc logs', 'server members', 'operator raft list-peers'], destructive: ['job stop -purge', 'node drain', 'system gc', 'operator raft remove-peer', 'var purge'] },
};

/** vault, consul, nomad: sub-command paths, the longest listed match decides. */
export const hashicorp: Classifier = (args, program) => {
  const table = HASHI_TABLES[program];
  const verbs = lower(positionals(args, new Set(['-address', '-namespace', '-format', '-field', '-mount', '-region', '-token'])));
  if (!table) return change(`unrecognised command ${program}`);
  // An entry matches the start of the sub-command path (`-purge` stands for the flag), or, for
  // one-word entries, the verb after a group word (`vault kv delete`).
  const matches = (entry: string) => {
    const parts = entry.split(' ');
    return parts.every((part, i) => (part.startsWith('-') ? hasFlag(args, part) : verbs[i] === part)) || (parts.length === 1 && verbs[1] === parts[0]);
  };
  const match = (list: string[]) => list.filter(matches).sort((a, b) => b.length - a.length)[0];
  const bad = match(table.destructive);
  if (bad) return destructive(`${program} ${bad}`, lastTarget(positionals(args).slice(bad.split(' ').length)));
  const good = match(table.read);
  if (good || verbs.length === 0) return read(`${program} ${good ?? ''}`.trim());
  return change(`${program} ${verbs.slice(0, 2).join(' ')}`.trim());
};

/** `sed -i` edits files; plain sed filters a stream. */
export const sed: Classifier = (args) => (args.some((w) => /^(-i|--in-place)/.test(w.value) || /^-[a-zA-Z]*i/.test(w.value) && !w.value.startsWith('--')) ? change('sed -i') : read('sed'));

export const tar: Classifier = (args) => {
  const first = args[0]?.value ?? '';
  const modes = first.startsWith('-') ? first : `-${first}`;
  if (/t/.test(modes) || hasFlag(args, '--list')) return read('tar -t');
  return change(`tar ${modes.replace(/[^xcru]/g, '') ? `-${modes.replace(/[^xcru]/g, '')}` : ''}`.trim());
};

/** `sysctl key` reads; `sysctl -w key=v`, `sysctl key=v`, `sysctl -p` write kernel settings. */
export const sysctl: Classifier = (args) => (hasFlag(args, '-w', '--write', '-p', '--load', '--system') || args.some((w) => /^[\w.]+=/.test(w.value)) ? change('sysctl -w') : read('sysctl'));

/** `ip addr`, `ip route show` read; `ip ... add|del|set|flush` change the network. */
export const ip: Classifier = (args) => {
  const verbs = lower(positionals(args));
  const writes = verbs.find((v) => ['add', 'del', 'delete', 'change', 'replace', 'set', 'flush', 'append', 'prepend', 'exec', 'attach', 'detach'].includes(v));
  return writes ? change(`ip ${verbs[0] ?? ''} ${writes}`) : read(`ip ${verbs[0] ?? ''}`.trim());
};

export const iptables: Classifier = (args, program) => (hasFlag(args, '-L', '--list', '-S', '--list-rules', '-C', '--check') && !hasFlag(args, '-A', '-I', '-D', '-F', '-R', '-X', '-P', '-N', '-Z') ? read(`${program} -L`) : hasFlag(args, '-F', '--flush', '-X') ? destructive(`${program} -F`) : change(program));

export const crontab: Classifier = (args) => (hasFlag(args, '-r') ? destructive('crontab -r') : hasFlag(args, '-l') ? read('crontab -l') : change('crontab'));

export const dmesg: Classifier = (args) => (hasFlag(args, '-c', '-C', '--clear', '--read-clear') ? change('dmesg -c') : read('dmesg'));

/** Package managers: listing reads, installing changes, removing is destructive. */
export const packages: Classifier = (args, program) => {
  const verb = (positionals(args)[0]?.value ?? '').toLowerCase();
  if (program === 'rpm') return hasFlag(args, '-e', '--erase') ? destructive('rpm -e') : hasFlag(args, '-i', '-U', '-F', '--install', '--upgrade', '--freshen') ? change('rpm -i') : read('rpm -q');
  if (['remove', 'erase', 'purge', 'autoremove', 'uninstall'].includes(verb)) return destructive(`${program} ${verb}`, lastTarget(positionals(args).slice(1)));
  if (['list', 'info', 'search', 'show', 'policy', 'history', 'repolist', 'provides', 'whatprovides', 'check-update', 'freeze', 'ls', 'outdated', 'view', 'why', 'depends', 'rdepends'].includes(verb)) return read(`${program} ${verb}`);
  return change(`${program} ${verb}`.trim());
};

/**
 * Programs that only change something when given a value to set (`hostname x`, `date -s ...`,
 * `kubectx prod`); `date -u -d '1 hour ago' +%s` only reads.
 */
export function readUnlessArgs(args: Parameters<Classifier>[0], program: string): Verdict {
  const valueFlags = program === 'date' ? new Set(['-d', '--date', '-r', '--reference', '-f', '--file']) : new Set<string>();
  const setting = positionals(args, valueFlags).filter((w) => !(program === 'date' && w.value.startsWith('+')));
  return setting.length > 0 || (program === 'date' && hasFlag(args, '-s', '--set')) ? change(`${program} (sets)`) : read(program);
}
