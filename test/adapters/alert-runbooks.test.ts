// runbook_url → the right file of the shared corpus (real public runbooks): GitHub blob and raw
// URLs of openshift/runbooks, Hugo pages of runbooks.prometheus-operator.dev, also inside a
// clone laid out as the repository is (content/runbooks/<group>/<AlertName>.md); a file named
// after the alert otherwise; an unmapped URL is refused naming runbooks.urlMap.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runbookForAlert, runbookLookup, type RunbookLookup } from '../../src/adapters/alert-runbooks.ts';
import { loadRunbook } from '../../src/adapters/runbook-files.ts';

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');
const openshift = path.join(corpus, 'openshift__runbooks');
const prom = path.join(corpus, 'prometheus-operator__runbooks');
const kubesphere = path.join(corpus, 'kubesphere__alert-runbooks');

let tmp: string;
let lookup: RunbookLookup;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-alert-runbooks-'));
  lookup = await runbookLookup(
    {
      folders: [kubesphere],
      urlMap: { 'https://github.com/openshift/runbooks': openshift, 'https://runbooks.prometheus-operator.dev/runbooks/': prom },
      fetchPrefixes: [],
      fetchMaxBytes: 1_000_000,
    },
    tmp,
    { HOME: tmp },
  );
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('the shared corpus', () => {
  it.each([
    ['KubeAPIDown', 'https://github.com/openshift/runbooks/blob/master/alerts/cluster-kube-apiserver-operator/KubeAPIDown.md', path.join(openshift, 'KubeAPIDown.md')],
    ['VirtAPIDown', 'https://raw.githubusercontent.com/openshift/runbooks/master/alerts/openshift-virtualization-operator/VirtAPIDown.md', path.join(openshift, 'VirtAPIDown.md')],
    ['etcdDatabaseQuotaLowSpace', 'https://github.com/openshift/runbooks/blob/master/alerts/cluster-etcd-operator/etcdDatabaseQuotaLowSpace.md', path.join(openshift, 'etcdDatabaseQuotaLowSpace.md')],
    ['KubePersistentVolumeFillingUp', 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepersistentvolumefillingup/', path.join(prom, 'KubePersistentVolumeFillingUp.md')],
    ['AlertmanagerFailedToSendAlerts', 'https://runbooks.prometheus-operator.dev/runbooks/alertmanager/alertmanagerfailedtosendalerts', path.join(prom, 'AlertmanagerFailedToSendAlerts.md')],
  ])('%s: %s opens the right file', async (name, url, file) => {
    const choice = runbookForAlert(name, url, lookup);
    expect(choice).toEqual({ kind: 'file', file, via: 'runbook_url', notes: [] });
    // The file opens as a runbook whose title names the alert.
    const { runbook } = await loadRunbook(choice.kind === 'file' ? choice.file : '');
    expect(runbook.title.toLowerCase()).toContain(name.toLowerCase());
  });

  it('falls back to the file named after the alert when the mapped folder lacks it', () => {
    const choice = runbookForAlert('KubePodCrashLooping', 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping/', lookup);
    expect(choice).toMatchObject({ kind: 'file', file: path.join(kubesphere, 'KubePodCrashLooping.md'), via: 'alertname' });
    expect(choice.notes).toEqual([expect.stringContaining('but no file there matches kubernetes/kubepodcrashlooping')]);
  });

  it('refuses an unmapped URL naming runbooks.urlMap, and leaves the pick to the operator', () => {
    const choice = runbookForAlert('CephPoolQuotaBytesNearExhaustion', 'https://github.com/ceph/ceph-runbooks/blob/main/CephPoolQuotaBytesNearExhaustion.md', lookup);
    expect(choice).toEqual({
      kind: 'none',
      notes: [
        "runbook_url https://github.com/ceph/ceph-runbooks/blob/main/CephPoolQuotaBytesNearExhaustion.md is under no runbooks.urlMap prefix; map it to a folder: warroom config set runbooks.urlMap 'https://github.com/ceph/ceph-runbooks=<folder>'",
        'no runbook file named CephPoolQuotaBytesNearExhaustion.md in runbooks.folders',
      ],
    });
  });
});

describe('a clone laid out like the repository', () => {
  it('resolves a Hugo path to content/runbooks/<group>/<AlertName>.md under a ~/ folder', async () => {
    const clone = path.join(tmp, 'src/prometheus-operator-runbooks');
    for (const [group, file] of [['kubernetes', 'KubePersistentVolumeFillingUp.md'], ['alertmanager', 'AlertmanagerFailedToSendAlerts.md'], ['general', 'TargetDown.md']] as const) {
      await fs.mkdir(path.join(clone, 'content/runbooks', group), { recursive: true });
      await fs.copyFile(path.join(prom, file), path.join(clone, 'content/runbooks', group, file));
      await fs.writeFile(path.join(clone, 'content/runbooks', group, '_index.md'), `# ${group}\n`);
    }
    const cloned = await runbookLookup(
      { folders: [], urlMap: { 'https://runbooks.prometheus-operator.dev': '~/src/prometheus-operator-runbooks' }, fetchPrefixes: [], fetchMaxBytes: 1 },
      '/',
      { HOME: tmp },
    );
    expect(cloned.urlMap).toEqual({ 'https://runbooks.prometheus-operator.dev': clone });
    expect(runbookForAlert('KubePersistentVolumeFillingUp', 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepersistentvolumefillingup/', cloned)).toMatchObject({
      kind: 'file',
      file: path.join(clone, 'content/runbooks/kubernetes/KubePersistentVolumeFillingUp.md'),
    });
    expect(runbookForAlert('TargetDown', 'https://runbooks.prometheus-operator.dev/runbooks/general/targetdown/', cloned)).toMatchObject({
      file: path.join(clone, 'content/runbooks/general/TargetDown.md'),
    });
  });
});
