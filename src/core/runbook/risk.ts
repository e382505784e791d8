// How much a command can hurt, from what it does. Unknown programs count as `change`: the
// war room asks before running anything it cannot vouch for as read-only.
import { operands, programWords, simpleCommands } from './shell-words.ts';
import type { ConfirmMode, Risk } from './types.ts';

const DESTRUCTIVE_VERBS = new Set(['delete', 'drain', 'destroy', 'terminate', 'purge', 'wipe', 'flushall', 'flushdb', 'uninstall', 'prune', 'nuke']);
const DESTRUCTIVE_PREFIXES = ['delete-', 'terminate-', 'destroy-', 'purge-', 'remove-'];
const DESTRUCTIVE_PROGRAMS = new Set(['rm', 'rmdir', 'dd', 'shred', 'truncate', 'reboot', 'shutdown', 'halt', 'poweroff', 'wipefs', 'fdisk']);

const CHANGE_VERBS = new Set([
  'scale', 'restart', 'patch', 'apply', 'edit', 'annotate', 'label', 'cordon', 'uncordon', 'taint',
  'create', 'replace', 'stop', 'start', 'reload', 'enable', 'disable', 'upgrade', 'install',
  'rollback', 'undo', 'kill', 'update', 'put', 'post', 'defrag', 'failover', 'promote', 'exec',
  'rsh', 'ssh', 'set', 'expose', 'autoscale', 'cp', 'mv', 'restore', 'resize', 'suspend', 'resume',
  'pause', 'deploy', 'push', 'sync', 'attach', 'port-forward', 'debug', 'evict', 'flush', 'reset',
  'rotate', 'revoke', 'renew', 'import', 'run', 'write', 'invalidate', 'modify', 'reboot-instances',
]);
const CHANGE_PREFIXES = ['create-', 'update-', 'put-', 'modify-', 'set-', 'start-', 'stop-', 'reboot-', 'attach-', 'detach-', 'revoke-', 'authorize-', 'associate-', 'disassociate-', 'enable-', 'disable-', 'restore-', 'invalidate-', 'run-', 'send-'];
const CHANGE_PROGRAMS = new Set(['kill', 'pkill', 'killall', 'mv', 'cp', 'chmod', 'chown', 'tee', 'ln', 'mkdir', 'touch', 'chef-client', 'chef-client-disable', 'chef-client-enable', 'certbot', 'iptables', 'ssh', 'scp', 'rsync', 'crontab', 'ip', 'sysctl', 'mount', 'umount']);

const READ_VERBS = new Set([
  'get', 'describe', 'logs', 'log', 'top', 'status', 'show', 'list', 'ls', 'version', 'explain',
  'history', 'info', 'inspect', 'ps', 'df', 'du', 'view', 'events', 'check', 'health', 'search',
  'query', 'lookup', 'whoami', 'ping', 'diff', 'api-resources', 'cluster-info', 'can-i', 'tree',
  'stat', 'stats', 'dump', 'cat', 'tail', 'head', 'find', 'endpoint', 'member',
  'wait', 'verify', 'validate', 'test', 'current-context', 'get-contexts', 'can-i',
]);
const READ_PREFIXES = ['describe-', 'get-', 'list-', 'lookup-', 'search-', 'show-', 'view-'];
const READ_PROGRAMS = new Set([
  'cat', 'grep', 'egrep', 'zgrep', 'rg', 'head', 'tail', 'less', 'more', 'echo', 'printf', 'jq', 'yq', 'awk', 'sort', 'uniq',
  'cut', 'tr', 'wc', 'dig', 'nslookup', 'host', 'ping', 'traceroute', 'mtr', 'ls', 'df', 'du', 'free', 'uptime',
  'whoami', 'id', 'date', 'env', 'printenv', 'stat', 'ps', 'top', 'htop', 'iostat', 'vmstat', 'netstat', 'ss',
  'lsof', 'journalctl', 'dmesg', 'column', 'base64', 'openssl', 'file', 'which', 'type', 'hostname', 'uname',
  'nc', 'telnet', 'lsblk', 'findmnt', 'true', 'false', 'sleep', 'time', 'diff', 'tree', 'pwd', 'test', '[', 'xxd', 'zcat',
]);
// Builtins that only shape the environment: neutral on their own.
const NEUTRAL_PROGRAMS = new Set(['export', 'cd', 'source', '.', 'set', 'unset', 'local', 'declare', 'read', 'alias', 'for', 'do', 'done', 'if', 'then', 'fi', 'else', 'while', 'esac', 'case', '{', '}', '(']);

const SQL_CLIENTS = new Set(['psql', 'mysql', 'mariadb', 'sqlite3', 'clickhouse-client', 'cqlsh']);

const RANK: Record<Risk, number> = { read: 0, change: 1, destructive: 2 };

export interface RiskVerdict {
  risk: Risk;
  reason: string;
}

/** Risk of a snippet: the highest risk of any simple command in it. */
export function classifyRisk(script: string): RiskVerdict {
  let verdict: RiskVerdict | null = null;
  for (const command of simpleCommands(script)) {
    const next = classifySimple(command);
    if (!next) continue;
    if (!verdict || RANK[next.risk] > RANK[verdict.risk]) verdict = next;
    if (verdict.risk === 'destructive') break;
  }
  return verdict ?? { risk: 'read', reason: 'no command' };
}

function classifySimple(command: string): RiskVerdict | null {
  const verdict = classifyProgram(command);
  // `... > file` writes a file whatever the program; placeholders like `<name>` are not redirections.
  const unquoted = command.replace(/'[^']*'/g, "''").replace(/<[\w.:-]+>/g, 'X');
  if ((verdict === null || verdict.risk === 'read') && /(^|[^\d&<>-])>>?\s*(?![&\s]*\/dev\/null)(?!\s*&)\S/.test(unquoted)) {
    return { risk: 'change', reason: 'writes a file (>)' };
  }
  return verdict;
}

function classifyProgram(command: string): RiskVerdict | null {
  const sql = classifySql(command);
  if (sql) return sql;
  const w = programWords(command);
  const program = (w[0] ?? '').toLowerCase().replace(/^.*\//, '');
  if (!program) return null;
  if (DESTRUCTIVE_PROGRAMS.has(program)) return { risk: 'destructive', reason: program };
  if (NEUTRAL_PROGRAMS.has(program)) return null;
  if (program === 'curl' || program === 'wget' || program === 'http') return classifyHttp(w);
  if (program === 'sed' && w.some((x) => /^-i/.test(x))) return { risk: 'change', reason: 'sed -i' };
  if (program === 'find' && w.includes('-delete')) return { risk: 'destructive', reason: 'find -delete' };
  if (SQL_CLIENTS.has(program) && /(?:^|\s)(?:-c|-e|--command|--execute)\s*(?:=\s*)?["']?\s*(?:select|show|explain|\\d)\b/i.test(command)) {
    return { risk: 'read', reason: 'SELECT' };
  }
  if (READ_PROGRAMS.has(program)) return { risk: 'read', reason: program };
  if (CHANGE_PROGRAMS.has(program)) return { risk: 'change', reason: program };

  // The first recognised verb among the first few operands decides:
  // `kubectl -n x delete pod`, `aws ec2 terminate-instances`, `oc adm drain`, `knife node show`.
  const verbs = operands(w, 0).slice(0, 4).map((x) => x.toLowerCase());
  for (const [i, verb] of verbs.entries()) {
    if (DESTRUCTIVE_VERBS.has(verb) || DESTRUCTIVE_PREFIXES.some((p) => verb.startsWith(p))) return { risk: 'destructive', reason: verb };
    if (verb === 'rollout') {
      const sub = verbs[i + 1] ?? '';
      if (sub === 'status' || sub === 'history') return { risk: 'read', reason: `rollout ${sub}` };
      return { risk: 'change', reason: `rollout ${sub}`.trim() };
    }
    if (CHANGE_VERBS.has(verb) || CHANGE_PREFIXES.some((p) => verb.startsWith(p))) return { risk: 'change', reason: verb };
    if (READ_VERBS.has(verb) || READ_PREFIXES.some((p) => verb.startsWith(p))) return { risk: 'read', reason: verb };
  }
  return { risk: 'change', reason: `unrecognised command ${program}` };
}

function classifySql(command: string): RiskVerdict | null {
  const m = /\b(drop\s+(?:table|database|schema|index|user|role)|truncate\s+(?:table\s+)?[\w."]|delete\s+from)\b/i.exec(command);
  if (m) return { risk: 'destructive', reason: (m[1] ?? '').replace(/\s+/g, ' ').toUpperCase().split(' ').slice(0, 2).join(' ') };
  const c = /\b(update\s+[\w."]+\s+set|insert\s+into|alter\s+(?:table|system|database|user)|grant|vacuum\s+full|pg_terminate_backend|pg_cancel_backend)\b/i.exec(command);
  if (c) return { risk: 'change', reason: (c[1] ?? '').replace(/\s+/g, ' ').split(' ').slice(0, 2).join(' ') };
  return null;
}

function classifyHttp(w: string[]): RiskVerdict {
  for (let i = 0; i < w.length; i++) {
    const word = w[i] ?? '';
    const method = word === '-X' || word === '--request' ? w[i + 1] : /^-X([A-Z]+)$/.exec(word)?.[1] ?? /^--request=(\w+)$/.exec(word)?.[1];
    if (method) {
      const m = method.toUpperCase();
      if (m === 'DELETE') return { risk: 'destructive', reason: 'HTTP DELETE' };
      if (m !== 'GET' && m !== 'HEAD' && m !== 'OPTIONS') return { risk: 'change', reason: `HTTP ${m}` };
    }
    if (word === '-d' || word.startsWith('--data') || word === '-F' || word === '--form' || word === '-T') return { risk: 'change', reason: 'HTTP with a body' };
  }
  return { risk: 'read', reason: 'HTTP GET' };
}

/** What a destructive command acts on, as the word to type: `deployment/api-service` → `api-service`. */
export function destructiveTarget(script: string): string | null {
  for (const command of simpleCommands(script)) {
    const verdict = classifySimple(command);
    if (verdict?.risk !== 'destructive') continue;
    const sql = /\b(?:drop\s+(?:table|database|schema|index|user|role)(?:\s+if\s+exists)?|truncate\s+(?:table\s+)?|delete\s+from)\s+([\w."]+)/i.exec(command);
    if (sql?.[1]) return sql[1].replace(/"/g, '');
    const w = programWords(command);
    const lower = w.map((x) => x.toLowerCase());
    const reason = verdict.reason.toLowerCase();
    let at = lower.indexOf(reason);
    if (at < 0) at = 0;
    const targets = operands(w, at);
    const target = targets[targets.length - 1];
    if (!target) continue;
    const last = target.replace(/\/+$/, '').split('/').pop();
    return last || target;
  }
  return null;
}

/** Default confirmation for a risk level. */
export function confirmFor(risk: Risk): ConfirmMode {
  return risk === 'read' ? 'key' : risk === 'change' ? 'yes' : 'typed';
}
