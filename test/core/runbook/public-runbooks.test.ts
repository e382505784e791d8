// Public runbooks the parser used to read wrongly (test/fixtures/runbook/public, licences in
// SOURCES.md there), with hand-checked expectations: which commands, their risk, where they run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeInContext } from '../../../src/core/runbook/compose.ts';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';
import { allCommands } from '../../../src/core/runbook/query.ts';
import type { Runbook, RunbookCommand } from '../../../src/core/runbook/types.ts';

const dir = path.resolve(import.meta.dirname, '../../fixtures/runbook/public');
const load = (name: string): Runbook => parseRunbook(readFileSync(path.join(dir, name), 'utf8'), name);
const row = (c: RunbookCommand) => [c.script, c.risk, c.context.kind, c.context.kind === 'local' ? null : c.context.enteredBy];
const composedScript = (c: RunbookCommand | undefined) => {
  const result = c ? composeInContext(c.script, c.context) : null;
  return result?.kind === 'composed' ? result.script : result;
};

describe('openshift etcdDatabaseQuotaLowSpace', () => {
  const r = load('openshift__runbooks__etcdDatabaseQuotaLowSpace.md');
  const [rsh] = allCommands(r);

  it('etcdctl runs in the etcd pod oc rsh opened, defrag too (the runbook says "in all etcd pods")', () => {
    expect(allCommands(r).map(row)).toEqual([
      [expect.stringMatching(/^oc rsh -c etcdctl -n openshift-etcd \$\(oc get pod/), 'change', 'local', null],
      ['etcdctl version', 'read', 'pod', rsh?.id],
      ['etcdctl endpoint status -w table', 'read', 'pod', rsh?.id],
      ['etcdctl defrag', 'change', 'pod', rsh?.id],
    ]);
    expect(rsh?.interactive).toBe(true);
    expect(r.diagnostics.filter((d) => d.code === 'context-reused').map((d) => d.line)).toEqual([73]);
  });

  it('composes oc exec with the container and namespace of the rsh, its pod still picked by the runbook\'s own $(...)', () => {
    expect(composedScript(allCommands(r)[3])).toBe(`oc exec -n openshift-etcd -c etcdctl $(oc get pod -l app=etcd -oname -n openshift-etcd | awk -F"/" 'NR==1{ print $2 }') -- sh -c 'etcdctl defrag'`);
  });
});

it('openshift CephPoolQuotaBytesNearExhaustion: rados and ceph belong to the Rook toolbox pod', () => {
  const r = load('openshift__runbooks__CephPoolQuotaBytesNearExhaustion.md');
  expect(allCommands(r).map(row)).toEqual([
    ['rados df', 'read', 'toolbox', null],
    ['ceph osd pool set-quota <pool> max_bytes <bytes>\nceph osd pool set-quota <pool> max_objects <objects>', 'change', 'toolbox', null],
  ]);
  expect(composeInContext('rados df', allCommands(r)[0]?.context ?? { kind: 'local' })).toMatchObject({ kind: 'manual', where: expect.stringMatching(/^in the Rook\/Ceph toolbox pod/) });
});

it('openshift MachineConfigControllerDrainError: prompt-less console blocks of commands are commands, log output is not', () => {
  const r = load('openshift__runbooks__MachineConfigControllerDrainError.md');
  expect(allCommands(r).map((c) => [c.script, c.risk, c.riskReason])).toEqual([
    ['oc -n openshift-machine-config-operator logs $CONTROLLERPOD -c machine-config-controller', 'read', 'oc logs'],
    ['oc patch pdb $PDB -n $NS --type=merge -p \'{"spec":{"minAvailable":0}}\'', 'change', 'oc patch'],
    ['oc get validatingwebhookconfiguration', 'read', 'oc get'],
    ['oc get mutatingwebhookconfiguration', 'read', 'oc get'],
    ['oc get validatingwebhookconfiguration/<webhook_name> -o yaml > webhook.yaml', 'change', 'writes a file (> webhook.yaml)'],
    ['oc delete <webhook_type> <webhook_name>', 'destructive', 'oc delete'],
    ['oc delete pod <pod-name> --force=true --grace-period=0', 'destructive', 'oc delete'],
    ['oc patch pod <pod_name> -p \'{"metadata":{"finalizers":null}}\' -n <namespace_name>', 'change', 'oc patch'],
  ]);
  expect(allCommands(r).every((c) => c.context.kind === 'local')).toBe(true);
});

it('openshift VirtAPIDown: the exported NAMESPACE is a variable; the support case an escalation note', () => {
  const r = load('openshift__runbooks__VirtAPIDown.md');
  expect(r.variables.map((v) => [v.name, v.fromCommand, v.fromCommandRisk, v.exported])).toEqual([['NAMESPACE', 'oc get kubevirt -A -o custom-columns="":.metadata.namespace', 'read', true]]);
  expect(allCommands(r).map((c) => [c.script, c.variables, c.parameters.length])).toEqual([
    ['oc -n $NAMESPACE get pods -l kubevirt.io=virt-api', ['NAMESPACE'], 0],
    ['oc -n $NAMESPACE get deploy virt-api -o yaml', ['NAMESPACE'], 0],
    ['oc -n $NAMESPACE describe deploy virt-api', ['NAMESPACE'], 0],
    ['oc get nodes', [], 0],
  ]);
  expect(r.escalationNotes).toHaveLength(1);
});

it('openshift sre-to-engineering-escalation: the ticket template is reported, the steps to Engineering are escalation notes', () => {
  const r = load('openshift__runbooks__sre-to-engineering-escalation.md');
  expect(allCommands(r).map((c) => c.script)).toEqual(['ocm describe cluster 1s0q9mp65e2f370q9s7ip75g6sj0sifg', 'oc get csvs -n openshift-storage']);
  expect(r.diagnostics.find((d) => d.code === 'code-not-command')).toMatchObject({ line: 100, severity: 'warning' });
  expect(r.escalationNotes.map((n) => n.text)).toEqual([
    'Follow the steps in link, starting with submitting the Google Form, to get help from the ODF Engineering Team.',
    'Follow the manual steps to escalate to ODF Engineering Team',
    'Open a Jira ticket in the RHOSDFP Jira board with the following details:',
  ]);
});

describe('gitlab redis', () => {
  const r = load('mattrussi__gitlab-com-runbooks__redis.md');

  it('lines behind a bare ">" prompt are redis-cli input, judged as Redis commands, typed where the console is', () => {
    const consoleInput = allCommands(r).filter((c) => c.context.kind === 'repl');
    expect(consoleInput.map((c) => [c.script, c.risk, c.riskReason])).toEqual([
      ['slowlog get 10', 'read', 'redis-cli SLOWLOG GET'],
      ['config get slowlog-log-slower-than', 'read', 'redis-cli CONFIG GET'],
      ['config get slowlog-max-len', 'read', 'redis-cli CONFIG GET'],
      ['CONFIG SET latency-monitor-threshold 100', 'change', 'redis-cli CONFIG SET'],
      ['LATENCY DOCTOR', 'read', 'redis-cli LATENCY DOCTOR'],
      ['config get client-output-buffer-limit', 'read', 'redis-cli CONFIG GET'],
      ['info replication', 'read', 'redis-cli INFO'],
      ['role', 'read', 'redis-cli ROLE'],
    ]);
    expect(consoleInput.every((c) => composeInContext(c.script, c.context).kind === 'manual')).toBe(true);
  });

  it('the password read into REDISCLI_AUTH is a secret variable, not a command', () => {
    expect(r.variables.map((v) => [v.name, v.secret, v.fromCommandRisk])).toEqual([
      ['REDISCLI_AUTH', true, 'read'], ['REDISCLI_AUTH', true, 'read'], ['REDISCLI_AUTH', true, 'read'],
    ]);
    expect(allCommands(r).some((c) => /^REDISCLI_AUTH=\$\([^)]*\)$/.test(c.script))).toBe(false);
    const info = allCommands(r).find((c) => c.script === '/opt/gitlab/embedded/bin/redis-cli info');
    expect([info?.risk, info?.riskReason]).toEqual(['read', 'redis-cli INFO']);
  });

  it('other Redis commands on the command line get the Redis verb\'s risk', () => {
    const failover = allCommands(r).find((c) => c.script.includes('SENTINEL failover'));
    expect([failover?.risk, failover?.riskReason]).toEqual(['change', 'redis-cli SENTINEL FAILOVER']);
    expect(allCommands(r).find((c) => c.script === 'sudo rm perf.data')?.risk).toBe('destructive');
  });
});

it('gitlab k8s-pvc-resize: kubectl exec -it needs the terminal; deletes ask for the object\'s name', () => {
  const r = load('mattrussi__gitlab-com-runbooks__k8s-pvc-resize.md');
  const exec = allCommands(r).find((c) => c.script.startsWith('kubectl -n monitoring exec -it'));
  expect([exec?.interactive, exec?.risk, exec?.riskReason]).toEqual([true, 'read', 'df via kubectl exec']);
  expect(allCommands(r).filter((c) => c.risk === 'destructive').map((c) => c.confirmWord)).toEqual(['thanos-store-0', 'thanos-store-0-0', 'thanos-store-0']);
  expect(allCommands(r).every((c) => c.context.kind === 'local')).toBe(true);
});
