// What may not go on a public status page, checked against real runbooks (the bundled ones and
// the public corpus) and real-shaped update texts: every template passes, and each kind of
// internal detail is found and named exactly as written.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publicTextFacts, publicTextProblems, describePublicTextProblems, type PublicTextFacts } from '../../../src/core/comms/public-text.ts';
import { isIpv6 } from '../../../src/core/comms/public-text-net.ts';
import { PUBLIC_TEMPLATES } from '../../../src/core/comms/public-update.ts';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';
import type { Runbook } from '../../../src/core/runbook/types.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

function markdown(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? markdown(full) : name.endsWith('.md') && name !== 'FORMAT.md' ? [full] : [];
  });
}

const parse = (file: string): Runbook => parseRunbook(readFileSync(file, 'utf8'), path.relative(repoRoot, file));
const bundled = markdown(path.join(repoRoot, 'runbooks')).map(parse);
const corpus = markdown(path.resolve(repoRoot, '../shared/corpus')).map(parse);

function facts(runbook: Runbook, extra: Partial<PublicTextFacts> = {}): PublicTextFacts {
  const base = publicTextFacts({ runbook, commands: [], commander: 'alice', actors: ['alice', 'bob.smith', 'system'] }, { operator: 'carol', internalDomains: ['corp.example.com'] });
  return { ...base, ...extra };
}

const seed = bundled.find((r) => r.file === 'runbooks/api-high-latency.md');
if (!seed) throw new Error('the seed runbook is missing');
const seedFacts = facts(seed);

describe('texts that are public', () => {
  it("passes the seed's own public update, word for word", () => {
    const seedText = 'We are currently experiencing degraded performance on our API. Users may perceive slow loading times. Our team is investigating the issue.';
    expect(publicTextProblems(seedText, seedFacts)).toEqual([]);
  });

  it.each(Object.entries(PUBLIC_TEMPLATES))('passes the %s template against every bundled and corpus runbook', (_word, text) => {
    for (const runbook of [...bundled, ...corpus]) expect(publicTextProblems(text, facts(runbook)), runbook.file).toEqual([]);
  });

  it.each([
    'Some users of the EU region saw errors between 10:05 and 10:40 UTC (about 35 minutes).',
    'Login via our iOS app and Node.js SDK v1.2.3 is working again; write to support@example.com or see https://status.example.com/incidents/abc.',
    'We will post another update in 30 minutes. Uploads over 2.5 GB may still be slow; 24/7 support is available.',
    'Checkout was degraded for ~5% of requests. Will this happen again? We are making our database fail-over faster.',
    'The problem was with a third-party DNS provider; UTF-8 file names and x86-64 builds were not affected.',
  ])('passes %j', (text) => {
    expect(publicTextProblems(text, seedFacts)).toEqual([]);
  });
});

describe('texts that are not', () => {
  it.each([
    ['We rolled back with kubectl rollout undo deployment/api-service.', [['command', 'kubectl rollout'], ['resource', 'deployment/api-service']]],
    ['The api-service was scaled up.', [['resource', 'api-service']]],
    ['Please run `curl -s https://api.example.com/health` to check.', [['command', '`curl -s https://api.example.com/health`']]],
    ['We did sudo systemctl restart api on two nodes.', [['command', 'sudo systemctl restart']]],
    ['Logs showed it: tail /var/log/nginx/error.log | grep 502 && echo done', [['path', '/var/log/nginx/error.log'], ['command', '| grep 502'], ['command', '&&']]],
    ['Scaled with --replicas=10 using $KUBECONFIG.', [['command', '--replicas=10'], ['command', '$KUBECONFIG']]],
  ])('commands: %j', (text, expected) => {
    expect(publicTextProblems(text, seedFacts).map((p) => [p.kind, p.word])).toEqual(expected);
  });

  it('finds a command of the runbook in use even when its program is an ordinary word', () => {
    const cert = bundled.find((r) => r.file === 'runbooks/certificate-expiry.md');
    if (!cert) throw new Error('certificate-expiry.md is missing');
    const text = 'We checked it with openssl s_client and renewed edge-tls.';
    expect(publicTextProblems(text, facts(cert)).map((p) => [p.kind, p.word])).toEqual([
      ['command', 'openssl s_client'],
      ['resource', 'edge-tls'],
    ]);
  });

  it.each([
    ['The primary db-primary-01.us-east-1.rds.amazonaws.com ran out of connections.', [['host', 'db-primary-01.us-east-1.rds.amazonaws.com']]],
    ['Node ip-10-0-1-23.ec2.internal and pod api-7f9c8d-x2x9z were replaced.', [['host', 'ip-10-0-1-23.ec2.internal'], ['host', 'api-7f9c8d-x2x9z']]],
    ['Traffic to redis.prod.example.com and payments.svc.cluster.local recovered.', [['host', 'redis.prod.example.com'], ['host', 'payments.svc.cluster.local']]],
    ['The box at 10.0.3.17 (and 192.168.1.0/24) was isolated.', [['ip', '10.0.3.17'], ['ip', '192.168.1.0/24']]],
    ['Requests from 2001:db8::8a2e:370:7334 and ::ffff:10.0.0.1 failed.', [['ip', '2001:db8::8a2e:370:7334'], ['ip', '::ffff:10.0.0.1']]],
    ['See http://grafana.internal:3000/d/abc, http://kibana/app/logs, http://localhost:8080 and http://10.1.2.3/metrics.', [
      ['url', 'http://grafana.internal:3000/d/abc'],
      ['url', 'http://kibana/app/logs'],
      ['url', 'http://localhost:8080'],
      ['url', 'http://10.1.2.3/metrics'],
    ]],
    ['Details on https://wiki.corp.example.com/incidents/42 and build01.corp.example.com.', [['url', 'https://wiki.corp.example.com/incidents/42'], ['host', 'build01.corp.example.com']]],
  ])('hosts, addresses and internal URLs: %j', (text, expected) => {
    expect(publicTextProblems(text, seedFacts).map((p) => [p.kind, p.word])).toEqual(expected);
  });

  it.each([
    ['Alice and Bob Smith fixed it; thanks @carol.', [['person', 'Alice'], ['person', 'Bob Smith'], ['person', '@carol']]],
    ['bob.smith is on it <!here>', [['person', 'bob.smith'], ['person', '<!here>']]],
  ])('people: %j', (text, expected) => {
    expect(publicTextProblems(text, seedFacts).map((p) => [p.kind, p.word])).toEqual(expected);
  });

  it('a commander named like an everyday word is found as a name, not in every sentence', () => {
    const withWill = facts(seed, { people: ['will'] });
    expect(publicTextProblems('We will post an update soon. Will this recur? We hope not.', withWill)).toEqual([]);
    expect(publicTextProblems('Thanks to Will for the quick fix, and @will too.', withWill).map((p) => p.word)).toEqual(['Will', '@will']);
  });

  it('reports each finding once, in reading order, and says so in one line', () => {
    const problems = publicTextProblems('kubectl rollout undo again: 10.0.0.1, 10.0.0.1, then kubectl rollout undo.', seedFacts);
    expect(describePublicTextProblems(problems)).toBe('command "kubectl rollout", ip "10.0.0.1"');
  });

  it('takes commands that ran and the operator from the incident', () => {
    const found = publicTextFacts({ runbook: seed, commands: [{ script: 'pg_ctl promote -D /srv/pg' }], commander: 'dave', actors: ['dave'] }, { operator: 'erin' });
    expect(publicTextProblems('Dave and Erin ran pg_ctl promote.', found).map((p) => p.word)).toEqual(['Dave', 'Erin', 'pg_ctl promote']);
  });
});

describe('IPv6 text forms', () => {
  it.each(['::1', 'fe80::1', '2001:db8::1', '2001:0db8:0000:0000:0000:ff00:0042:8329', '::ffff:192.0.2.1', '2001:db8::/32'])('%s is an address', (ip) => {
    expect(isIpv6(ip)).toBe(true);
  });
  it.each(['10:30:00', '::', '1:2:3:4:5:6:7', '2001:db8:::1', 'abcd:efgh::1', '1::2::3'])('%s is not', (text) => {
    expect(isIpv6(text)).toBe(false);
  });
});
