// SQL and Redis commands by verb, as the database will run them: `psql -c "..."`, a heredoc
// fed to mysql, a line typed into redis-cli or into a psql session the runbook opened.
import { type Verdict, change, destructive, read, worse } from './risk-words.ts';

const SQL_READ = new Set(['select', 'show', 'explain', 'describe', 'desc', 'table', 'values', 'with', 'begin', 'start', 'commit', 'end', 'rollback', 'abort', 'set', 'reset', 'discard', 'fetch', 'declare', 'close', 'prepare', 'execute', 'deallocate', 'listen', 'unlisten', 'use', 'help', 'status', 'pragma', 'savepoint', 'release']);
const SQL_DESTRUCTIVE = new Set(['drop', 'truncate', 'delete']);
/** Functions whose side effects make a SELECT a change (or worse). */
const SQL_CHANGE_FUNCTIONS = /\b(pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_switch_wal|pg_promote|pg_rotate_logfile|pg_create_\w+|set_config|pg_advisory_lock|pg_wal_replay_(?:pause|resume)|setval|nextval|lo_import|pg_stat_reset\w*)\s*\(/i;
const SQL_DESTRUCTIVE_FUNCTIONS = /\b(pg_drop_replication_slot|lo_unlink|pg_replication_origin_drop)\s*\(/i;

/** Strips comments and string literals so that `'drop me'` or `-- delete later` say nothing. */
export function sqlSkeleton(sql: string): string {
  return sql
    .replace(/\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g, "''")
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ');
}

/** Risk of SQL text (several statements, psql meta-commands included). */
export function classifySql(sql: string, client: string): Verdict {
  let worst: Verdict | null = null;
  for (const line of sql.split('\n')) {
    const meta = /^\s*\\(\S+)/.exec(line);
    if (meta) worst = worse(worst, metaCommand(meta[1] ?? '', client));
  }
  const statements = sqlSkeleton(sql.replace(/^\s*\\.*$/gm, ' ')).split(';');
  for (const statement of statements) {
    const words = statement.trim().split(/\s+/).filter(Boolean).map((w) => w.toLowerCase().replace(/[^a-z_]/g, ''));
    const verb = words[0] ?? '';
    if (!verb) continue;
    worst = worse(worst, statementVerdict(verb, words, statement, client));
    if (worst?.risk === 'destructive') return worst;
  }
  return worst ?? read(`${client} (no SQL)`);
}

/** Second words that say what kind of thing a statement acts on (`DROP TABLE`, `DELETE FROM`). */
const SQL_OBJECT_WORDS = new Set(['table', 'index', 'database', 'schema', 'view', 'from', 'user', 'role', 'system', 'extension', 'function', 'sequence', 'type', 'materialized', 'trigger', 'policy', 'publication', 'subscription', 'into', 'tablespace', 'column', 'constraint', 'server', 'owned']);

function statementVerdict(verb: string, words: string[], statement: string, client: string): Verdict {
  const second = words[1] ?? '';
  const two = `${client} ${verb.toUpperCase()}${SQL_OBJECT_WORDS.has(second) ? ` ${second.toUpperCase()}` : ''}`;
  if (SQL_DESTRUCTIVE.has(verb)) return destructive(two, sqlTarget(statement));
  if (verb === 'alter' && /\bdrop\b/i.test(statement)) return destructive(`${client} ALTER ... DROP`, sqlTarget(statement));
  if (verb === 'update' && !/\bwhere\b/i.test(statement)) return destructive(`${client} UPDATE without WHERE`, sqlTarget(statement));
  if (verb === 'explain' && /\banalyze\b/i.test(statement)) {
    // EXPLAIN ANALYZE runs the statement it explains.
    const inner = statement.replace(/^\s*explain\s*(\([^)]*\))?\s*(analy[sz]e\s+)?(verbose\s+)?/i, '');
    if (inner.trim() !== statement.trim()) return classifySql(inner, client);
  }
  if (verb === 'with' && /\b(delete|update|insert|truncate|drop)\b/i.test(statement)) {
    return /\b(delete|truncate|drop)\b/i.test(statement) ? destructive(`${client} WITH ... DELETE`, sqlTarget(statement)) : change(`${client} WITH ... UPDATE`);
  }
  if (SQL_DESTRUCTIVE_FUNCTIONS.test(statement)) return destructive(`${client} ${SQL_DESTRUCTIVE_FUNCTIONS.exec(statement)?.[1] ?? ''}`);
  const fn = SQL_CHANGE_FUNCTIONS.exec(statement);
  if (fn) return change(`${client} ${fn[1]}`);
  if (verb === 'select' && /\binto\s+(?!strict\b)\w/i.test(statement) && !/\binto\s+outfile\b/i.test(statement)) return change(`${client} SELECT INTO`);
  if (verb === 'select' && /\bfor\s+(update|share|no\s+key\s+update)\b/i.test(statement)) return change(`${client} SELECT FOR UPDATE`);
  if (verb === 'copy' && /\bto\s+(stdout|program)\b/i.test(statement) && !/\bprogram\b/i.test(statement)) return read(`${client} COPY TO STDOUT`);
  if (verb === 'set' || verb === 'reset') return read(two);
  if (SQL_READ.has(verb)) return read(`${client} ${verb.toUpperCase()}`);
  return change(two);
}

/** `DROP TABLE IF EXISTS orders`, `DELETE FROM "orders"`, `TRUNCATE orders` → `orders`. */
function sqlTarget(statement: string): string | null {
  const m = /\b(?:drop\s+(?:materialized\s+view|foreign\s+table|\w+)(?:\s+concurrently)?(?:\s+if\s+exists)?|truncate(?:\s+table)?(?:\s+only)?|delete\s+from(?:\s+only)?|update(?:\s+only)?|alter\s+table(?:\s+if\s+exists)?(?:\s+only)?)\s+([\w."]+)/i.exec(statement);
  if (!m?.[1]) return null;
  const name = m[1].replace(/"/g, '');
  return /^(if|exists|concurrently|only|table)$/i.test(name) ? null : name;
}

function metaCommand(name: string, client: string): Verdict {
  const reason = `${client} \\${name}`;
  // \! runs a shell command; \copy ... from, \i and \o touch files; \c, \x, \d... only read.
  if (name === '!' || name === 'i' || name === 'ir' || name === 'o' || name === 'w' || name === 'copy' || name === 'e' || name === 'ef' || name === 'gexec') return change(reason);
  return read(reason);
}

const REDIS_READ = new Set([
  'get', 'mget', 'exists', 'ttl', 'pttl', 'type', 'scan', 'sscan', 'hscan', 'zscan', 'hget', 'hgetall', 'hkeys', 'hvals', 'hlen', 'hexists',
  'hmget', 'llen', 'lrange', 'lindex', 'scard', 'smembers', 'sismember', 'srandmember', 'zcard', 'zrange', 'zrangebyscore', 'zrevrange',
  'zscore', 'zrank', 'zcount', 'strlen', 'getrange', 'info', 'ping', 'echo', 'dbsize', 'role', 'time', 'lastsave', 'object', 'xlen',
  'xrange', 'xrevrange', 'xinfo', 'xpending', 'pubsub', 'command', 'memory', 'latency', 'slowlog', 'client', 'config', 'sentinel',
  'cluster', 'acl', 'select', 'auth', 'hello', 'bitcount', 'getbit', 'pfcount', 'geopos', 'geodist', 'randomkey', 'dump', 'lpos', 'quit',
]);
/** Sub-commands that only read, for the commands above that also write. */
const REDIS_READ_SUBS: Record<string, Set<string>> = {
  client: new Set(['list', 'info', 'getname', 'id', 'trackinginfo', 'getredir']),
  config: new Set(['get']),
  slowlog: new Set(['get', 'len', 'help']),
  memory: new Set(['stats', 'usage', 'doctor', 'malloc-stats', 'help']),
  latency: new Set(['latest', 'history', 'doctor', 'graph', 'histogram', 'help']),
  sentinel: new Set(['masters', 'master', 'slaves', 'replicas', 'sentinels', 'get-master-addr-by-name', 'ckquorum', 'info-cache', 'myid', 'config', 'debug', 'is-master-down-by-addr']),
  cluster: new Set(['info', 'nodes', 'slots', 'shards', 'myid', 'countkeysinslot', 'getkeysinslot', 'keyslot', 'links']),
  acl: new Set(['list', 'whoami', 'users', 'getuser', 'cat', 'log', 'genpass', 'dryrun']),
  object: new Set(['encoding', 'freq', 'idletime', 'refcount', 'help']),
  pubsub: new Set(['channels', 'numsub', 'numpat', 'shardchannels', 'shardnumsub']),
  xinfo: new Set(['stream', 'groups', 'consumers', 'help']),
};
const REDIS_DESTRUCTIVE = new Set(['flushall', 'flushdb', 'del', 'unlink', 'shutdown', 'hdel', 'srem', 'zrem', 'lrem', 'xdel', 'ltrim', 'xtrim', 'getdel', 'zremrangebyscore', 'zremrangebyrank', 'zremrangebylex', 'spop', 'lpop', 'rpop', 'zpopmin', 'zpopmax', 'swapdb', 'migrate']);
const REDIS_DESTRUCTIVE_SUBS: Record<string, Set<string>> = {
  cluster: new Set(['reset', 'forget', 'flushslots', 'delslots']),
  script: new Set(['flush']),
  function: new Set(['flush', 'delete']),
  acl: new Set(['deluser']),
  sentinel: new Set(['remove', 'reset']),
  debug: new Set(['segfault', 'crash-and-recover', 'restart']),
  config: new Set(['resetstat']),
};
/** Reads that still hurt: they block a busy server (the GitLab runbook: "DO NOT USE KEYS"). */
const REDIS_BLOCKING = new Set(['keys', 'monitor', 'debug', 'save']);

/** Risk of one Redis command as words (`CONFIG SET maxmemory 1gb`). */
export function classifyRedis(words: string[], client = 'redis-cli'): Verdict {
  const verb = (words[0] ?? '').toLowerCase();
  const sub = (words[1] ?? '').toLowerCase();
  const upper = `${client} ${verb.toUpperCase()}`;
  if (!verb) return read(client);
  if (REDIS_DESTRUCTIVE_SUBS[verb]?.has(sub)) return destructive(`${upper} ${sub.toUpperCase()}`);
  if (REDIS_DESTRUCTIVE.has(verb)) return destructive(upper, words[1] ?? null);
  if (REDIS_BLOCKING.has(verb)) return change(`${upper} (blocks the server)`);
  const reads = REDIS_READ_SUBS[verb];
  if (reads) return reads.has(sub) ? read(`${upper} ${sub.toUpperCase()}`) : change(`${upper} ${sub.toUpperCase()}`.trim());
  if (REDIS_READ.has(verb)) return read(upper);
  return change(upper);
}

/** Redis commands typed one per line (a heredoc for redis-cli, a REPL session). */
export function classifyRedisLines(text: string, client = 'redis-cli'): Verdict {
  let worst: Verdict | null = null;
  for (const line of text.split('\n')) {
    const words = redisWords(line);
    if (words.length > 0) worst = worse(worst, classifyRedis(words, client));
  }
  return worst ?? read(client);
}

/** Splits a line the way redis-cli does: spaces, "double quotes" with escapes, 'single quotes'. */
export function redisWords(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+)/g)) {
    out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2].replace(/\\'/g, "'") : (m[3] ?? ''));
  }
  return out;
}

/** mongo/mongosh JavaScript: deletions are destructive, finds and status calls read. */
export function classifyMongo(js: string, client: string): Verdict {
  if (/\.(drop|dropDatabase|remove|deleteOne|deleteMany|dropIndex|dropIndexes|findOneAndDelete)\s*\(/.test(js)) return destructive(`${client} drop/delete`);
  if (/\.(insert\w*|update\w*|replaceOne|createIndex|save|findOneAndUpdate|findOneAndReplace|bulkWrite|renameCollection)\s*\(|\brs\.(stepDown|reconfig|add|remove|freeze)\b|\bdb\.(shutdownServer|adminCommand|runCommand)\b/.test(js)) return change(`${client} write`);
  if (/^\s*(show\s+\w+|use\s+\w+)\s*$/m.test(js) || /\.(find|findOne|count\w*|aggregate|stats|status|getIndexes|serverStatus|currentOp|isMaster|hello|printReplicationInfo|printSecondaryReplicationInfo|getCollectionNames|explain)\s*\(/.test(js)) return read(`${client} query`);
  return change(`${client} script`);
}

/**
 * Ruby typed into a Rails console: deleting records is destructive; anything else may write
 * (a console is the application with all its powers), so it is a change, never a read.
 */
export function classifyRuby(code: string, client: string): Verdict {
  const bad = /\.(destroy_all|delete_all|destroy!?|delete|truncate|purge|drop_table|remove_column|really_destroy!?)\b|\bActiveRecord::Base\.connection\.execute\b[^\n]*\b(drop|delete|truncate)\b|\bFileUtils\.rm/i.exec(code);
  if (bad) return destructive(`${client}: ${bad[1] ?? bad[0]}`);
  return change(`${client}: Ruby code`);
}
