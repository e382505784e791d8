// Risk tables for Kubernetes and container tools: kubectl/oc, helm, docker/podman/crictl and
// the cluster add-on CLIs. `kubectl exec`, `debug` and `rsh` run another command: that command
// decides (seen through), so `kubectl exec pod -- rm -rf /data` is destructive.
import type { ShellWord } from './shell-syntax.ts';
import {
  type Classifier, type RiskContext, type Verdict, afterDoubleDash, change, destructive, hasFlag, lastTarget, lower, positionals, read, via, worse,
} from './risk-words.ts';

/** kubectl/oc flags that take the next word as their value. */
export const KUBE_VALUE_FLAGS = new Set([
  '-n', '--namespace', '--context', '--cluster', '--user', '--kubeconfig', '-s', '--server', '--token', '--as', '--as-group',
  '--request-timeout', '-l', '--selector', '-o', '--output', '-f', '--filename', '-c', '--container', '--field-selector',
  '--sort-by', '-p', '--patch', '--type', '--image', '--template', '--since', '--tail', '--timeout', '--grace-period',
  '--replicas', '--cascade', '-L', '--label-columns', '--for', '--to', '--overrides', '--subresource', '-k', '--kustomize',
  '--shell', '--pod-running-timeout', '--target', '--profile', '--certificate-authority', '--client-key', '--client-certificate',
]);

const KUBE_READ = new Set([
  'get', 'describe', 'logs', 'log', 'top', 'explain', 'api-resources', 'api-versions', 'cluster-info', 'version', 'diff',
  'wait', 'events', 'whoami', 'status', 'projects', 'observe', 'completion', 'kustomize', 'plugin', 'options', 'help',
  'process', 'get-contexts', 'current-context', 'view', 'get-clusters', 'get-users',
]);
const KUBE_CHANGE = new Set([
  'apply', 'create', 'patch', 'replace', 'scale', 'autoscale', 'annotate', 'label', 'set', 'edit', 'cordon', 'uncordon',
  'taint', 'expose', 'run', 'cp', 'port-forward', 'proxy', 'attach', 'certificate', 'new-app', 'new-project', 'start-build',
  'cancel-build', 'import-image', 'tag', 'idle', 'extract', 'login', 'logout', 'project', 'convert', 'auth', 'policy',
  'must-gather', 'inspect', 'upgrade', 'groups', 'ocp-certificates', 'registry', 'image', 'secrets', 'serviceaccounts', 'config',
]);
const KUBE_DESTRUCTIVE = new Set(['delete', 'drain', 'prune', 'node-drain']);
const CONFIG_READ = new Set(['view', 'get-contexts', 'current-context', 'get-clusters', 'get-users']);
const ROLLOUT_READ = new Set(['status', 'history']);

/** kubectl, oc, k (the usual alias). */
export const kubectl: Classifier = (args, program, ctx) => {
  const words = positionals(args, KUBE_VALUE_FLAGS);
  const verbs = lower(words);
  let [verb = '', sub = ''] = verbs;
  let prefix = program;
  // `oc adm drain`, `kubectl alpha debug`: the group word is not the verb.
  if ((verb === 'adm' || verb === 'alpha' || verb === 'beta') && sub) {
    prefix = `${program} ${verb}`;
    [verb = '', sub = ''] = verbs.slice(1);
  }
  const reason = `${prefix} ${verb}`.trim();
  if (!verb) return read(program);
  if (verb === 'exec' || verb === 'rsh' || verb === 'debug' || verb === 'run') return kubeRunner(args, words, verb, reason, ctx);
  if (KUBE_DESTRUCTIVE.has(verb)) return destructive(reason, lastTarget(words.slice(verbs.indexOf(verb) + 1)));
  if (verb === 'replace' && hasFlag(args, '--force')) return destructive(`${reason} --force`, lastTarget(words.slice(1)));
  if (verb === 'apply' && hasFlag(args, '--prune')) return destructive(`${reason} --prune`);
  if (verb === 'rollout') return ROLLOUT_READ.has(sub) ? read(`${reason} ${sub}`) : change(`${reason} ${sub}`.trim());
  if (verb === 'config') return CONFIG_READ.has(sub) ? read(`${reason} ${sub}`) : change(`${reason} ${sub}`.trim());
  if (verb === 'auth') return sub === 'can-i' || sub === 'whoami' ? read(`${reason} ${sub}`) : change(`${reason} ${sub}`.trim());
  if (verb === 'upgrade' && prefix.endsWith('adm')) return hasFlag(args, '--to', '--to-image', '--to-latest', '--clear') ? change(reason) : read(reason);
  if (verb === 'top' || verb === 'node-logs' || (verb === 'policy' && sub === 'who-can') || (verb === 'release' && sub === 'info')) return read(`${reason}${verb === 'policy' || verb === 'release' ? ` ${sub}` : ''}`);
  if (verb === 'project') return words.length > 1 ? change(reason) : read(reason);
  if (KUBE_READ.has(verb)) return read(reason);
  if (KUBE_CHANGE.has(verb)) return change(reason);
  return change(`${reason} (unrecognised)`);
};

/** exec/rsh/debug/run: the command they run decides, and starting a shell is a change. */
function kubeRunner(args: ShellWord[], words: ShellWord[], verb: string, reason: string, ctx: RiskContext): Verdict {
  const dash = afterDoubleDash(args);
  let inner: ShellWord[] = dash >= 0 ? args.slice(dash) : [];
  // `oc rsh POD cmd...` and the old `kubectl exec POD cmd` take the command without `--`.
  if (dash < 0 && (verb === 'rsh' || verb === 'exec')) {
    const pod = words[words.findIndex((w) => w.value.toLowerCase() === verb) + 1];
    inner = pod ? args.slice(args.indexOf(pod) + 1) : [];
  }
  if (inner.length === 0) return verb === 'debug' || verb === 'run' ? change(reason) : change(`${reason} (opens a shell)`);
  const ran = via(ctx.argv(inner), reason);
  // debug and run start a pod to run it in: at least a change, still named by what runs.
  return verb === 'debug' || verb === 'run' ? (worse(ran, change(ran.reason)) ?? ran) : ran;
}

const HELM_READ = new Set(['list', 'ls', 'status', 'history', 'get', 'show', 'inspect', 'search', 'template', 'lint', 'version', 'env', 'verify', 'diff', 'help', 'completion']);
const HELM_DESTRUCTIVE = new Set(['uninstall', 'delete', 'del', 'un']);
const HELM_VALUE_FLAGS = new Set(['-n', '--namespace', '--kube-context', '--kubeconfig', '-f', '--values', '--set', '--version', '-o', '--output', '--timeout', '--revision']);

export const helm: Classifier = (args) => {
  const words = positionals(args, HELM_VALUE_FLAGS);
  const [verb = '', sub = ''] = lower(words);
  if (!verb) return read('helm');
  if (HELM_DESTRUCTIVE.has(verb)) return destructive(`helm ${verb}`, lastTarget(words.slice(1)));
  if (verb === 'repo' || verb === 'dependency' || verb === 'dep' || verb === 'plugin') return sub === 'list' || sub === 'ls' ? read(`helm ${verb} ${sub}`) : change(`helm ${verb} ${sub}`.trim());
  if (HELM_READ.has(verb)) return read(`helm ${verb}`);
  return change(`helm ${verb}`);
};

const CONTAINER_READ = new Set([
  'ps', 'images', 'logs', 'inspect', 'inspectp', 'inspecti', 'stats', 'top', 'version', 'info', 'events', 'history', 'port', 'diff',
  'search', 'pods', 'ls', 'df', 'imagefsinfo', 'healthcheck',
]);
const CONTAINER_DESTRUCTIVE = new Set(['rm', 'rmi', 'rmp', 'prune']);
const CONTAINER_GROUPS = new Set(['container', 'image', 'volume', 'network', 'system', 'pod', 'compose', 'builder', 'context', 'secret', 'config', 'node', 'service', 'stack']);
const CONTAINER_VALUE_FLAGS = new Set(['-H', '--host', '--context', '-c', '--config', '--log-level', '-r', '--runtime-endpoint', '-i', '--image-endpoint', '-f', '--file', '-p', '--project-name']);

/** docker, podman, nerdctl, crictl: `exec CONTAINER cmd` is seen through. */
export const containers: Classifier = (args, program, ctx) => {
  const words = positionals(args, CONTAINER_VALUE_FLAGS);
  const verbs = lower(words);
  let at = 0;
  while (CONTAINER_GROUPS.has(verbs[at] ?? '') && at < 2) at++;
  const verb = verbs[at] ?? '';
  const reason = [program, ...verbs.slice(0, at + 1)].join(' ');
  if (!verb) return read(reason);
  if (verb === 'exec') {
    const execWords = args.slice(args.findIndex((w) => w.value === 'exec') + 1);
    const rest = positionals(execWords, new Set(['-u', '--user', '-w', '--workdir', '-e', '--env']));
    const containerAt = execWords.indexOf(rest[0] as ShellWord);
    const inner = containerAt >= 0 ? execWords.slice(containerAt + 1) : [];
    return inner.length > 0 ? via(ctx.argv(inner), reason) : change(`${reason} (opens a shell)`);
  }
  if (verb === 'down') return hasFlag(args, '-v', '--volumes', '--rmi') ? destructive(`${reason} --volumes`) : change(reason);
  if (CONTAINER_DESTRUCTIVE.has(verb)) return destructive(reason, lastTarget(words.slice(at + 1)));
  if (CONTAINER_READ.has(verb) || verb === 'list') return read(reason);
  return change(reason);
};

const ADDON_TABLES: Record<string, { read: string[]; destructive: string[] }> = {
  istioctl: { read: ['analyze', 'proxy-status', 'ps', 'proxy-config', 'pc', 'version', 'verify-install', 'describe'], destructive: ['uninstall'] },
  argocd: { read: ['get', 'list', 'diff', 'history', 'manifests', 'logs', 'resources', 'version', 'context', 'account'], destructive: ['delete', 'terminate-op'] },
  flux: { read: ['get', 'logs', 'stats', 'check', 'version', 'events', 'tree', 'trace', 'diff', 'export'], destructive: ['delete', 'uninstall'] },
  virtctl: { read: ['version', 'guestfs', 'fslist', 'guestosinfo', 'userlist'], destructive: [] },
  linkerd: { read: ['check', 'stat', 'viz', 'diagnostics', 'version', 'routes', 'tap', 'top', 'edges'], destructive: ['uninstall'] },
  stern: { read: [''], destructive: [] },
  kustomize: { read: ['build', 'cfg', 'version'], destructive: [] },
  eksctl: { read: ['get', 'info', 'version'], destructive: ['delete', 'drain'] },
  velero: { read: ['get', 'describe', 'logs', 'version'], destructive: ['delete'] },
};

/** Add-on CLIs with a small verb table; the first positional that matches decides. */
export const addon: Classifier = (args, program) => {
  const table = ADDON_TABLES[program];
  const words = positionals(args, KUBE_VALUE_FLAGS);
  const verbs = lower(words);
  if (!table) return change(`unrecognised command ${program}`);
  if (program === 'stern') return read('stern');
  for (const [i, verb] of verbs.slice(0, 3).entries()) {
    if (table.destructive.includes(verb)) return destructive(`${program} ${verbs.slice(0, i + 1).join(' ')}`, lastTarget(words.slice(i + 1)));
  }
  const first = verbs[0] ?? '';
  if (!first || table.read.includes(first)) return read(`${program} ${first}`.trim());
  // `argocd app get`: a group word, then the verb.
  if (table.read.includes(verbs[1] ?? '')) return read(`${program} ${first} ${verbs[1]}`);
  return change(`${program} ${verbs.slice(0, 2).join(' ')}`.trim());
};
