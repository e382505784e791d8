// Which cluster and namespace a kubectl command would hit, asked of kubectl itself (so
// KUBECONFIG, several kubeconfig files and exec plugins all count exactly as they will for the
// command). Shown in the confirmation dialog; a problem is one plain sentence.
import { execa } from 'execa';

export interface KubeContext {
  context: string | null;
  namespace: string | null;
  /** Why there is no context, in words for the dialog; null when all is well. */
  problem: string | null;
}

export const KUBECTL_TIMEOUT_MS = 3000;

async function kubectl(args: string[], env: NodeJS.ProcessEnv) {
  return execa('kubectl', args, {
    env,
    // Exactly the environment the command will get, not this process's plus it.
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    timeout: KUBECTL_TIMEOUT_MS,
  });
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}

export async function kubeContext(env: NodeJS.ProcessEnv = process.env): Promise<KubeContext> {
  const current = await kubectl(['config', 'current-context'], env);
  if (current.code === 'ENOENT') return { context: null, namespace: null, problem: 'kubectl not found on PATH' };
  if (current.timedOut) {
    return { context: null, namespace: null, problem: `kubectl config current-context took over ${KUBECTL_TIMEOUT_MS / 1000} s` };
  }
  const context = String(current.stdout).trim();
  if (current.exitCode !== 0 || context === '') {
    const said = firstLine(String(current.stderr));
    const problem = /current-context is not set|no context/i.test(said) || said === ''
      ? 'kubectl has no current context'
      : `kubectl config current-context failed: ${said}`;
    return { context: null, namespace: null, problem };
  }
  const view = await kubectl(['config', 'view', '--minify', '-o', 'jsonpath={..namespace}'], env);
  if (view.exitCode !== 0) {
    return { context, namespace: null, problem: `kubectl config view failed: ${firstLine(String(view.stderr))}` };
  }
  // A context without a namespace means kubectl's own default.
  const namespace = String(view.stdout).trim().split(/\s+/)[0] || 'default';
  return { context, namespace, problem: null };
}
