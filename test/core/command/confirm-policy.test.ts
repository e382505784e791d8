import { describe, expect, it } from 'vitest';
import { confirmationFor, typedWordMatches } from '../../../src/core/command/confirm-policy.ts';
import type { RunbookCommand } from '../../../src/core/runbook/types.ts';

function command(partial: Partial<RunbookCommand>): RunbookCommand {
  return {
    id: 's/c0',
    script: 'kubectl get deployments',
    language: 'bash',
    origin: 'fence',
    sampleOutput: [],
    parameters: [],
    risk: 'read',
    riskReason: 'get',
    confirm: 'key',
    confirmWord: null,
    annotations: { extra: {} },
    context: { kind: 'local' },
    interactive: false,
    variables: [],
    position: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
    ...partial,
  };
}

const live = { dryRun: false, readonly: false };

describe('confirmationFor', () => {
  it('asks one key for read, y for change, a typed word for destructive', () => {
    expect(confirmationFor(command({}), live)).toEqual({ kind: 'key' });
    expect(confirmationFor(command({ risk: 'change', confirm: 'yes' }), live)).toEqual({ kind: 'yes' });
    expect(
      confirmationFor(command({ risk: 'destructive', confirm: 'typed', script: 'kubectl delete deployment/api-service' }), live),
    ).toEqual({ kind: 'typed', word: 'api-service' });
  });

  it('never lets an annotation ask for less than the risk demands, but for more', () => {
    expect(confirmationFor(command({ risk: 'destructive', confirm: 'key', confirmWord: 'prod' }), live)).toEqual({ kind: 'typed', word: 'prod' });
    expect(confirmationFor(command({ risk: 'change', confirm: 'key' }), live).kind).toBe('yes');
    expect(confirmationFor(command({ risk: 'read', confirm: 'yes' }), live).kind).toBe('yes');
  });

  it('fills a placeholder in the confirmation word with its value', () => {
    const c = command({
      risk: 'destructive',
      confirm: 'typed',
      confirmWord: '<pod-name>',
      script: 'kubectl delete pod <pod-name>',
      parameters: [{ name: 'pod-name', raw: '<pod-name>', syntax: 'angle' }],
    });
    expect(confirmationFor(c, live, { 'pod-name': 'web-1' })).toEqual({ kind: 'typed', word: 'web-1' });
  });

  it('falls back to the word "run" when nothing names a target', () => {
    expect(confirmationFor(command({ risk: 'destructive', confirm: 'typed', script: 'rm -rf /var/cache/app' }), live)).toEqual({
      kind: 'typed',
      word: 'run',
    });
  });

  it('disables everything but read in read-only mode, saying why', () => {
    const ro = { dryRun: false, readonly: true };
    expect(confirmationFor(command({}), ro).kind).toBe('key');
    const refused = confirmationFor(command({ risk: 'change', confirm: 'yes', riskReason: 'scale' }), ro);
    expect(refused.kind).toBe('disabled');
    expect(refused.reason).toMatch(/read-only mode.*change \(scale\)/);
  });
});

describe('typedWordMatches', () => {
  it('needs the exact word (spaces around it forgiven)', () => {
    const typed = { kind: 'typed' as const, word: 'api-service' };
    expect(typedWordMatches(typed, ' api-service ')).toBe(true);
    expect(typedWordMatches(typed, 'api-servic')).toBe(false);
    expect(typedWordMatches(typed, 'API-SERVICE')).toBe(false);
    expect(typedWordMatches(typed, undefined)).toBe(false);
    expect(typedWordMatches({ kind: 'yes' }, undefined)).toBe(true);
  });
});
