// Risk tables for data stores: SQL clients (the SQL decides), redis-cli (the Redis command
// decides), mongo, etcdctl and Ceph (ceph, rados, rbd, radosgw-admin).
import { classifyMongo, classifyRedis, classifyRedisLines, classifySql } from './risk-sql.ts';
import type { ShellWord } from './shell-syntax.ts';
import { type Classifier, type RiskContext, type Verdict, change, destructive, flagValue, hasFlag, lastTarget, lower, positionals, read, worse } from './risk-words.ts';

/** How each SQL client takes SQL on its command line, and what else it can be told to do. */
const SQL_CLIENTS: Record<string, { sql: string[]; file: string[]; list: string[] }> = {
  psql: { sql: ['-c', '--command'], file: ['-f', '--file'], list: ['-l', '--list', '-V', '--version', '-?', '--help'] },
  'gitlab-psql': { sql: ['-c', '--command'], file: ['-f', '--file'], list: ['-l', '--list', '-V', '--version'] },
  mysql: { sql: ['-e', '--execute'], file: [], list: ['-V', '--version', '--help'] },
  mariadb: { sql: ['-e', '--execute'], file: [], list: ['-V', '--version', '--help'] },
  cqlsh: { sql: ['-e', '--execute'], file: ['-f', '--file'], list: ['--version', '--help'] },
  'clickhouse-client': { sql: ['-q', '--query'], file: ['--queries-file'], list: ['--version', '--help'] },
  sqlite3: { sql: [], file: [], list: ['-version', '-help'] },
};

export const SQL_CLIENT_NAMES = new Set(Object.keys(SQL_CLIENTS));

/** SQL given on the command line, or null when the client would read it from a terminal. */
export function sqlArguments(program: string, args: ShellWord[]): string[] | null {
  const spec = SQL_CLIENTS[program];
  if (!spec) return null;
  if (program === 'sqlite3') {
    const rest = positionals(args, new Set(['-cmd', '-separator']));
    return rest.length > 1 ? rest.slice(1).map((w) => w.value) : null;
  }
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]?.value ?? '';
    for (const flag of spec.sql) {
      if (w === flag && args[i + 1]) out.push(args[i + 1]?.value ?? '');
      else if (w.startsWith(`${flag}=`)) out.push(w.slice(flag.length + 1));
      else if (flag.length === 2 && w.startsWith(flag) && w.length > 2 && !w.startsWith('--')) out.push(w.slice(2));
    }
  }
  return out.length > 0 ? out : null;
}

/** psql, mysql, cqlsh, sqlite3, clickhouse-client and the GitLab wrappers. */
export const sqlClient: Classifier = (args, program, ctx) => {
  const spec = SQL_CLIENTS[program];
  if (!spec) return change(`unrecognised command ${program}`);
  const sql = sqlArguments(program, args);
  if (sql) return sql.map((s) => classifySql(s, program)).reduce<Verdict | null>(worse, null) ?? read(program);
  if (spec.file.some((f) => hasFlag(args, f))) return change(`${program} -f (runs a SQL file)`);
  if (spec.list.some((f) => args.some((w) => w.value === f))) return read(`${program} ${args.find((w) => spec.list.includes(w.value))?.value}`);
  return fromStdin(program, ctx, (text) => classifySql(text, program));
};

/** A client that reads its commands from standard input: heredocs and echoed text nearby decide. */
function fromStdin(program: string, ctx: RiskContext, classify: (text: string) => Verdict): Verdict {
  const fed = ctx.pipedText.map(classify).reduce<Verdict | null>(worse, null);
  // With nothing fed, the client opens a session: what is typed there is its own step.
  return fed ?? change(`${program} (opens a session)`);
}

const REDIS_VALUE_FLAGS = new Set(['-h', '-p', '-a', '-n', '-u', '--user', '--pass', '--askpass', '-s', '-r', '-i', '--cacert', '--cert', '--key', '--sni', '-d', '--delim', '--rdb', '--functions-rdb', '--pipe-timeout', '--pattern', '--count', '--memkeys-samples', '--eval', '--cluster-replicas']);
const REDIS_READ_MODES = ['--latency', '--latency-history', '--latency-dist', '--stat', '--bigkeys', '--memkeys', '--hotkeys', '--scan', '--intrinsic-latency', '--version', '--help'];

/** redis-cli and gitlab-redis-cli: `redis-cli -h x CONFIG SET ...` is the Redis command it sends. */
export const redisCli: Classifier = (args, program, ctx) => {
  if (hasFlag(args, '--pipe')) return change(`${program} --pipe`);
  if (hasFlag(args, '--eval')) return change(`${program} --eval`);
  if (hasFlag(args, '--rdb')) return change(`${program} --rdb (writes a file)`);
  const words = positionals(args, REDIS_VALUE_FLAGS);
  if (hasFlag(args, '--cluster')) {
    const sub = (words[0]?.value ?? '').toLowerCase();
    if (sub === 'del-node') return destructive(`${program} --cluster del-node`);
    return sub === 'info' || sub === 'check' ? read(`${program} --cluster ${sub}`) : change(`${program} --cluster ${sub}`.trim());
  }
  if (words.length > 0) return classifyRedis(words.map((w) => w.value), program);
  const mode = REDIS_READ_MODES.find((m) => args.some((w) => w.value === m));
  if (mode) return read(`${program} ${mode}`);
  return fromStdin(program, ctx, (text) => classifyRedisLines(text, program));
};

export const mongo: Classifier = (args, program, ctx) => {
  const js = flagValue(args, '--eval');
  if (js) return classifyMongo(js.value, program);
  const file = positionals(args, new Set(['--host', '--port', '-u', '--username', '-p', '--password', '--authenticationDatabase'])).find((w) => /\.js$/.test(w.value));
  if (file) return change(`${program} (runs ${file.value})`);
  return fromStdin(program, ctx, (text) => classifyMongo(text, program));
};

const ETCD_VALUE_FLAGS = new Set(['--endpoints', '--cacert', '--cert', '--key', '--user', '--password', '-w', '--write-out', '--dial-timeout', '--command-timeout', '--keepalive-time', '--data-dir', '--name', '--initial-cluster', '--initial-cluster-token', '--initial-advertise-peer-urls']);
const ETCD_READ = new Set(['get', 'watch', 'version', 'endpoint', 'check', 'alarm list', 'member list', 'snapshot status', 'lease list', 'lease timetolive', 'user list', 'user get', 'role list', 'role get', 'auth status']);
const ETCD_DESTRUCTIVE = new Set(['del', 'member remove', 'snapshot restore', 'compaction', 'compact', 'lease revoke', 'user delete', 'role delete']);

/** etcdctl: `member remove`, `del`, `snapshot restore` can lose the cluster's data. */
export const etcdctl: Classifier = (args) => {
  const words = lower(positionals(args, ETCD_VALUE_FLAGS));
  const one = words[0] ?? '';
  const two = `${one} ${words[1] ?? ''}`.trim();
  const target = lastTarget(positionals(args, ETCD_VALUE_FLAGS).slice(2)) ?? lastTarget(positionals(args, ETCD_VALUE_FLAGS).slice(1));
  if (!one) return read('etcdctl');
  if (ETCD_DESTRUCTIVE.has(two) || ETCD_DESTRUCTIVE.has(one)) return destructive(`etcdctl ${ETCD_DESTRUCTIVE.has(two) ? two : one}`, target);
  if (one === 'endpoint') return read(`etcdctl ${two}`);
  // `check perf` and `check datascale` write test keys under load.
  if (one === 'check') return change(`etcdctl ${two} (loads the cluster)`);
  if (ETCD_READ.has(two) || ETCD_READ.has(one)) return read(`etcdctl ${ETCD_READ.has(two) ? two : one}`);
  return change(`etcdctl ${two}`);
};

const CEPH_DESTRUCTIVE_WORDS = new Set(['rm', 'remove', 'delete', 'purge', 'destroy', 'lost', 'zap', 'rmpool', 'rmsnap', 'del', 'rmfailed', 'reweight-all']);
const CEPH_READ_FIRST = new Set(['status', '-s', 'health', 'df', 'versions', 'version', '-v', 'quorum_status', 'mon_status', 'report', 'fsid', 'progress', '-w', 'time-sync-status', 'features', 'node']);
const CEPH_READ_LAST = new Set(['ls', 'list', 'get', 'dump', 'stat', 'status', 'tree', 'show', 'info', 'perf', 'last', 'detail', 'query', 'find', 'metadata', 'ls-tree', 'df', 'getmap', 'get-quota', 'services', 'count-metadata', 'blocked-by', 'utilization']);
const CEPH_VALUE_FLAGS = new Set(['-c', '--conf', '--id', '--name', '-n', '-k', '--keyring', '-m', '--cluster', '-f', '--format', '-p', '--pool', '--image', '--snap', '-o', '--object']);

/** ceph: the last word of the command path tells reading (`osd tree`) from writing (`osd pool set-quota`). */
export const ceph: Classifier = (args, program) => {
  const words = positionals(args, CEPH_VALUE_FLAGS);
  const verbs = lower(words);
  if (verbs.length === 0) return args.some((w) => w.value === '-s' || w.value === '-w') ? read(`${program} ${args[0]?.value}`) : change(`${program} (opens a session)`);
  const path = verbs.filter((v) => /^[a-z][a-z0-9_-]*$/.test(v)).slice(0, 4);
  const destroyAt = path.findIndex((v) => CEPH_DESTRUCTIVE_WORDS.has(v) || v.endsWith('-rm'));
  if (destroyAt >= 0 && !(path[destroyAt] === 'rm' && path[destroyAt - 1] === 'crash')) return destructive(`${program} ${path.slice(0, destroyAt + 1).join(' ')}`, lastTarget(words.slice(destroyAt + 1)));
  if (CEPH_READ_FIRST.has(verbs[0] ?? '') && path.length <= 2) return read(`${program} ${path.join(' ')}`.trim());
  const last = path.find((v, i) => i > 0 && CEPH_READ_LAST.has(v)) ?? (CEPH_READ_LAST.has(path[0] ?? '') ? path[0] : undefined);
  if (last) return read(`${program} ${path.slice(0, path.indexOf(last) + 1).join(' ')}`);
  return change(`${program} ${path.slice(0, 3).join(' ')}`);
};

const RADOS_READ = new Set(['df', 'lspools', 'ls', 'stat', 'stat2', 'listxattr', 'getxattr', 'listomapkeys', 'listomapvals', 'getomapval', 'getomapheader', 'list-inconsistent-obj', 'list-inconsistent-snapset', 'list-inconsistent-pg', 'listsnaps', 'lssnap', 'watch', 'listwatchers']);
const RADOS_DESTRUCTIVE = new Set(['rm', 'rmxattr', 'rmomapkey', 'rmpool', 'purge', 'cleanup', 'rmsnap', 'truncate', 'clearomap', 'rmomapkeys']);

export const rados: Classifier = (args) => {
  const words = positionals(args, CEPH_VALUE_FLAGS);
  const verb = (words[0]?.value ?? '').toLowerCase();
  if (!verb) return read('rados');
  if (RADOS_DESTRUCTIVE.has(verb)) return destructive(`rados ${verb}`, lastTarget(words.slice(1)));
  if (verb === 'get') return change('rados get (writes a file)');
  if (RADOS_READ.has(verb)) return read(`rados ${verb}`);
  return change(`rados ${verb}`);
};

const RBD_READ = new Set(['ls', 'list', 'info', 'status', 'du', 'disk-usage', 'showmapped', 'children', 'diff', 'watch', 'image-meta', 'perf']);

export const rbd: Classifier = (args) => {
  const words = positionals(args, CEPH_VALUE_FLAGS);
  const [verb = '', sub = ''] = lower(words);
  if (!verb) return read('rbd');
  if (verb === 'rm' || verb === 'remove' || ((verb === 'snap' || verb === 'trash') && (sub === 'rm' || sub === 'remove' || sub === 'purge'))) {
    return destructive(`rbd ${verb}${verb === 'snap' || verb === 'trash' ? ` ${sub}` : ''}`, lastTarget(words.slice(1)));
  }
  if (verb === 'resize' && hasFlag(args, '--allow-shrink')) return destructive('rbd resize --allow-shrink');
  if (RBD_READ.has(verb) || ((verb === 'snap' || verb === 'trash' || verb === 'mirror' || verb === 'journal' || verb === 'lock') && (sub === 'ls' || sub === 'list' || sub === 'status' || sub === 'info'))) return read(`rbd ${verb}${RBD_READ.has(verb) ? '' : ` ${sub}`}`);
  return change(`rbd ${verb} ${sub}`.trim());
};
