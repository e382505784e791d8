// A stand-in for a Kubernetes API server on 127.0.0.1: just enough discovery and one deployment
// for `kubectl scale deployment/api-service --dry-run=server` to work, recording every request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  body: string;
}

export interface FakeKubeApi {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const deployment = (namespace: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api-service', namespace, resourceVersion: '1', uid: 'u1' },
  spec: { replicas: 3, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'api:1' }] } } },
  status: { replicas: 3 },
});

const discovery: Record<string, unknown> = {
  '/version': { major: '1', minor: '32', gitVersion: 'v1.32.0' },
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
  '/apis': {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [{ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }],
  },
  '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [] },
  '/apis/apps/v1': {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'apps/v1',
    resources: [
      { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'], shortNames: ['deploy'] },
      { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
    ],
  },
};

export async function startFakeKubeApi(): Promise<FakeKubeApi> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = req.url ?? '/';
      requests.push({ method: req.method ?? 'GET', url, body });
      const route = url.split('?')[0]!;
      const match = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments\/api-service(\/scale)?$/.exec(route);
      let answer: unknown = discovery[route];
      if (match) {
        const namespace = match[1]!;
        answer = match[2]
          ? { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'api-service', namespace, resourceVersion: '1' }, spec: { replicas: 3 }, status: { replicas: 3 } }
          : deployment(namespace);
      }
      if (answer === undefined) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A kubeconfig naming one context (`prod-eu`, namespace optional) that points at `server`. */
export function kubeconfig(server: string, namespace: string | null): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- cluster: {server: "${server}"}`,
    '  name: c1',
    'contexts:',
    `- context: {cluster: c1, user: u1${namespace ? `, namespace: ${namespace}` : ''}}`,
    '  name: prod-eu',
    'current-context: prod-eu',
    'users:',
    '- name: u1',
    '  user: {token: not-a-real-token}',
    '',
  ].join('\n');
}
