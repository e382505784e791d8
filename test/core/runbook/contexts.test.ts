// Where each command of a runbook runs, and how far a context reaches: the rest of its block,
// the following blocks and steps, sub-sections; not past `exit`, the end of its section, or a
// cluster command that means the runbook is back on the operator's machine.
import { describe, expect, it } from 'vitest';
import { composeInContext } from '../../../src/core/runbook/compose.ts';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';
import { allCommands } from '../../../src/core/runbook/query.ts';
import type { Runbook, RunbookCommand } from '../../../src/core/runbook/types.ts';

const md = (...lines: string[]) => lines.join('\n');
const byScript = (r: Runbook, script: string): RunbookCommand => {
  const found = allCommands(r).find((c) => c.script === script);
  if (!found) throw new Error(`no command ${script} in ${allCommands(r).map((c) => c.script).join(' | ')}`);
  return found;
};
const composed = (c: RunbookCommand) => composeInContext(c.script, c.context);

describe('a node debug shell', () => {
  const r = parseRunbook(md(
    '# Kubelet down', '', '## Diagnosis', '',
    '1. Start a debug pod on the node:', '', '   ```console', '   $ oc debug node/<node_name>', '   ```', '',
    '1. Use the host binaries:', '', '   ```console', '   sh-4.4# chroot /host', '   ```', '',
    '1. Check the kernel and the kubelet:', '', '   ```bash', '   # sysctl -a | grep vm.max_map_count', '   # systemctl status kubelet', '   ```', '',
    '1. Leave the node: `exit`', '',
    '1. Check the node from your workstation: `oc get node <node_name>`', '',
  ), 'node.md');
  const debug = byScript(r, 'oc debug node/<node_name>');

  it('is entered by oc debug, which itself runs here and needs the terminal', () => {
    expect([debug.context, debug.interactive, debug.risk]).toEqual([{ kind: 'local' }, true, 'change']);
  });

  it('holds for the following steps; `chroot /host` is no command of its own but marks the shell', () => {
    expect(allCommands(r).map((c) => c.script)).toEqual(['oc debug node/<node_name>', 'sysctl -a | grep vm.max_map_count', 'systemctl status kubelet', 'oc get node <node_name>']);
    const sysctl = byScript(r, 'sysctl -a | grep vm.max_map_count');
    expect(sysctl.context).toMatchObject({ kind: 'node', client: 'oc', node: '<node_name>', chroot: true, enteredBy: debug.id, entry: 'oc debug node/<node_name>' });
    expect(composed(sysctl)).toEqual({ kind: 'composed', script: "oc debug node/<node_name> -- chroot /host sh -c 'sysctl -a | grep vm.max_map_count'" });
  });

  it('reads "# cmd" in a bash block as a root prompt there, and the node placeholder becomes the command\'s parameter', () => {
    const status = byScript(r, 'systemctl status kubelet');
    expect(status.parameters.map((p) => p.raw)).toEqual(['<node_name>']);
    expect(status.risk).toBe('change');
    expect(status.riskReason).toBe('systemctl status via oc debug');
  });

  it('ends at exit', () => {
    expect(byScript(r, 'oc get node <node_name>').context).toEqual({ kind: 'local' });
    expect(r.diagnostics.map((d) => d.code)).not.toContain('context-left');
  });
});

describe('a pod shell, variables and the end of a section', () => {
  const r = parseRunbook(md(
    '# Volume filling up', '', '## Diagnosis', '',
    '```console',
    "$ PVC_NAME='<persistentvolumeclaim label from alert>'",
    "$ NAMESPACE='<namespace label from alert>'",
    '',
    '$ oc -n $NAMESPACE describe pvc $PVC_NAME',
    "$ POD_NAME='<\"Used By:\" field from the above output>'",
    '',
    '$ oc -n $NAMESPACE rsh $POD_NAME',
    '$ df -h',
    '```', '',
    '### Inside the volume', '', '- Biggest folders: `du -sh /data/*`', '',
    '## Mitigation', '', '- Look again: `oc get pvc -n $NAMESPACE`', '',
  ), 'pvc.md');
  const rsh = byScript(r, 'oc -n $NAMESPACE rsh $POD_NAME');

  it('the assignments are variables, not commands; their placeholders are theirs', () => {
    expect(r.variables.map((v) => [v.name, v.value, v.parameters.map((p) => p.name), v.fromCommand])).toEqual([
      ['PVC_NAME', "'<persistentvolumeclaim label from alert>'", ['persistentvolumeclaim label from alert'], null],
      ['NAMESPACE', "'<namespace label from alert>'", ['namespace label from alert'], null],
      ['POD_NAME', "'<\"Used By:\" field from the above output>'", ['"Used By:" field from the above output'], null],
    ]);
    const describe = byScript(r, 'oc -n $NAMESPACE describe pvc $PVC_NAME');
    expect([describe.variables, describe.parameters, describe.risk]).toEqual([['NAMESPACE', 'PVC_NAME'], [], 'read']);
    expect(r.sections[0]?.steps[0]?.variables).toEqual(['PVC_NAME', 'NAMESPACE', 'POD_NAME']);
  });

  it('the pod shell holds for the block and its sub-sections, composed with oc exec', () => {
    for (const script of ['df -h', 'du -sh /data/*']) {
      const c = byScript(r, script);
      expect(c.context).toMatchObject({ kind: 'pod', client: 'oc', pod: '$POD_NAME', namespace: '$NAMESPACE', enteredBy: rsh.id });
      expect(c.variables).toEqual(['POD_NAME', 'NAMESPACE']);
    }
    expect(composed(byScript(r, 'df -h'))).toEqual({ kind: 'composed', script: "oc exec -n $NAMESPACE $POD_NAME -- sh -c 'df -h'" });
    expect(rsh.interactive).toBe(true);
  });

  it('ends with its section', () => {
    expect(byScript(r, 'oc get pvc -n $NAMESPACE').context).toEqual({ kind: 'local' });
  });
});

describe('sessions nested in one another, consoles and their languages', () => {
  const r = parseRunbook(md(
    '# Stuck CI builds', '', '## Database', '',
    '```bash', 'ssh -J bastion.example.com db-1.example.com', 'sudo -i', 'gitlab-psql', '```', '',
    '```sql', "DELETE FROM ci_pending_builds WHERE created_at < now() - interval '1 day';", '```', '',
    '```bash', 'sudo gitlab-rails console', '```', '',
    '```ruby', 'Project.find(42).destroy', '```', '',
  ), 'ci.md');

  it('a block that opens a shell and goes on is lines typed one after another', () => {
    expect(allCommands(r).map((c) => [c.script, c.context.kind, c.position.start.line])).toEqual([
      ['ssh -J bastion.example.com db-1.example.com', 'local', 6],
      ['sudo -i', 'ssh', 7],
      ['gitlab-psql', 'root', 8],
      ["DELETE FROM ci_pending_builds WHERE created_at < now() - interval '1 day';", 'repl', 12],
      ['sudo gitlab-rails console', 'root', 16],
      ['Project.find(42).destroy', 'repl', 20],
    ]);
  });

  it('SQL typed into psql is judged as SQL and composed through sudo and ssh', () => {
    const del = allCommands(r)[3];
    expect([del?.risk, del?.riskReason, del?.interactive]).toEqual(['destructive', 'gitlab-psql DELETE FROM', false]);
    const c = del ? composed(del) : null;
    expect(c?.kind === 'composed' ? c.script : c).toMatch(/^ssh -J bastion\.example\.com db-1\.example\.com -- 'sudo -i sh -c '\\''gitlab-psql -c /);
  });

  it('a shell line after the console means it was left; Ruby in a Rails console says where to type it', () => {
    const ruby = allCommands(r)[5];
    expect(ruby?.risk).toBe('destructive');
    expect(ruby ? composed(ruby) : null).toEqual({
      kind: 'manual',
      where: 'in the gitlab-rails console opened by `sudo gitlab-rails console`, which runs in the root shell opened by `sudo -i`, which runs on db-1.example.com, reached by `ssh -J bastion.example.com db-1.example.com`',
      script: 'Project.find(42).destroy',
    });
  });
});

describe('contexts a prompt or a program implies', () => {
  const r = parseRunbook(md(
    '# Storage', '', '## Checks', '',
    '```bash', '    sh-5.1$ rados df', '```', '',
    '```console', 'sh-4.4# crictl ps', '[root@worker-1 /]# systemctl restart crio', '```', '',
    '```console', '$ redis-cli -h redis-1 -p 6379', '127.0.0.1:6379> INFO replication', '127.0.0.1:6379> CONFIG SET maxmemory 2gb', '```', '',
    '```console', '$ kubectl exec -it -n gitlab postgres-0 -c db -- psql -U gitlab gitlabhq_production', 'gitlabhq_production=# SELECT count(*) FROM users;', ' count', '-------', '    42', 'gitlabhq_production=# \\q', '$ kubectl get pods -n gitlab', '```', '',
    '## Quotas', '', 'See the [Ceph CLI](helpers/cephCLI.md):', '', '```bash', 'ceph osd pool set-quota <pool> max_bytes <bytes>', '```', '',
  ), 'storage.md');

  it('a container prompt for a Ceph tool means the Rook toolbox; Ceph tools never run here', () => {
    expect(byScript(r, 'rados df').context).toMatchObject({ kind: 'toolbox', pod: null, enteredBy: null });
    expect(byScript(r, 'ceph osd pool set-quota <pool> max_bytes <bytes>').context).toMatchObject({ kind: 'toolbox', pod: null });
    expect(composed(byScript(r, 'rados df'))).toMatchObject({ kind: 'manual', where: expect.stringContaining('Rook/Ceph toolbox pod') });
  });

  it('a bare shell prompt or a root prompt: not this machine, and nowhere warroom can reach', () => {
    expect(byScript(r, 'crictl ps').context).toMatchObject({ kind: 'unknown', prompt: 'sh-4.4#' });
    expect(byScript(r, 'systemctl restart crio').context).toMatchObject({ kind: 'root', via: 'prompt' });
    expect(composed(byScript(r, 'systemctl restart crio')).kind).toBe('manual');
  });

  it('console prompts are console input, composed into the console the runbook opened', () => {
    const set = byScript(r, 'CONFIG SET maxmemory 2gb');
    expect([set.risk, set.riskReason, set.context.kind]).toEqual(['change', 'redis-cli CONFIG SET', 'repl']);
    expect(composed(set)).toEqual({ kind: 'composed', script: 'redis-cli -h redis-1 -p 6379 CONFIG SET maxmemory 2gb' });
    const select = byScript(r, 'SELECT count(*) FROM users;');
    expect(select.sampleOutput).toEqual([' count', '-------', '    42']);
    expect(composed(select)).toEqual({ kind: 'composed', script: "kubectl exec -n gitlab -c db postgres-0 -- sh -c 'psql -U gitlab gitlabhq_production -c '\\''SELECT count(*) FROM users;'\\'''" });
  });

  it('\\q leaves psql and the exec that started it', () => {
    expect(byScript(r, 'kubectl get pods -n gitlab').context).toEqual({ kind: 'local' });
  });
});

describe('the runbook left the shell without saying so', () => {
  it('a cluster command after a pod shell runs here, with a note', () => {
    const r = parseRunbook(md('# X', '', '## Steps', '', '```console', '$ oc rsh -n prod web-0', '$ ls /data', '$ oc get pods -n prod', '```', ''), 'x.md');
    expect(allCommands(r).map((c) => c.context.kind)).toEqual(['local', 'pod', 'local']);
    expect(r.diagnostics.find((d) => d.code === 'context-left')?.message).toBe('`oc get pods -n prod` runs on this machine: `oc` after `oc rsh -n prod web-0` means the runbook left that shell');
  });

  it('a cluster-side tool the runbook ran only in one pod runs there again, with a note (etcdctl after oc rsh)', () => {
    const r = parseRunbook(md(
      '# etcd', '', '## Diagnosis', '', '```console', '$ oc rsh -c etcdctl -n openshift-etcd etcd-master-0', '$ etcdctl endpoint status -w table', '```', '',
      '## Mitigation', '', 'Run this in all etcd pods:', '', '```console', '$ etcdctl defrag', '```', '',
    ), 'etcd.md');
    const defrag = byScript(r, 'etcdctl defrag');
    expect(defrag.context).toMatchObject({ kind: 'pod', pod: 'etcd-master-0', container: 'etcdctl', namespace: 'openshift-etcd' });
    expect(composed(defrag)).toEqual({ kind: 'composed', script: "oc exec -n openshift-etcd -c etcdctl etcd-master-0 -- sh -c 'etcdctl defrag'" });
    expect(r.diagnostics.map((d) => d.code)).toContain('context-reused');
  });

  it('the toolbox is recognised by its pod', () => {
    const r = parseRunbook(md('# X', '', '## Steps', '', '```bash', 'TOOLS_POD=$(oc get pods -n openshift-storage -l app=rook-ceph-tools -o name)', 'oc rsh -n openshift-storage $TOOLS_POD', '```', '', '- `ceph status`', ''), 'x.md');
    expect(byScript(r, 'ceph status').context).toMatchObject({ kind: 'toolbox', pod: '$TOOLS_POD', namespace: 'openshift-storage' });
    expect(r.variables.map((v) => [v.name, v.fromCommand, v.fromCommandRisk])).toEqual([['TOOLS_POD', 'oc get pods -n openshift-storage -l app=rook-ceph-tools -o name', 'read']]);
  });
});
