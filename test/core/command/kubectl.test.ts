import { describe, expect, it } from 'vitest';
import { dryRunPreview, kubectlTarget, usesKubectl } from '../../../src/core/command/kubectl.ts';

describe('usesKubectl', () => {
  it.each([
    ['kubectl get deployments', true],
    ['echo x && kubectl rollout undo deployment/api', true],
    ['NS=prod\nkubectl get pods -n $NS', true],
    ['my-kubectl get pods', false],
    ['echo kubectlx', false],
    ['curl https://status', false],
  ])('%j → %s', (script, expected) => {
    expect(usesKubectl(script)).toBe(expected);
  });
});

describe('dryRunPreview', () => {
  it.each([
    ['kubectl rollout undo deployment/api-service', 'kubectl rollout undo deployment/api-service --dry-run=server'],
    ['kubectl scale deployment/api-service --replicas=10', 'kubectl scale deployment/api-service --replicas=10 --dry-run=server'],
    ['kubectl -n prod delete pod web-1', 'kubectl -n prod delete pod web-1 --dry-run=server'],
    ['kubectl --context prod set image deployment/api api=api:2', 'kubectl --context prod set image deployment/api api=api:2 --dry-run=server'],
    ['kubectl drain node-1 \\\n  --ignore-daemonsets', 'kubectl drain node-1 \\\n  --ignore-daemonsets --dry-run=server'],
  ])('previews %j', (script, preview) => {
    expect(dryRunPreview(script)).toBe(preview);
  });

  it.each([
    'kubectl get deployments',
    'kubectl rollout restart deployment/api',
    'kubectl rollout status deployment/api',
    'kubectl scale deployment/api --replicas=2 && curl -X POST https://hook',
    'kubectl delete pod a | tee log',
    'kubectl delete pod a > out',
    'kubectl delete pod $(pick-pod)',
    'kubectl scale deployment/a --replicas=1\nkubectl scale deployment/b --replicas=1',
    'kubectl apply -f x.yaml --dry-run=client',
    'kubectl exec pod -- rm -rf /tmp/x',
    'helm rollback api 3',
  ])('offers no preview for %j', (script) => {
    expect(dryRunPreview(script)).toBeNull();
  });
});

describe('kubectlTarget', () => {
  it.each([
    ['kubectl rollout undo deployment/api-service', 'api-service'],
    ['kubectl -n prod delete pod web-1', 'web-1'],
    ['kubectl scale --replicas=10 deployment api-service', 'api-service'],
    ['kubectl apply -f x.yaml', null],
    ['echo hi', null],
  ])('%j → %s', (script, target) => {
    expect(kubectlTarget(script)).toBe(target);
  });
});
