// The parser's parts on their own: placeholders, risk, prompts and output, inline code,
// escalation lines, annotations, and the diagnostics they lead to.
import { describe, expect, it } from 'vitest';
import { parseAnnotations } from '../../../src/core/runbook/annotations.ts';
import { classifyInlineCode, interpretCode } from '../../../src/core/runbook/commands.ts';
import { escalationFromFrontMatter, parseEscalationLine } from '../../../src/core/runbook/escalation.ts';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';
import { findPlaceholders } from '../../../src/core/runbook/placeholders.ts';
import { allCommands } from '../../../src/core/runbook/query.ts';
import { classifyRisk, destructiveTarget } from '../../../src/core/runbook/risk.ts';

describe('findPlaceholders', () => {
  it('finds every syntax, in order, each spelling once', () => {
    expect(findPlaceholders('kubectl -n [NAMESPACE] logs <pod-name> --since ${SINCE} | grep {{pattern}} $FILTER <pod-name>')).toEqual([
      { name: 'NAMESPACE', raw: '[NAMESPACE]', syntax: 'bracket' },
      { name: 'pod-name', raw: '<pod-name>', syntax: 'angle' },
      { name: 'SINCE', raw: '${SINCE}', syntax: 'dollar-brace' },
      { name: 'pattern', raw: '{{pattern}}', syntax: 'mustache' },
      { name: 'FILTER', raw: '$FILTER', syntax: 'dollar' },
    ]);
  });

  it('ignores variables the block sets, ambient ones, single-quoted ones, defaults, heredocs and shell brackets', () => {
    expect(findPlaceholders('export NS=prod\nkubectl -n $NS get pods')).toEqual([]);
    expect(findPlaceholders('for POD in a b; do echo $POD; done')).toEqual([]);
    expect(findPlaceholders('ls $HOME $PATH')).toEqual([]);
    expect(findPlaceholders("awk '{ print $NAME }'")).toEqual([]);
    expect(findPlaceholders('echo ${TIMEOUT:-30}')).toEqual([]);
    expect(findPlaceholders('cat <<EOF\nx\nEOF')).toEqual([]);
    expect(findPlaceholders("jq '.items[] | .a' && [ -f x ] && [[ -n y ]]")).toEqual([]);
  });
});

describe('classifyRisk', () => {
  it.each([
    ['kubectl get deployments', 'read', 'kubectl get'],
    ['kubectl -n api logs deploy/api --since=5m', 'read', 'kubectl logs'],
    ['kubectl describe pod x', 'read', 'kubectl describe'],
    ['kubectl scale deployment/api-service --replicas=10', 'change', 'kubectl scale'],
    ['kubectl rollout undo deployment/api-service', 'change', 'kubectl rollout undo'],
    ['kubectl rollout status deployment/api', 'read', 'kubectl rollout status'],
    ['sudo systemctl restart nginx', 'change', 'systemctl restart'],
    ['kubectl patch pvc/x -p \'{"spec": {}}\'', 'change', 'kubectl patch'],
    ['kubectl -n monitoring delete --cascade=orphan sts/thanos', 'destructive', 'kubectl delete'],
    ['kubectl drain node-1 --ignore-daemonsets', 'destructive', 'kubectl drain'],
    ['rm -rf /var/lib/cache', 'destructive', 'rm'],
    ['psql -c "DROP TABLE users;"', 'destructive', 'psql DROP TABLE'],
    ['psql -c "SELECT count(*) FROM pg_stat_activity"', 'read', 'psql SELECT'],
    ['aws ec2 terminate-instances --instance-ids i-1', 'destructive', 'aws ec2 terminate-instances'],
    ['curl -s https://api/health', 'read', 'curl'],
    ['curl -X DELETE https://api/items/1', 'destructive', 'curl -X DELETE'],
    ['kubectl get pods -o yaml > pods.yaml', 'change', 'writes a file (> pods.yaml)'],
    ['kubectl get pods 2>&1 | grep -v x > /dev/null', 'read', 'kubectl get'],
    ['frobnicate --all', 'change', 'unrecognised command frobnicate'],
    ['kubectl get pods | xargs kubectl delete pod', 'destructive', 'kubectl delete via xargs'],
    ['echo "$(kubectl delete ns x)"', 'destructive', 'kubectl delete'],
  ])('%s → %s', (script, risk, reason) => {
    expect(classifyRisk(script)).toEqual({ risk, reason });
  });

  it('names the target of a destructive command', () => {
    expect(destructiveTarget('kubectl delete deployment/api-service')).toBe('api-service');
    expect(destructiveTarget('kubectl delete pod web-1 -n prod')).toBe('web-1');
    expect(destructiveTarget('psql -c "DROP TABLE IF EXISTS orders"')).toBe('orders');
    expect(destructiveTarget('kubectl get pods')).toBeNull();
  });
});

describe('interpretCode', () => {
  it('strips prompts and separates console output, keeping continuations and heredocs', () => {
    const block = ['$ kubectl get pods \\', '>   -n api', 'NAME   READY', 'api-1  1/1', '', 'user@host:~/src$ cat <<EOF > x', 'a', 'EOF', '❯ uptime', ' 10:00 up 3 days'].join('\n');
    expect(interpretCode(block, 'console')).toEqual({
      kind: 'commands',
      commands: [
        { script: 'kubectl get pods \\\n  -n api', sampleOutput: ['NAME   READY', 'api-1  1/1'], line: 0, endLine: 4, prompt: '$' },
        { script: 'cat <<EOF > x\na\nEOF', sampleOutput: [], line: 5, endLine: 7, prompt: 'user@host:~/src$' },
        { script: 'uptime', sampleOutput: [' 10:00 up 3 days'], line: 8, endLine: 9, prompt: '❯' },
      ],
    });
  });

  it('treats "# " as a root prompt only before a known command, and as a comment in bash', () => {
    expect(interpretCode('# systemctl restart nginx\n# this is output', 'console')).toMatchObject({ kind: 'commands', commands: [{ script: 'systemctl restart nginx', sampleOutput: ['# this is output'] }] });
    expect(interpretCode('# restart it\nsystemctl restart nginx', 'bash')).toMatchObject({ kind: 'commands', commands: [{ script: '# restart it\nsystemctl restart nginx' }] });
  });

  it('knows output-only blocks, queries and non-shell fences', () => {
    expect(interpretCode('I1010 10:00 error when evicting pod', 'console')).toEqual({ kind: 'none' });
    expect(interpretCode('rate(http_requests_total[5m])', 'promql')).toEqual({ kind: 'query', text: 'rate(http_requests_total[5m])' });
    expect(interpretCode('{"a": 1}', 'json')).toEqual({ kind: 'none' });
    expect(interpretCode('lb7 HAProxy is UNKNOWN', null)).toEqual({ kind: 'none' });
    expect(interpretCode('kubectl get pods\nNAME READY', null)).toMatchObject({ kind: 'commands', commands: [{ script: 'kubectl get pods', sampleOutput: ['NAME READY'] }] });
  });

  it('classifies inline code: labelled or well-known CLI → command; expressions → query', () => {
    expect(classifyInlineCode('kubectl get deployments', 'Command: ')).toBe('command');
    expect(classifyInlineCode('./bin/restart-all', 'Command: ')).toBe('command');
    expect(classifyInlineCode('sudo service x restart', 'consider running ')).toBe('command');
    expect(classifyInlineCode('env:prod service:api status:error', 'Filter for errors: ')).toBe('query');
    expect(classifyInlineCode('etcdctl', 'To run ')).toBe('none');
    expect(classifyInlineCode('virt-api', 'the ')).toBe('none');
  });
});

describe('escalation lines', () => {
  it.each([
    ['If not resolved in 15 mins -> Page Engineering Manager', 15, 'page', 'Engineering Manager'],
    ['If not resolved in 30 mins -> Page CTO', 30, 'page', 'CTO'],
    ['After 30 minutes: notify the Head of Engineering', 30, 'notify', 'Head of Engineering'],
    ['15m → Escalate to SRE lead', 15, 'escalate', 'SRE lead'],
    ['1h => page VP Engineering', 60, 'page', 'VP Engineering'],
    ['1h30m -> notify CEO', 90, 'notify', 'CEO'],
    ['Page the DBA on-call after 20 minutes', 20, 'page', 'DBA on-call'],
    ['Immediately -> page Incident Commander', 0, 'page', 'Incident Commander'],
  ])('%s', (line, afterMinutes, action, target) => {
    expect(parseEscalationLine(line)).toEqual({ afterMinutes, action, target });
  });

  it('needs both a time and someone to reach', () => {
    expect(parseEscalationLine('Page someone soon')).toBeNull();
    expect(parseEscalationLine('After 15 minutes, think again')).toBeNull();
  });

  it('reads front matter entries and explains bad ones', () => {
    expect(escalationFromFrontMatter(['10m -> Page DBA', { after: '1h', notify: 'CTO' }, { afterMinutes: 5, action: 'escalate', target: 'SRE' }, { after: 'soon' }])).toEqual({
      parsed: [
        { afterMinutes: 10, action: 'page', target: 'DBA' },
        { afterMinutes: 60, action: 'notify', target: 'CTO' },
        { afterMinutes: 5, action: 'escalate', target: 'SRE' },
      ],
      problems: ['escalation[3] needs "after" (e.g. 15m) or "afterMinutes"'],
    });
  });
});

describe('annotations', () => {
  it('parses the Runme-style info string and reports bad values', () => {
    expect(parseAnnotations('{name=rollback risk=destructive timeout=2m confirm=typed confirmWord="api" team=sre}')).toEqual({
      annotations: { name: 'rollback', risk: 'destructive', timeout: 120, confirm: 'typed', confirmWord: 'api', extra: { team: 'sre' } },
      problems: [],
    });
    expect(parseAnnotations('{risk=high timeout=soon}').problems).toEqual([
      'risk must be read, change or destructive (got "high")',
      'timeout must be seconds, e.g. 120 or 2m (got "soon")',
    ]);
  });
});

describe('parseRunbook diagnostics and features', () => {
  const doc = [
    '---',
    'owner: sre',
    '---',
    '# DB Down',
    '',
    '## Mitigation',
    '- **Drop the cache**:',
    '  ```bash {name=drop risk=read}',
    '  redis-cli -h <host> FLUSHALL',
    '  ```',
    '- **Failover**:',
    '  ```bash {risk=destructive confirm=typed}',
    '  kubectl delete pod db-0',
    '  ```',
    '- Disable feature flag `writes_enabled`',
    '',
    '## Investigation',
    '',
    'Nothing written here yet.',
    '',
    '## Escalation',
    '- If not resolved in 15 mins -> Page DBA',
    '- Ping Bob at some point, 3 times',
    '',
  ].join('\n');
  const runbook = parseRunbook(doc, 'runbooks/db.md');

  it('reports each problem with file:line:column and a code', () => {
    expect(runbook.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`)).toEqual([
      'runbooks/db.md:9:3 warning annotation-lowers-risk',
      'runbooks/db.md:9:3 info command-placeholders',
      'runbooks/db.md:17:1 warning section-empty',
      'runbooks/db.md:23:3 warning escalation-unparsed',
    ]);
  });

  it('applies annotations: risk, confirmation, typed word', () => {
    const [drop, failover] = allCommands(runbook);
    expect([drop?.risk, drop?.riskReason, drop?.confirm, drop?.annotations.name]).toEqual(['read', 'annotation', 'key', 'drop']);
    expect([failover?.risk, failover?.confirm, failover?.confirmWord]).toEqual(['destructive', 'typed', 'db-0']);
  });

  it('turns labelled items into actions and a disable-flag line into a flag action', () => {
    expect(runbook.sections[0]?.steps.map((s) => s.action)).toEqual([
      { kind: 'command', label: 'Drop the cache' },
      { kind: 'command', label: 'Failover' },
      { kind: 'flag', label: 'writes_enabled', flag: 'writes_enabled', value: 'false' },
    ]);
  });

  it('front matter escalation replaces text lines', () => {
    const declared = parseRunbook(`---\nescalation:\n  - 5m -> Page SRE\n---\n${doc.split('---\n')[2]}`, 'x.md');
    expect(declared.escalation.map((e) => [e.afterMinutes, e.target, e.position.start.line])).toEqual([[5, 'SRE', 1]]);
    expect(declared.diagnostics.map((d) => d.code)).toContain('escalation-overridden');
  });
});
