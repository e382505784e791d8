// Composing a command into the context it is meant for. The quoting must be exact, so the
// composed commands are run for real by sh, with stand-ins for oc, kubectl, ssh and sudo that
// do on this machine what the far side would do (run the words after `--`, run the remote
// command string with sh), and psql/redis-cli stand-ins that print what they were given.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Composition, composeInContext } from '../../../src/core/runbook/compose.ts';
import { LOCAL } from '../../../src/core/runbook/contexts.ts';
import { verdictInContext } from '../../../src/core/runbook/command-builder.ts';
import { RANK } from '../../../src/core/runbook/risk-words.ts';
import type { ExecutionContext } from '../../../src/core/runbook/types.ts';

let bin: string;

const STUBS: Record<string, string> = {
  // oc/kubectl exec|debug ... -- [chroot /host] cmd...: run cmd here (the container is this machine).
  oc: 'while [ $# -gt 0 ] && [ "$1" != "--" ]; do shift; done; shift; if [ "$1" = chroot ]; then shift 2; fi; exec "$@"',
  // ssh [opts] host -- words: the remote shell runs the words joined by spaces.
  ssh: 'while [ $# -gt 0 ] && [ "$1" != "--" ]; do shift; done; shift; exec sh -c "$*"',
  // sudo -i [-u user] cmd...: run cmd.
  sudo: 'while [ $# -gt 0 ]; do case "$1" in -i) shift;; -u) shift 2;; *) break;; esac; done; exec "$@"',
  // su - [user] -c string
  su: 'while [ "$1" != "-c" ]; do shift; done; exec sh -c "$2"',
  psql: 'for a in "$@"; do printf "arg:%s\\n" "$a"; done',
  'gitlab-psql': 'for a in "$@"; do printf "arg:%s\\n" "$a"; done',
  'redis-cli': 'for a in "$@"; do printf "arg:%s\\n" "$a"; done',
};

beforeAll(() => {
  bin = mkdtempSync(path.join(os.tmpdir(), 'warroom-compose-'));
  for (const [name, body] of Object.entries(STUBS)) {
    writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  }
  writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh\n${STUBS.oc}\n`);
  chmodSync(path.join(bin, 'kubectl'), 0o755);
});

afterAll(() => rmSync(bin, { recursive: true, force: true }));

const sh = (script: string): string => execFileSync('sh', ['-c', script], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });

const entered = { enteredBy: 'diagnosis/1-abc/c1', outer: LOCAL };
const node: ExecutionContext = { kind: 'node', client: 'oc', node: '<node_name>', flags: [], chroot: true, entry: 'oc debug node/<node_name>', ...entered };
const pod: ExecutionContext = { kind: 'pod', client: 'kubectl', pod: 'web-0', namespace: 'prod', container: 'app', flags: ['--context', 'eu'], shell: 'sh', entry: 'kubectl --context eu exec -it web-0 -n prod -c app -- sh', ...entered };
const ssh: ExecutionContext = { kind: 'ssh', host: 'db-1', options: ['-J', 'bastion'], entry: 'ssh -J bastion db-1', ...entered };
const root: ExecutionContext = { kind: 'root', user: null, via: 'sudo', entry: 'sudo -i', enteredBy: 'db/1/c2', outer: ssh };
const psql: ExecutionContext = { kind: 'repl', program: 'gitlab-psql', language: 'sql', command: ['gitlab-psql'], entry: 'gitlab-psql', enteredBy: 'db/1/c3', outer: root };

const composed = (c: Composition): string => {
  if (c.kind !== 'composed') throw new Error(`expected a composed command, got: ${c.where}`);
  return c.script;
};

describe('composeInContext builds the non-interactive form', () => {
  it('for a node debug shell after chroot /host, keeping the node placeholder for the operator to fill', () => {
    expect(composeInContext('sysctl -a | grep vm.max_map_count', node)).toEqual({
      kind: 'composed',
      script: "oc debug node/<node_name> -- chroot /host sh -c 'sysctl -a | grep vm.max_map_count'",
    });
    expect(composed(composeInContext('uptime', node, { node_name: 'ip-10-0-1-2' }))).toBe("oc debug node/ip-10-0-1-2 -- chroot /host sh -c uptime");
  });

  it('for a pod shell, with namespace, container and the flags of the command that entered it', () => {
    expect(composed(composeInContext('df -h /data', pod))).toBe("kubectl exec --context eu -n prod -c app web-0 -- sh -c 'df -h /data'");
    expect(composed(composeInContext('top', pod))).toBe('kubectl exec -it --context eu -n prod -c app web-0 -- sh -c top');
  });

  it('for ssh, sudo -i and a psql session nested in them, innermost first', () => {
    expect(composed(composeInContext('uptime', ssh))).toBe('ssh -J bastion db-1 -- uptime');
    expect(composed(composeInContext('SELECT 1;', psql))).toBe("ssh -J bastion db-1 -- 'sudo -i sh -c '\\''gitlab-psql -c '\\''\\'\\'''\\''SELECT 1;'\\''\\'\\'''\\'''\\'''");
  });

  it('gives each psql meta-command its own -c, and each Redis command its own call', () => {
    const local: ExecutionContext = { kind: 'repl', program: 'psql', language: 'sql', command: ['psql', '-h', 'db'], entry: 'psql -h db', ...entered };
    expect(composed(composeInContext('\\x\nSELECT * FROM pg_stat_activity;', local))).toBe("psql -h db -c '\\x' -c 'SELECT * FROM pg_stat_activity;'");
    const redis: ExecutionContext = { kind: 'repl', program: 'redis-cli', language: 'redis', command: ['redis-cli', '-p', '26379'], entry: 'redis-cli -p 26379', ...entered };
    expect(composed(composeInContext('SENTINEL masters\nCONFIG SET x "slave 0 0 0"', redis))).toBe("redis-cli -p 26379 SENTINEL masters && redis-cli -p 26379 CONFIG SET x 'slave 0 0 0'");
  });

  it('says exactly where to type what has no one-shot form', () => {
    const rails: ExecutionContext = { kind: 'repl', program: 'gitlab-rails console', language: 'ruby', command: ['sudo', 'gitlab-rails', 'console'], entry: 'sudo gitlab-rails console', enteredBy: 'db/2/c1', outer: ssh };
    expect(composeInContext('Feature.enable(:x)', rails)).toEqual({
      kind: 'manual',
      where: 'in the gitlab-rails console opened by `sudo gitlab-rails console`, which runs on db-1, reached by `ssh -J bastion db-1`',
      script: 'Feature.enable(:x)',
    });
    const prompt: ExecutionContext = { kind: 'unknown', prompt: 'sh-5.1$', entry: 'the "sh-5.1$" prompt', enteredBy: null, outer: LOCAL };
    expect(composeInContext('rados df', prompt)).toMatchObject({ kind: 'manual', where: 'in the shell the "sh-5.1$" prompt stands for (the runbook does not say how to open it)' });
    expect(composeInContext('top', node)).toMatchObject({ kind: 'manual', script: 'top' });
  });

  it('leaves a local command as it is', () => {
    expect(composeInContext('kubectl get pods', LOCAL)).toEqual({ kind: 'composed', script: 'kubectl get pods' });
  });
});

const hostile = [
  `printf '%s\\n' "it's" 'a "quoted" word'`,
  "printf '%s\\n' '$HOME' '`date`' '$(id -u)' 'a\\b'",
  "echo one; echo two && echo 'three  spaces'",
  "printf 'line1\\nline2\\n'\nprintf '%s\\n' \"second statement with 'nested' quotes\"",
  "x='*'; printf '%s\\n' \"$x\" '; rm -rf ~'",
];

describe('the composed command runs exactly the inner command (run for real through sh)', () => {
  it.each(hostile)('%s', (inner) => {
    const expected = sh(inner);
    for (const context of [node, pod, ssh, root]) expect(sh(composed(composeInContext(inner, context, { node_name: 'worker-1' })))).toBe(expected);
    // ssh, then sudo -i on the far side: two shells deep.
    const deep: ExecutionContext = { ...root, outer: ssh };
    expect(sh(composed(composeInContext(inner, deep)))).toBe(expected);
    const viaSu: ExecutionContext = { kind: 'root', user: 'postgres', via: 'su', entry: 'su - postgres', enteredBy: 'x/c1', outer: ssh };
    expect(sh(composed(composeInContext(inner, viaSu)))).toBe(expected);
  });

  it('hands SQL with quotes, dollars and backticks to psql as one exact argument, through ssh and sudo', () => {
    const sql = "SELECT 'it''s', $$dollar $HOME$$, '`date`' FROM t WHERE a = \"b\";";
    expect(sh(composed(composeInContext(sql, psql)))).toBe(`arg:-c\narg:${sql}\n`);
  });

  it('fills context placeholders as single words, whatever the value', () => {
    const values = { node_name: "x'; rm -rf ~; echo '" };
    const script = composed(composeInContext('echo ok', node, values));
    expect(script).toBe(`oc debug node/'x'\\''; rm -rf ~; echo '\\''' -- chroot /host sh -c 'echo ok'`);
    expect(sh(script)).toBe('ok\n');
  });
});

describe('risk in a context is at least the inner command’s', () => {
  const inners = ['cat /etc/hosts', 'rm -rf /var/lib/etcd', 'systemctl restart kubelet', 'sysctl -w vm.max_map_count=1'];
  it.each(inners)('%s', (inner) => {
    const own = verdictInContext(inner, LOCAL);
    for (const context of [node, pod, ssh, root]) {
      const there = verdictInContext(inner, context);
      expect(RANK[there.risk]).toBeGreaterThanOrEqual(RANK[own.risk]);
      const c = composeInContext(inner, context);
      if (c.kind === 'composed') expect(RANK[verdictInContext(c.script, LOCAL).risk]).toBeGreaterThanOrEqual(RANK[own.risk]);
    }
  });

  it('judges console input in the console’s language', () => {
    expect(verdictInContext('DROP TABLE ci_builds;', psql)).toMatchObject({ risk: 'destructive', reason: 'gitlab-psql DROP TABLE' });
    expect(verdictInContext('SELECT count(*) FROM ci_builds;', psql)).toMatchObject({ risk: 'read' });
    const redis: ExecutionContext = { kind: 'repl', program: 'redis-cli', language: 'redis', command: ['redis-cli'], entry: 'redis-cli', ...entered };
    expect(verdictInContext('FLUSHALL', redis)).toMatchObject({ risk: 'destructive', reason: 'redis-cli FLUSHALL' });
    expect(verdictInContext('info replication', redis)).toMatchObject({ risk: 'read', reason: 'redis-cli INFO' });
    const rails: ExecutionContext = { kind: 'repl', program: 'gitlab-rails console', language: 'ruby', command: [], entry: 'x', ...entered };
    expect(verdictInContext('Project.find(1).destroy', rails).risk).toBe('destructive');
    expect(verdictInContext('Feature.enabled?(:x)', rails).risk).toBe('change');
  });
});
