// Words that start a line typed into a console rather than a shell: SQL statements and Redis
// commands. Used to tell console input from shell while a console context is open.

export const SQL_VERBS = new Set([
  'select', 'show', 'explain', 'describe', 'desc', 'table', 'values', 'with', 'insert', 'update', 'delete', 'merge', 'upsert', 'replace',
  'create', 'alter', 'drop', 'truncate', 'rename', 'comment', 'grant', 'revoke', 'analyze', 'analyse', 'vacuum', 'reindex', 'cluster',
  'refresh', 'copy', 'call', 'do', 'lock', 'begin', 'start', 'commit', 'rollback', 'abort', 'end', 'savepoint', 'release', 'set', 'reset',
  'discard', 'listen', 'notify', 'unlisten', 'checkpoint', 'prepare', 'execute', 'deallocate', 'declare', 'fetch', 'close', 'move', 'load',
  'use', 'kill', 'flush', 'optimize', 'repair', 'check', 'handler', 'purge', 'stop', 'change', 'pragma', 'attach', 'detach', 'security',
]);

export const REDIS_COMMANDS = new Set([
  'get', 'set', 'del', 'unlink', 'exists', 'expire', 'pexpire', 'expireat', 'persist', 'ttl', 'pttl', 'type', 'keys', 'scan', 'rename',
  'mget', 'mset', 'incr', 'incrby', 'decr', 'decrby', 'append', 'getset', 'getdel', 'setex', 'setnx', 'strlen', 'hget', 'hset', 'hdel', 'hgetall',
  'hkeys', 'hvals', 'hlen', 'hmget', 'hmset', 'hincrby', 'hexists', 'hscan', 'lpush', 'rpush', 'lpop', 'rpop', 'llen', 'lrange', 'lindex',
  'lrem', 'ltrim', 'sadd', 'srem', 'smembers', 'scard', 'sismember', 'sscan', 'spop', 'zadd', 'zrem', 'zrange', 'zrevrange', 'zscore',
  'zcard', 'zrank', 'zcount', 'zscan', 'zrangebyscore', 'zremrangebyscore', 'xadd', 'xlen', 'xrange', 'xdel', 'xtrim', 'xinfo', 'info',
  'ping', 'echo', 'dbsize', 'flushall', 'flushdb', 'config', 'client', 'slowlog', 'memory', 'latency', 'monitor', 'debug', 'save',
  'bgsave', 'bgrewriteaof', 'lastsave', 'shutdown', 'slaveof', 'replicaof', 'role', 'sentinel', 'cluster', 'acl', 'auth', 'select',
  'swapdb', 'object', 'dump', 'restore', 'migrate', 'move', 'pubsub', 'publish', 'subscribe', 'psubscribe', 'command', 'time', 'script',
  'eval', 'evalsha', 'function', 'failover', 'wait', 'multi', 'exec', 'discard', 'watch', 'unwatch', 'hello', 'reset', 'quit', 'randomkey',
]);
