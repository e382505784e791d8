// The alert fills the incident: title, severity through the map, service, detection time, and
// placeholders by label name in every spelling runbooks use, including prose placeholders with
// spaces (`<value of namespace label from alert>`) the parser is learning to find.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAlert, type Alert } from '../../../src/core/alerts/model.ts';
import { labelForSlot } from '../../../src/core/alerts/label-match.ts';
import { DEFAULT_SEVERITY_MAP, alertParameters, fromAlertText, incidentFromAlert, runbookSlots } from '../../../src/core/alerts/incident-fill.ts';
import { fillParameters } from '../../../src/core/command/substitute.ts';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';

const corpus = path.resolve(import.meta.dirname, '../../../../shared/corpus');

function alert(labels: Record<string, string>, annotations: Record<string, string> = {}): Alert {
  return parseAlert({ fingerprint: 'f00d', startsAt: '2026-12-02T10:14:00.000Z', labels: { alertname: 'KubePersistentVolumeFillingUp', ...labels }, annotations });
}

const labels = { namespace: 'shop', persistentvolumeclaim: 'data-db-0', pod: 'db-0', node: 'worker-3', job: 'kubelet', severity: 'critical' };

describe('labelForSlot', () => {
  it.each([
    ['$NAMESPACE', 'NAMESPACE', 'namespace'],
    ['${NAMESPACE}', 'NAMESPACE', 'namespace'],
    ['<namespace>', 'namespace', 'namespace'],
    ['[NAMESPACE]', 'NAMESPACE', 'namespace'],
    ['{{ namespace }}', 'namespace', 'namespace'],
    ['<my-namespace>', 'my-namespace', 'namespace'],
    ['<my-pvc>', 'my-pvc', 'persistentvolumeclaim'],
    ['<pod-name>', 'pod-name', 'pod'],
    ['<POD_NAME>', 'POD_NAME', 'pod'],
    ['$NODE_NAME', 'NODE_NAME', 'node'],
    ['<PersistentVolumeClaim>', 'PersistentVolumeClaim', 'persistentvolumeclaim'],
    // Prose placeholders: the name may come normalised or as written; both are matched.
    ['<value of namespace label from alert>', 'value of namespace label from alert', 'namespace'],
    ['<value of namespace label from alert>', 'value-of-namespace-label-from-alert', 'namespace'],
    ['<persistentvolumeclaim label from alert>', 'persistentvolumeclaim label from alert', 'persistentvolumeclaim'],
    ['<persistent volume claim label from alert>', 'persistent volume claim label from alert', 'persistentvolumeclaim'],
    ["'<the alert's pod label>'", "the alert's pod label", 'pod'],
  ])('%s fills from the %s label', (raw, name, label) => {
    expect(labelForSlot({ name, raw }, labels)).toBe(label);
  });

  it.each([
    ['$KUBE_NAMESPACE', 'KUBE_NAMESPACE'],
    ['<deployment-name>', 'deployment-name'],
    ['<value of container label from alert>', 'value of container label from alert'],
    ['<namespaces>', 'namespaces'],
    ['<label>', 'label'],
    ['$CONTROLLERPOD', 'CONTROLLERPOD'],
  ])('%s is not guessed', (raw, name) => {
    expect(labelForSlot({ name, raw }, labels)).toBeNull();
  });

  it('matches label names case- and separator-insensitively', () => {
    expect(labelForSlot({ name: 'JOB_NAME', raw: '$JOB_NAME' }, { job_name: 'x' })).toBe('job_name');
    expect(labelForSlot({ name: 'exportedNamespace', raw: '<exportedNamespace>' }, { exported_namespace: 'x' })).toBe('exported_namespace');
  });
});

describe('incidentFromAlert', () => {
  it('fills title, severity, service and detection from the alert', () => {
    const a = alert(labels, { summary: 'PersistentVolume is filling up.\n  Only 2% left.' });
    const fields = incidentFromAlert(a, { severityMap: DEFAULT_SEVERITY_MAP, slots: [] });
    expect(fields).toEqual({
      title: 'KubePersistentVolumeFillingUp: PersistentVolume is filling up. Only 2% left.',
      severity: { value: 'SEV-1', label: 'severity' },
      service: { value: 'kubelet', label: 'job' },
      detectedAt: '2026-12-02T10:14:00.000Z',
      parameters: [],
    });
    expect(fromAlertText(fields.service ?? { value: '', label: '' })).toBe('from the alert (label job)');
  });

  it('takes service, else job, else namespace; maps severity case-insensitively; no summary keeps the name', () => {
    expect(incidentFromAlert(alert({ service: 'checkout', job: 'x', namespace: 'n' }), { severityMap: {}, slots: [] }).service).toEqual({ value: 'checkout', label: 'service' });
    expect(incidentFromAlert(alert({ namespace: 'n' }), { severityMap: {}, slots: [] }).service).toEqual({ value: 'n', label: 'namespace' });
    expect(incidentFromAlert(alert({}), { severityMap: {}, slots: [] }).service).toBeNull();
    const warning = alert({ severity: 'Warning' });
    expect(incidentFromAlert(warning, { severityMap: DEFAULT_SEVERITY_MAP, slots: [] }).severity).toEqual({ value: 'SEV-3', label: 'severity' });
    expect(incidentFromAlert(warning, { severityMap: { page: 'SEV-1' }, slots: [] }).severity).toBeNull();
    expect(incidentFromAlert(warning, { severityMap: {}, slots: [] }).title).toBe('KubePersistentVolumeFillingUp');
  });

  it("fills the real KubePersistentVolumeFillingUp runbook's <my-namespace> and <my-pvc>", () => {
    const file = path.join(corpus, 'prometheus-operator__runbooks/KubePersistentVolumeFillingUp.md');
    const runbook = parseRunbook(readFileSync(file, 'utf8'), file);
    const slots = runbookSlots(runbook);
    const parameters = alertParameters(slots, alert(labels));
    expect(parameters.map((p) => [p.raw, p.value, p.label])).toEqual([
      ['<my-namespace>', 'shop', 'namespace'],
      ['<my-pvc>', 'data-db-0', 'persistentvolumeclaim'],
    ]);
    const values = Object.fromEntries(parameters.map((p) => [p.name, p.value]));
    const command = runbook.sections.flatMap((s) => s.steps).flatMap((s) => s.commands).find((c) => c.script.includes('edit pvc'));
    expect(command).toBeDefined();
    const filled = fillParameters(command?.script ?? '', command?.parameters ?? [], values);
    expect(filled).toEqual({ script: 'kubectl -n shop edit pvc data-db-0', missing: [] });
  });

  it('fills $NAMESPACE of the openshift VirtAPIDown runbook, once per name', () => {
    const file = path.join(corpus, 'openshift__runbooks/VirtAPIDown.md');
    const runbook = parseRunbook(readFileSync(file, 'utf8'), file);
    const parameters = alertParameters(runbookSlots(runbook), alert({ namespace: 'openshift-cnv' }));
    expect(parameters).toEqual([{ name: 'NAMESPACE', raw: '$NAMESPACE', value: 'openshift-cnv', label: 'namespace' }]);
  });

  it('never fills from an empty label', () => {
    expect(alertParameters([{ name: 'namespace', raw: '<namespace>' }], alert({ namespace: '' }))).toEqual([]);
  });
});
