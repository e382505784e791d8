import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'shell-quote';
import { fillParameters } from '../../../src/core/command/substitute.ts';
import { fillFlagCommand } from '../../../src/core/command/flag-command.ts';
import type { Placeholder } from '../../../src/core/runbook/types.ts';

const pod: Placeholder = { name: 'pod-name', raw: '<pod-name>', syntax: 'angle' };
const ns: Placeholder = { name: 'NAMESPACE', raw: '${NAMESPACE}', syntax: 'dollar-brace' };

describe('fillParameters', () => {
  it('leaves harmless values bare and reports nothing missing', () => {
    const out = fillParameters('kubectl logs <pod-name> -n ${NAMESPACE}', [pod, ns], { 'pod-name': 'api-7f9', NAMESPACE: 'prod' });
    expect(out).toEqual({ script: 'kubectl logs api-7f9 -n prod', missing: [] });
  });

  it('reports unfilled and empty parameters and keeps them as written', () => {
    const out = fillParameters('kubectl logs <pod-name> -n ${NAMESPACE}', [pod, ns], { NAMESPACE: '' });
    expect(out.missing).toEqual(['pod-name', 'NAMESPACE']);
    expect(out.script).toBe('kubectl logs <pod-name> -n ${NAMESPACE}');
  });

  it.each([
    ['; rm -rf ~', "'; rm -rf ~'"],
    ['$(reboot)', "'$(reboot)'"],
    ["it's", "'it'\\''s'"],
    ['a\nb', "'a\nb'"],
    ['`id`', "'`id`'"],
  ])('single-quotes the hostile value %j', (value, quoted) => {
    expect(fillParameters('echo <pod-name>', [pod], { 'pod-name': value }).script).toBe(`echo ${quoted}`);
  });

  it('escapes for the quote context the placeholder sits in', () => {
    const value = 'x" $(id) \'y';
    const double = fillParameters('curl "https://h/<pod-name>/x"', [pod], { 'pod-name': value }).script;
    expect(double).toBe('curl "https://h/x\\" \\$(id) \'y/x"');
    const single = fillParameters("echo 'pre <pod-name> post'", [pod], { 'pod-name': value }).script;
    expect(single).toBe(`echo 'pre '${"'x\" $(id) '\\''y'"}' post'`);
  });

  it('does not let $NS match the start of $NSX', () => {
    const short: Placeholder = { name: 'NS', raw: '$NS', syntax: 'dollar' };
    expect(fillParameters('echo $NS $NSX', [short], { NS: 'a b' }).script).toBe("echo 'a b' $NSX");
  });

  it('any value becomes exactly one word when parsed back (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }).filter((s) => s !== '' && !s.includes('\0')), (value) => {
        const script = fillParameters('cmd <pod-name> end', [pod], { 'pod-name': value }).script;
        const words = parse(script, (name) => `$${name}`);
        expect(words).toEqual(['cmd', value, 'end']);
      }),
      { numRuns: 300 },
    );
  });
});

describe('fillFlagCommand', () => {
  it('quotes the flag and the value', () => {
    expect(fillFlagCommand('ldcli flags toggle --flag {flag} --value {value}', 'new-search', 'false; reboot')).toBe(
      "ldcli flags toggle --flag new-search --value 'false; reboot'",
    );
  });
});
