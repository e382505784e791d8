// kubectl context detection and --dry-run=server previews. Two kubectls: a recording fake on a
// temporary PATH (always), and the real binary when one is installed, against a local stand-in
// API server. Without a real kubectl the "real" test runs against the fake and says so in its
// output (no skipped tests).
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeContext } from '../../src/adapters/kube-context.ts';
import { createCommandRunner } from '../../src/adapters/runner.ts';
import { dryRunPreview } from '../../src/core/command/kubectl.ts';
import { OutputTail } from '../../src/core/command/output-tail.ts';
import { kubeconfig, startFakeKubeApi, type FakeKubeApi } from './helpers/fake-kube-api.ts';

let dir: string;
let fakeBin: string;
let argsLog: string;

// Answers like kubectl for the calls warroom makes, and writes each argv to $FAKE_KUBECTL_LOG.
const FAKE_KUBECTL = `#!/bin/sh
printf '%s\\n' "$*" >> "$FAKE_KUBECTL_LOG"
case "$*" in
  "config current-context")
    if [ -n "$FAKE_CONTEXT" ]; then echo "$FAKE_CONTEXT"; else echo "error: current-context is not set" >&2; exit 1; fi ;;
  "config view --minify -o jsonpath={..namespace}") printf '%s' "$FAKE_NAMESPACE" ;;
  *--dry-run=server*) echo "deployment.apps/api-service scaled (server dry run)" ;;
  *) echo "fake kubectl: unexpected $*" >&2; exit 2 ;;
esac
`;

function realKubectl(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'warroom-kube-'));
  fakeBin = path.join(dir, 'bin');
  await mkdir(fakeBin);
  await writeFile(path.join(fakeBin, 'kubectl'), FAKE_KUBECTL);
  await chmod(path.join(fakeBin, 'kubectl'), 0o755);
  argsLog = path.join(dir, 'kubectl-args.log');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fakeEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: `${fakeBin}:/usr/bin:/bin`, FAKE_KUBECTL_LOG: argsLog, ...extra };
}

describe('kubeContext with a recording fake kubectl', () => {
  it('reads the context and namespace with the two documented calls', async () => {
    await rm(argsLog, { force: true });
    expect(await kubeContext(fakeEnv({ FAKE_CONTEXT: 'prod-eu', FAKE_NAMESPACE: 'payments' }))).toEqual({
      context: 'prod-eu',
      namespace: 'payments',
      problem: null,
    });
    expect((await readFile(argsLog, 'utf8')).trim().split('\n')).toEqual([
      'config current-context',
      'config view --minify -o jsonpath={..namespace}',
    ]);
  });

  it('uses "default" for a context without a namespace', async () => {
    expect(await kubeContext(fakeEnv({ FAKE_CONTEXT: 'staging', FAKE_NAMESPACE: '' }))).toEqual({
      context: 'staging',
      namespace: 'default',
      problem: null,
    });
  });

  it('says plainly when there is no current context', async () => {
    expect(await kubeContext(fakeEnv({ FAKE_CONTEXT: '' }))).toEqual({
      context: null,
      namespace: null,
      problem: 'kubectl has no current context',
    });
  });

  it('says plainly when kubectl is not installed', async () => {
    const empty = path.join(dir, 'empty-bin');
    await mkdir(empty, { recursive: true });
    expect(await kubeContext({ PATH: empty })).toEqual({ context: null, namespace: null, problem: 'kubectl not found on PATH' });
  });
});

describe('kubectl for real (or the fake when none is installed)', () => {
  let api: FakeKubeApi;
  beforeAll(async () => {
    api = await startFakeKubeApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('detects context/namespace and runs a --dry-run=server preview against a local API server', async () => {
    const real = realKubectl();
    const home = path.join(dir, 'home');
    await mkdir(home, { recursive: true });
    const config = path.join(dir, 'kubeconfig');
    await writeFile(config, kubeconfig(api.url, 'payments'));
    // HOME keeps kubectl's discovery cache out of the real home folder.
    const env = real
      ? { PATH: `${path.dirname(real)}:/usr/bin:/bin`, KUBECONFIG: config, HOME: home }
      : fakeEnv({ FAKE_CONTEXT: 'prod-eu', FAKE_NAMESPACE: 'payments', KUBECONFIG: config, HOME: home });
    console.info(real ? `kubectl test: using the real kubectl at ${real}` : 'kubectl test: no kubectl on PATH, using the recording fake');

    expect(await kubeContext(env)).toEqual({ context: 'prod-eu', namespace: 'payments', problem: null });

    const preview = dryRunPreview('kubectl scale deployment/api-service --replicas=10');
    expect(preview).toBe('kubectl scale deployment/api-service --replicas=10 --dry-run=server');
    const tail = new OutputTail();
    const outcome = await createCommandRunner().run({
      script: preview!,
      cwd: dir,
      env: env as Record<string, string>,
      logFile: path.join(dir, 'preview.log'),
      timeoutMs: 20_000,
      tail,
    });
    expect(tail.lines().join('\n')).toContain('deployment.apps/api-service scaled (server dry run)');
    expect(outcome.exitCode).toBe(0);
    if (real) {
      // The API server was asked for a dry run and nothing else changed.
      const writes = api.requests.filter((r) => r.method !== 'GET');
      expect(writes).toEqual([
        { method: 'PATCH', url: '/apis/apps/v1/namespaces/payments/deployments/api-service/scale?dryRun=All', body: '{"spec":{"replicas":10}}' },
      ]);
    } else {
      expect(await readFile(argsLog, 'utf8')).toContain('scale deployment/api-service --replicas=10 --dry-run=server');
    }
  });
});
