// Real runbooks nobody on this project wrote (../shared/corpus, copied unchanged from public
// repositories): every one parses without throwing with positions inside the file, and
// hand-checked expectations hold for the ones that exercise each feature.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';
import { allCommands, allSteps } from '../../../src/core/runbook/query.ts';
import type { Runbook } from '../../../src/core/runbook/types.ts';
import { positionsOutside } from '../../helpers/runbook-positions.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const corpusDir = path.resolve(repoRoot, '../shared/corpus');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? markdownFiles(full) : name.endsWith('.md') ? [full] : [];
    })
    .sort();
}

function parseCorpus(relative: string): Runbook {
  const file = `../shared/corpus/${relative}`;
  return parseRunbook(readFileSync(path.resolve(repoRoot, file), 'utf8'), file);
}

const scripts = (r: Runbook) => allCommands(r).map((c) => c.script);

describe('every corpus file', () => {
  const files = markdownFiles(corpusDir);

  it('is there (the corpus has at least 25 runbooks)', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  it.each(files.map((f) => [path.relative(corpusDir, f), f]))('%s parses with positions inside the file and survives JSON', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const runbook = parseRunbook(source, file);
    expect(positionsOutside(runbook, source)).toEqual([]);
    expect(runbook.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(JSON.parse(JSON.stringify(runbook))).toEqual(runbook);
  });
});

describe('hand-checked corpus expectations', () => {
  it('VirtAPIDown: numbered Diagnosis steps, "$ " prompts stripped from indented fences, the exported $NAMESPACE is a variable the later steps use', () => {
    const r = parseCorpus('openshift__runbooks/VirtAPIDown.md');
    const diagnosis = r.sections.find((s) => s.title === 'Diagnosis');
    expect(diagnosis?.kind).toBe('investigate');
    expect(diagnosis?.steps).toHaveLength(5);
    expect(diagnosis?.steps.map((s) => s.commands.map((c) => c.script))).toEqual([
      [],
      ['oc -n $NAMESPACE get pods -l kubevirt.io=virt-api'],
      ['oc -n $NAMESPACE get deploy virt-api -o yaml'],
      ['oc -n $NAMESPACE describe deploy virt-api'],
      ['oc get nodes'],
    ]);
    expect(diagnosis?.steps[0]?.variables).toEqual(['NAMESPACE']);
    expect(r.variables).toMatchObject([
      { name: 'NAMESPACE', value: '"$(oc get kubevirt -A -o custom-columns="":.metadata.namespace)"', fromCommand: 'oc get kubevirt -A -o custom-columns="":.metadata.namespace', fromCommandRisk: 'read', exported: true, parameters: [], context: { kind: 'local' } },
    ]);
    expect(diagnosis?.steps[1]?.commands[0]?.parameters).toEqual([]);
    expect(diagnosis?.steps[1]?.commands[0]?.variables).toEqual(['NAMESPACE']);
    expect(allCommands(r).every((c) => c.risk === 'read')).toBe(true);
    expect(r.sections.map((s) => s.kind)).toEqual(['info', 'info', 'investigate', 'mitigate']);
    expect(r.escalationNotes.map((n) => n.text)).toEqual([expect.stringMatching(/^If you cannot resolve the issue, log in to the Customer Portal and open a support case/)]);
  });

  it('KubePersistentVolumeFillingUp: front matter, "$ " commands separated from their output table, <placeholders>', () => {
    const r = parseCorpus('prometheus-operator__runbooks/KubePersistentVolumeFillingUp.md');
    expect(r.frontMatter).toEqual({ title: 'Kube Persistent Volume Filling Up', weight: 20 });
    expect(r.title).toBe('KubePersistentVolumeFillingUp');
    const first = allCommands(r)[0];
    expect(first?.script).toMatch(/^kubectl get storageclass `kubectl -n <my-namespace> get pvc <my-pvc> -ojson/);
    expect(first?.sampleOutput[0]).toMatch(/^NAME\s+PROVISIONER/);
    expect(first?.sampleOutput).toHaveLength(2);
    expect(first?.parameters.map((p) => p.raw)).toEqual(['<my-namespace>', '<my-pvc>']);
    expect(scripts(r)).not.toContain(expect.stringMatching(/^standard|^NAME/));
    const del = allCommands(r).find((c) => c.script.includes(' delete pod '));
    expect(del?.risk).toBe('destructive');
    expect(del?.confirm).toBe('typed');
    expect(r.sections.find((s) => s.title === 'Direct Volume resizing')?.kind).toBe('mitigate');
  });

  it('MachineConfigControllerDrainError: console fences of log output give no commands; nested bullets keep their commands', () => {
    const r = parseCorpus('openshift__runbooks/MachineConfigControllerDrainError.md');
    expect(scripts(r).some((s) => /^I\d{4}|^E\d{4}|error when evicting/.test(s))).toBe(false);
    const webhookStep = allSteps(r).find((s) => s.text.startsWith('Check if it\'s a mutating or validating webhook'));
    expect(webhookStep?.depth).toBe(1);
    expect(webhookStep?.commands.map((c) => c.script)).toEqual(['oc get validatingwebhookconfiguration', 'oc get mutatingwebhookconfiguration']);
    const force = allCommands(r).find((c) => c.script.startsWith('oc delete pod <pod-name>'));
    expect(force?.risk).toBe('destructive');
    expect(force?.parameters.map((p) => p.name)).toEqual(['pod-name']);
  });

  it('etcdDatabaseQuotaLowSpace: "$ etcdctl" commands are commands, bare PromQL in console fences is not', () => {
    const r = parseCorpus('openshift__runbooks/etcdDatabaseQuotaLowSpace.md');
    expect(scripts(r)).toEqual([
      expect.stringMatching(/^oc rsh -c etcdctl -n openshift-etcd \$\(oc get pod/),
      'etcdctl version',
      'etcdctl endpoint status -w table',
      'etcdctl defrag',
    ]);
    expect(r.sections.find((s) => s.title === 'Defrag')?.kind).toBe('mitigate');
  });

  it('CephPoolQuotaBytesNearExhaustion: indented "sh-5.1$" prompt stripped; <pool> placeholders', () => {
    const r = parseCorpus('openshift__runbooks/CephPoolQuotaBytesNearExhaustion.md');
    expect(scripts(r)[0]).toBe('rados df');
    expect(allCommands(r)[1]?.parameters.map((p) => p.raw)).toEqual(['<pool>', '<bytes>', '<objects>']);
    expect(allCommands(r)[1]?.risk).toBe('change');
  });

  it('runners_manager_is_down: inline commands in numbered items, Symptoms / Possible checks / Resolution', () => {
    const r = parseCorpus('mattrussi__gitlab-com-runbooks/runners_manager_is_down.md');
    expect(r.sections.map((s) => [s.title, s.kind])).toEqual([
      ['Symptoms', 'info'],
      ['Possible checks', 'investigate'],
      ['Resolution', 'mitigate'],
    ]);
    expect(allCommands(r).map((c) => [c.script, c.origin, c.risk])).toEqual([
      ['sudo gitlab-runner status', 'inline', 'read'],
      ['sudo service gitlab-runner restart', 'inline', 'change'],
    ]);
  });

  it('gitaly-token-rotation: nested task lists with inline commands; the json fence is not a command', () => {
    const r = parseCorpus('mattrussi__gitlab-com-runbooks/gitaly-token-rotation.md');
    const tasks = allSteps(r).filter((s) => s.task);
    expect(tasks.length).toBeGreaterThanOrEqual(14);
    expect(tasks.every((s) => !s.checked)).toBe(true);
    const fleet = allSteps(r).find((s) => s.text === 'and apply that to the fleet');
    expect(fleet?.children.map((c) => c.commands.map((x) => x.script))).toEqual([
      ["knife ssh -C3 roles:gprd-base-stor-gitaly 'sudo chef-client'"],
      ["knife ssh -C3 roles:gprd-base-console-node 'sudo chef-client'"],
    ]);
    expect(scripts(r).some((s) => s.includes('default_attributes'))).toBe(false);
    expect(r.sections.find((s) => s.title === 'Rollback')?.kind).toBe('rollback');
  });

  it('k8s-pvc-resize: "### Step N:" headings are steps (even "# Step 5"), with their checkboxes and unlabelled-fence commands', () => {
    const r = parseCorpus('mattrussi__gitlab-com-runbooks/k8s-pvc-resize.md');
    const procedure = r.sections.find((s) => s.title === 'Procedure');
    expect(procedure?.steps.map((s) => [s.text, s.fromHeading])).toEqual([
      ['Step 1: Preflight checks', true],
      ['Step 2: Check the current state', true],
      ['Step 3: Delete the StateFul Set', true],
      ['Step 4: Resize the Persistent Volumes', true],
      ['Step 5: Post-operation checks', true],
    ]);
    expect(procedure?.steps[0]?.children.every((c) => c.task && c.depth === 1)).toBe(true);
    const step2 = procedure?.steps[1]?.commands ?? [];
    expect(step2.map((c) => c.script)).toEqual(['kubectl -n monitoring describe sts/thanos-store-0', 'kubectl -n monitoring get pvc -l app.kubernetes.io/name=thanos-store -o wide']);
    expect(step2[0]?.sampleOutput[0]).toBe('Name:               thanos-store-0');
    const del = procedure?.steps[2]?.commands[0];
    expect([del?.script, del?.risk, del?.confirmWord]).toEqual(['kubectl -n monitoring delete --cascade=orphan sts/thanos-store-0', 'destructive', 'thanos-store-0']);
  });

  it('chef-troubleshooting: "user@host:~/path$" prompt stripped, output lines not commands, unlabelled output-only fences ignored', () => {
    const r = parseCorpus('mattrussi__gitlab-com-runbooks/chef-troubleshooting.md');
    const symptoms = r.sections.find((s) => s.title === 'Symptoms');
    expect(symptoms?.steps[0]?.commands).toEqual([]);
    const shown = symptoms?.steps[1]?.commands[0];
    expect(shown?.script).toBe('bundle exec knife node show worker1.cluster.gitlab.com');
    expect(shown?.risk).toBe('read');
    expect(shown?.sampleOutput).toContain('Node Name:   worker1.cluster.gitlab.com');
    const ssh = symptoms?.steps[2]?.commands[0];
    expect(ssh?.script).toBe('bundle exec knife ssh "name:worker1.cluster.gitlab.com" "uptime"');
    expect(ssh?.sampleOutput[0]).toMatch(/^WARNING: Failed to connect/);
  });

  it('disable-chef-runs-on-a-vm: no H1 (file name title), "#" comments between "$" commands are dropped', () => {
    const r = parseCorpus('mattrussi__gitlab-com-runbooks/disable-chef-runs-on-a-vm.md');
    expect(r.titleSource).toBe('file-name');
    expect(r.title).toBe('disable-chef-runs-on-a-vm');
    const historical = r.sections.find((s) => s.title === 'Historical procedure');
    expect(historical?.steps[0]?.commands.map((c) => c.script)).toEqual([
      'sudo service chef-client stop',
      'sudo mv /etc/chef /etc/chef.{reason}',
      'sudo mv /etc/chef.{reason} /etc/chef',
      'sudo service chef-client start',
    ]);
  });

  it('high-error-rate: numbered H3 headings are steps of Troubleshooting', () => {
    const r = parseCorpus('stolostron__managed-service-runbooks/high-error-rate.md');
    const troubleshooting = r.sections.find((s) => s.title === 'Troubleshooting');
    expect(troubleshooting?.steps.map((s) => [s.text, s.fromHeading])).toEqual([
      ['1. Check the Logs', true],
      ['2. Check the Hosted Cluster Kubernetes API Server', true],
      ['3. Check the Hosted Cluster Kubeconfig Secret', true],
      ['4. Restart the Pod', true],
    ]);
  });

  it('managedclulster_condition_unknown: lettered branch headings are steps; unprompted "oc delete" is destructive', () => {
    const r = parseCorpus('stolostron__managed-service-runbooks/managedclulster_condition_unknown.md');
    const branches = allSteps(r).filter((s) => s.fromHeading);
    expect(branches.map((s) => s.text.slice(0, 2))).toEqual(['a.', 'b.']);
    const del = allCommands(r).find((c) => c.script === 'oc delete klusterlet <klusterlet_name>');
    expect(del?.risk).toBe('destructive');
    expect(del?.parameters.map((p) => p.name)).toEqual(['klusterlet_name']);
  });

  it('KubePodCrashLooping: Chinese section titles get kinds; inline kubectl commands with $VAR parameters', () => {
    const r = parseCorpus('kubesphere__alert-runbooks/KubePodCrashLooping.md');
    expect(r.sections.map((s) => s.kind)).toEqual(['info', 'info', 'investigate', 'mitigate']);
    expect(allCommands(r).map((c) => [c.script, c.parameters.map((p) => p.name)])).toEqual([
      ['kubectl -n $NAMESPACE describe pod $POD', ['NAMESPACE', 'POD']],
      ['kubectl -n $NAMESPACE logs $POD -c $CONTAINER', ['NAMESPACE', 'POD', 'CONTAINER']],
    ]);
  });

  it('sre-to-engineering-escalation: a bash fence holding a ticket template is not a command', () => {
    const r = parseCorpus('openshift__runbooks/sre-to-engineering-escalation.md');
    expect(scripts(r).some((s) => s.startsWith('Basic Details'))).toBe(false);
    expect(scripts(r)).toContain('oc get csvs -n openshift-storage');
  });

  it('stubs (front matter only, a redirect) parse to a runbook with a no-steps warning', () => {
    for (const file of ['prometheus-operator__runbooks/NodeRAIDDiskFailure.md', 'openshift__runbooks/KubeAPIDown.md']) {
      const r = parseCorpus(file);
      expect(allSteps(r)).toEqual([]);
      expect(r.diagnostics.map((d) => d.code)).toContain('no-steps');
    }
  });
});
