// The seed's runbook template parses to exactly the expected model. The golden file was
// generated once and checked by hand against the issue; the assertions below restate the
// parts that matter so a regenerated golden cannot quietly bless a regression.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';
import { allSteps, findCommand, findStep } from '../../../src/core/runbook/query.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const seedFile = 'test/fixtures/runbook/seed.md';
const seed = readFileSync(path.join(root, seedFile), 'utf8');
const golden: unknown = JSON.parse(readFileSync(path.join(root, 'test/fixtures/runbook/seed.golden.json'), 'utf8'));

describe('the seed runbook', () => {
  const runbook = parseRunbook(seed, seedFile);

  it('parses to exactly the golden model', () => {
    expect(runbook).toEqual(golden);
  });

  it('survives JSON unchanged (it is snapshotted into the journal)', () => {
    expect(JSON.parse(JSON.stringify(runbook))).toEqual(runbook);
  });

  it('has title, title parameter, severity and trigger', () => {
    expect(runbook.title).toBe('[SERVICE] High Latency Runbook');
    expect(runbook.titleSource).toBe('h1');
    expect(runbook.titleParameters).toEqual(['SERVICE']);
    expect(runbook.severity).toBe('SEV-2');
    expect(runbook.trigger).toBe('P99 Latency > 500ms for 5 minutes');
    expect(runbook.metadata).toEqual({ Severity: 'SEV-2', Trigger: 'P99 Latency > 500ms for 5 minutes' });
    expect(runbook.diagnostics).toEqual([]);
  });

  it('has the four sections with their kinds', () => {
    expect(runbook.sections.map((s) => [s.title, s.kind, s.level])).toEqual([
      ['Prerequisite Checks', 'check', 2],
      ['Investigation Steps', 'investigate', 2],
      ['Mitigation Actions', 'mitigate', 2],
      ['Escalation Policy', 'escalate', 2],
    ]);
  });

  it('has 2 unchecked task-list checks whose [Link] is not a parameter', () => {
    const checks = runbook.sections[0]?.steps ?? [];
    expect(checks.map((s) => [s.text, s.task, s.checked])).toEqual([
      ['Check Datadog Dashboard: [Link]', true, false],
      ['Check Status Page: [Link]', true, false],
    ]);
    expect(checks.flatMap((s) => s.commands)).toEqual([]);
  });

  it('has 3 investigation steps with their sub-items, the command on the sub-item and the log query', () => {
    const steps = runbook.sections[1]?.steps ?? [];
    expect(steps.map((s) => [s.label, s.children.map((c) => c.text)])).toEqual([
      ['Identify the Component', ['Is it the Database? Check CPU/Connections.', 'Is it the Upstream API? Check dependency graphs.']],
      ['Check Recent Changes', ['Was there a deployment in the last hour?', 'Command: kubectl get deployments']],
      ['Analyze Logs', ['Filter for errors: env:prod service:api status:error']],
    ]);
    const commandStep = steps[1]?.children[1];
    expect(commandStep?.commands.map((c) => [c.script, c.origin, c.risk, c.confirm])).toEqual([['kubectl get deployments', 'inline', 'read', 'key']]);
    expect(steps[1]?.commands).toEqual([]);
    expect(steps[2]?.children[0]?.queries.map((q) => q.text)).toEqual(['env:prod service:api status:error']);
    expect(steps[2]?.children[0]?.commands).toEqual([]);
  });

  it('has 3 mitigation actions: two commands and one flag', () => {
    const actions = runbook.sections[2]?.steps ?? [];
    expect(actions.map((s) => s.action)).toEqual([
      { kind: 'command', label: 'Rollback Deployment' },
      { kind: 'command', label: 'Scale Up' },
      { kind: 'flag', label: 'Enable Circuit Breaker', flag: 'enable_circuit_breaker', value: 'true' },
    ]);
    expect(actions.map((s) => s.commands.map((c) => [c.script, c.language, c.risk, c.confirm]))).toEqual([
      [['kubectl rollout undo deployment/api-service', 'bash', 'change', 'yes']],
      [['kubectl scale deployment/api-service --replicas=10', 'bash', 'change', 'yes']],
      [],
    ]);
    expect(actions[0]?.commands[0]?.position.start.line).toBe(25);
  });

  it('has 2 escalation thresholds in order', () => {
    expect(runbook.escalation.map((e) => [e.afterMinutes, e.action, e.target, e.position.start.line])).toEqual([
      [15, 'page', 'Engineering Manager', 35],
      [30, 'page', 'CTO', 36],
    ]);
  });

  it('gives every step a unique id and finds steps and commands by id', () => {
    const ids = allSteps(runbook).map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(2 + 3 + 5 + 3 + 2);
    const command = runbook.sections[2]?.steps[0]?.commands[0];
    expect(command?.id).toBe(`${runbook.sections[2]?.steps[0]?.id}/c1`);
    expect(findCommand(runbook, command?.id ?? '')?.command.script).toBe('kubectl rollout undo deployment/api-service');
    expect(findStep(runbook, ids[3] ?? '')?.text).toBe('Is it the Database? Check CPU/Connections.');
  });

  it('keeps step ids when whitespace changes', () => {
    const rewrapped = seed.replace('Is it the Database? Check CPU/Connections.', 'Is it the   Database?\n     Check CPU/Connections.');
    const again = parseRunbook(rewrapped, seedFile);
    expect(allSteps(again).map((s) => s.id)).toEqual(allSteps(runbook).map((s) => s.id));
  });

  it('is the bundled api-high-latency.md runbook apart from its title', () => {
    const bundled = parseRunbook(readFileSync(path.join(root, 'runbooks/api-high-latency.md'), 'utf8'), 'runbooks/api-high-latency.md');
    expect(bundled.title).toBe('API High Latency Runbook');
    expect(bundled.titleParameters).toEqual([]);
    expect(bundled.sections).toEqual(runbook.sections);
    expect(bundled.escalation).toEqual(runbook.escalation);
    expect(bundled.diagnostics).toEqual([]);
  });
});
