// Reading real runbooks as their authors meant them: each item of the list, with the
// wrong reading it replaces.
import { describe, expect, it } from 'vitest';
import { interpretCode } from '../../../src/core/runbook/commands.ts';
import { needsTerminal } from '../../../src/core/runbook/contexts.ts';
import { classifyInlineCode } from '../../../src/core/runbook/inline-code.ts';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';
import { findPlaceholders, variableReferences } from '../../../src/core/runbook/placeholders.ts';
import { allCommands, allSteps, variablesBefore } from '../../../src/core/runbook/query.ts';

const md = (...lines: string[]) => lines.join('\n');
const scripts = (source: string) => allCommands(parseRunbook(source, 'x.md')).map((c) => c.script);

describe('console blocks without prompts', () => {
  it('hold commands when every line is a command of a known program', () => {
    expect(interpretCode('kubectl edit pvc data-0 -n prod\nkubectl delete pod -l app=web -n prod', 'console')).toMatchObject({
      kind: 'commands',
      commands: [{ script: 'kubectl edit pvc data-0 -n prod', line: 0 }, { script: 'kubectl delete pod -l app=web -n prod', line: 1 }],
    });
    expect(interpretCode("oc patch pod <pod_name> -p '{\"metadata\":{\"finalizers\":null}}' -n <namespace_name>", 'console').kind).toBe('commands');
  });

  it('are output otherwise (logs, tables, a bare query)', () => {
    expect(interpretCode('I1010 10:00:00 1 drain_controller.go:173] node x: initiating drain\nE1010 10:00:01 failed', 'console')).toEqual({ kind: 'none' });
    expect(interpretCode('NAME     READY   STATUS\nweb-0    1/1     Running', 'console')).toEqual({ kind: 'none' });
    expect(interpretCode('(etcd_mvcc_db_total_size_in_bytes / etcd_server_quota_backend_bytes) * 100', 'console')).toEqual({ kind: 'none' });
  });
});

describe('"#" is a root prompt inside a shell the runbook opened', () => {
  it('after sudo -i, `# sysctl -a` is a command, not a comment', () => {
    const r = parseRunbook(md('# X', '', '## Steps', '', '```console', '$ sudo -i', '```', '', '```bash', '# sysctl -a', '```', ''), 'x.md');
    expect(allCommands(r).map((c) => [c.script, c.context.kind])).toEqual([['sudo -i', 'local'], ['sysctl -a', 'root']]);
  });

  it('elsewhere in a bash block it stays a comment, and a sentence after "#" is a comment everywhere', () => {
    expect(interpretCode('# sysctl -a\nkubectl get nodes', 'bash')).toMatchObject({ kind: 'commands', commands: [{ script: '# sysctl -a\nkubectl get nodes' }] });
    expect(interpretCode('# cd to the right folder first\n$ ls', 'console', { inShell: true })).toMatchObject({ kind: 'commands', commands: [{ script: 'ls' }] });
  });
});

describe('inline code', () => {
  it('that wraps onto the next source line is one command', () => {
    expect(scripts(md('# X', '', '## Mitigation', '', '1. Restart it: `kubectl -n prod rollout', '   restart deployment/api` and wait.', ''))).toEqual(['kubectl -n prod rollout restart deployment/api']);
  });

  it.each([
    ['If ', 'ceph status', ' is not HEALTH_OK, look at the OSDs'],
    ['(i.e. ', 'gcloud compute snapshot ...', ')'],
    ['Only the ', 'kubectl apply/create/delete/patch', ' commands are audited'],
    ['If you run ', 'info replication', ' on the master, you expect role:master'],
    ['Output such as ', 'kubectl get pods', ' shows the phase'],
  ])('that a sentence only mentions is a reference, not a step: %s`%s`%s', (before, code, after) => {
    expect(classifyInlineCode(code, before, after)).toBe('none');
  });

  it('that a sentence asks for is still a command', () => {
    expect(classifyInlineCode('ceph health detail', 'If `ceph status` is not HEALTH_OK, run ', '')).toBe('command');
    expect(classifyInlineCode('kubectl get pods -n prod', 'Check the pods with ', ' and look for restarts.')).toBe('command');
    expect(classifyInlineCode('exit', 'Leave the node: ', '')).toBe('command');
  });
});

it('Go and Helm templates are the tool\'s, not placeholders', () => {
  expect(findPlaceholders("oc get pods -o go-template='{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}'")).toEqual([]);
  expect(findPlaceholders('helm template x --set image={{ .Values.tag }}')).toEqual([]);
  expect(findPlaceholders('curl {{host}}/health').map((p) => p.name)).toEqual(['host']);
});

it('`**Severity:** Critical` under the first heading is the severity', () => {
  expect(parseRunbook(md('# Disk full', '', '## Overview', '', '**Severity:** Critical', '', '## Steps', '- look'), 'x.md').severity).toBe('Critical');
  expect(parseRunbook(md('# Disk full', '', '## Alert', '', '- **Severity:** critical', '- **Fires when:** disk > 90%'), 'x.md').severity).toBe('critical');
  expect(parseRunbook(md('**Severity**: SEV-1', '', '# T', '', '## Overview', '', '**Severity:** Critical'), 'x.md').severity).toBe('SEV-1');
});

it('"Fix validation errors" under Mitigation is a mitigation', () => {
  const r = parseRunbook(md('# X', '', '## Mitigation', '', '### Fix validation errors', '', '- `kubectl apply -f fixed.yaml`', '', '## Verification', '', '- look'), 'x.md');
  expect(r.sections.map((s) => [s.title, s.kind])).toEqual([['Mitigation', 'mitigate'], ['Fix validation errors', 'mitigate'], ['Verification', 'check']]);
});

it('referrals without a time become escalation notes', () => {
  const r = parseRunbook(md(
    '# X', '', '## Mitigation', '',
    'Try to find the cause. If you cannot resolve the issue, log in to the Customer Portal and open a support case, attaching the logs.', '',
    '- If the defrag does not help, refer it to the etcd team in #forum-etcd.', '',
    '## Escalation', '', '- If not resolved in 15 mins -> Page Engineering Manager', '',
  ), 'x.md');
  expect(r.escalationNotes.map((n) => [n.text, n.position.start.line])).toEqual([
    ['If you cannot resolve the issue, log in to the Customer Portal and open a support case, attaching the logs.', 5],
    ['If the defrag does not help, refer it to the etcd team in #forum-etcd.', 7],
  ]);
  expect(r.escalation.map((e) => e.target)).toEqual(['Engineering Manager']);
});

describe('a bash block is never silently dropped', () => {
  it.each([
    ['pkill -HUP nginx', 'change'],
    ["sh -c 'curl -X POST https://hooks.example.com/reload'", 'change'],
    ['test -n "$DB_PASSWORD" && psql -c "SELECT 1"', 'read'],
    ['./bin/rotate-keys --env PROD', 'change'],
  ])('%s is a command (%s)', (script, risk) => {
    const r = parseRunbook(md('# X', '', '## Mitigation', '', '```bash', script, '```', ''), 'x.md');
    expect(allCommands(r).map((c) => [c.script, c.risk])).toEqual([[script, risk]]);
    expect(r.diagnostics.map((d) => d.code)).not.toContain('code-not-command');
  });

  it('and what is not a command gets a diagnostic saying why', () => {
    const r = parseRunbook(md('# X', '', '## Escalation', '', '```bash', 'Basic Details:', '', 'Cluster ID: <id>', '```', '', '```sh', 'Restart the three pods one by one', '```', ''), 'x.md');
    expect(allCommands(r)).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code === 'code-not-command').map((d) => [d.line, d.severity, d.message])).toEqual([
      [5, 'warning', '```bash block is not run: its first line "Basic Details:" reads as a heading, not a command'],
      [11, 'warning', '```sh block is not run: its first line "Restart the three pods one by one" reads as prose, not a command'],
    ]);
  });
});

describe('commands that need the terminal', () => {
  it.each([
    ['oc rsh -n prod web-0', true],
    ['kubectl exec -it web-0 -- sh', true],
    ['kubectl exec web-0 -- cat /etc/hosts', false],
    ['ssh db-1', true],
    ['ssh db-1 uptime', false],
    ['psql -h db orders', true],
    ['psql -h db orders -c "SELECT 1"', false],
    ['mysql -u root -p', true],
    ['redis-cli -h redis-1', true],
    ['redis-cli -h redis-1 INFO', false],
    ['kubectl edit deploy/api', true],
    ['sudo grep error /var/log/syslog | less', true],
    ['vim /etc/nginx/nginx.conf', true],
    ['top', true],
    ['k9s -n prod', true],
    ['watch kubectl get pods', true],
    ['sudo gitlab-rails console', true],
    ['sudo -i', true],
    ['kubectl get pods', false],
    ['tail -f /var/log/app.log', false],
    ['psql -h db orders <<EOF\nSELECT 1;\nEOF', false],
  ])('%s → %s', (script, interactive) => {
    expect(needsTerminal(script)).toBe(interactive);
  });

  it('is recorded on the command', () => {
    const r = parseRunbook(md('# X', '', '## Steps', '', '- `kubectl edit deploy/api`', '- `kubectl get deploy/api`'), 'x.md');
    expect(allCommands(r).map((c) => c.interactive)).toEqual([true, false]);
  });
});

describe('assignments are variables', () => {
  const r = parseRunbook(md(
    '# X', '', '## Steps', '',
    '1. Set up:', '', '   ```bash', '   export NS=$(kubectl get ns -l team=checkout -o name)', '   PGPASSWORD=$(vault kv get -field=password secret/db)', '   NODE_NAME="<node-from-step-1>"', '', '   oc debug node/$NODE_NAME -- chroot /host df -h', '   COUNT=$(kubectl -n $NS get pods | wc -l)', '   echo $COUNT', '   ```', '',
    '1. Scale: `kubectl -n $NS scale deploy/api --replicas=3`', '',
    '1. Clean up: `export DROPPED=$(kubectl delete ns scratch)`', '',
  ), 'x.md');

  it('leading ones come off the block as variables, with the command their value comes from', () => {
    expect(r.variables.map((v) => [v.name, v.exported, v.fromCommand, v.fromCommandRisk, v.secret, v.parameters.map((p) => p.raw)])).toEqual([
      ['NS', true, 'kubectl get ns -l team=checkout -o name', 'read', false, []],
      ['PGPASSWORD', false, 'vault kv get -field=password secret/db', 'read', true, []],
      ['NODE_NAME', false, null, null, false, ['<node-from-step-1>']],
      ['DROPPED', true, 'kubectl delete ns scratch', 'destructive', false, []],
    ]);
    expect(allSteps(r).map((s) => s.variables)).toEqual([['NS', 'PGPASSWORD', 'NODE_NAME'], [], ['DROPPED']]);
  });

  it('the rest of the block is the command, starting where it starts; a later assignment stays in it', () => {
    const [block, scale] = allCommands(r);
    expect(block?.script).toBe('oc debug node/$NODE_NAME -- chroot /host df -h\nCOUNT=$(kubectl -n $NS get pods | wc -l)\necho $COUNT');
    expect(block?.position.start.line).toBe(12);
    expect(block?.variables).toEqual(['NODE_NAME', 'NS']);
    expect(block?.parameters).toEqual([]);
    expect([scale?.variables, scale?.parameters, scale?.risk]).toEqual([['NS'], [], 'change']);
    expect(allCommands(r)).toHaveLength(2);
  });
});

describe('variables in scope of a command', () => {
  const r = parseRunbook(md(
    '# X', '', '## Steps', '',
    '```bash', 'export NS=a', 'NODE=<node>', '', 'kubectl -n $NS get node $NODE', '```', '',
    '- `NS=b`', '- `kubectl -n $NS get pods`', '- Set `replicas=3` in the values file.', '',
  ), 'x.md');

  it('inline assignments of upper-case names are variables too; lower-case `key=value` prose is not', () => {
    expect(r.variables.map((v) => [v.name, v.value, v.position.start.line])).toEqual([['NS', 'a', 6], ['NODE', '<node>', 7], ['NS', 'b', 12]]);
  });

  it('their uses are placeholders fillParameters can substitute, the shell\'s own quoting kept', () => {
    expect(variableReferences("kubectl -n $NS get pods ${NS} '$NS' $NSX", ['NS'])).toEqual([
      { name: 'NS', raw: '$NS', syntax: 'dollar' },
      { name: 'NS', raw: '${NS}', syntax: 'dollar-brace' },
    ]);
  });

  it('the latest definition before the command holds', () => {
    const [first, second] = allCommands(r);
    const scope = (c: typeof first) => (c ? [...variablesBefore(r, c).values()].map((v) => `${v.name}=${v.value}`) : []);
    expect(scope(first)).toEqual(['NS=a', 'NODE=<node>']);
    expect(scope(second)).toEqual(['NS=b', 'NODE=<node>']);
    expect(second?.variables).toEqual(['NS']);
  });
});
