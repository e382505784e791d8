// Journals keep the runbook as it was parsed when the incident opened. Snapshots written before
// the model knew contexts, variables and referrals must still open, meaning what they meant then.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';
import { allCommands, allSteps } from '../../../src/core/runbook/query.ts';
import { upgradeRunbook } from '../../../src/core/runbook/upgrade.ts';

const root = path.resolve(import.meta.dirname, '../../..');
/** The seed runbook as the parser wrote it into journals before this change (copied from that commit's golden file). */
const old: unknown = JSON.parse(readFileSync(path.join(root, 'test/fixtures/runbook/seed.before-contexts.json'), 'utf8'));

describe('upgradeRunbook', () => {
  it('fills what old snapshots lack: every command local, not interactive, no variables, no notes', () => {
    const runbook = upgradeRunbook(old);
    expect(runbook.variables).toEqual([]);
    expect(runbook.escalationNotes).toEqual([]);
    expect(allSteps(runbook).every((s) => Array.isArray(s.variables) && s.variables.length === 0)).toBe(true);
    expect(allCommands(runbook).map((c) => [c.script, c.context, c.interactive, c.variables, c.riskReason])).toEqual([
      ['kubectl get deployments', { kind: 'local' }, false, [], 'get'],
      ['kubectl rollout undo deployment/api-service', { kind: 'local' }, false, [], 'rollout undo'],
      ['kubectl scale deployment/api-service --replicas=10', { kind: 'local' }, false, [], 'scale'],
    ]);
  });

  it('keeps everything the old snapshot had, as it was', () => {
    const runbook = upgradeRunbook(old) as unknown as Record<string, unknown>;
    const before = old as Record<string, unknown>;
    for (const key of ['file', 'title', 'titleSource', 'titleParameters', 'metadata', 'severity', 'trigger', 'frontMatter', 'escalation', 'diagnostics']) {
      expect(runbook[key]).toEqual(before[key]);
    }
    expect(JSON.parse(JSON.stringify(upgradeRunbook(old)))).toEqual(upgradeRunbook(old));
  });

  it('leaves a current snapshot unchanged', () => {
    const current = parseRunbook(readFileSync(path.join(root, 'test/fixtures/runbook/seed.md'), 'utf8'), 'seed.md');
    expect(upgradeRunbook(JSON.parse(JSON.stringify(current)))).toEqual(current);
  });

  it('never throws on broken shapes, and a command of unknown risk asks for more, not less', () => {
    for (const junk of [null, 42, 'x', [], { sections: 'no' }, { sections: [{ steps: [{ commands: [{ script: 'rm -rf /', risk: 'bogus' }] }] }] }]) {
      expect(() => upgradeRunbook(junk)).not.toThrow();
    }
    const odd = upgradeRunbook({ sections: [{ steps: [{ commands: [{ script: 'rm -rf /', risk: 'bogus' }] }] }] });
    expect(allCommands(odd).map((c) => [c.risk, c.confirm, c.context.kind])).toEqual([['change', 'yes', 'local']]);
  });
});
