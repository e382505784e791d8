// Property-based: arbitrary strings and arbitrary Markdown-ish documents never make the parser
// throw, always give positions inside the file, and always give a JSON-serialisable model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';
import { allSteps } from '../../../src/core/runbook/query.ts';
import { positionsOutside } from '../../helpers/runbook-positions.ts';

const fragments = [
  '# ', '## ', '### ', '#### 1. ', '### Step 2: ', '- ', '* ', '+ ', '1. ', '2) ', '- [ ] ', '- [x] ', '  ', '    ', '\t', '> ',
  '**', '**Label**: ', '`', '```', '```bash', '```console', '```bash {name=x risk=destructive timeout=9 confirm=typed}', '~~~',
  '$ ', '# ', 'sh-5.1$ ', '❯ ', 'user@host:~$ ', '\\', '<pod-name>', '[NAMESPACE]', '${VAR}', '$VAR', '{{var}}',
  'kubectl get pods', 'kubectl delete deployment/api', 'rm -rf /', 'DROP TABLE users;', 'Command: ', 'toggle feature flag `x` to `y`',
  'If not resolved in 15 mins -> Page EM', 'after 30m: notify CTO', '→', '->', 'Escalation Policy', 'Mitigation', 'Rollback',
  '---', 'title: x', 'escalation:', '|a|b|', '|-|-|', '<details>', '<!-- x -->', '[link](url)', '![img](x)', '[^1]', '\n', '\n\n', '\r\n', '\r',
  '\uFEFF', '\u0000', '\uD800', '日本語', '😀', '  - ', '     - ',
];

const markdownish = fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 8 })), { maxLength: 120 }).map((parts) => parts.join(''));

function check(source: string): void {
  const runbook = parseRunbook(source, 'prop.md');
  expect(positionsOutside(runbook, source)).toEqual([]);
  expect(JSON.parse(JSON.stringify(runbook))).toEqual(runbook);
  const ids = allSteps(runbook).map((s) => s.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const d of runbook.diagnostics) expect(['error', 'warning', 'info']).toContain(d.severity);
}

describe('parser properties', () => {
  it('arbitrary strings never throw and give positions inside the file', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), check), { numRuns: 300 });
  });

  it('arbitrary Markdown-ish documents never throw and give positions inside the file', () => {
    fc.assert(fc.property(markdownish, check), { numRuns: 400 });
  });

  it('line-structured documents (headings, lists, fences per line) never throw', () => {
    const line = fc.tuple(fc.constantFrom('', '  ', '    ', '      '), fc.constantFrom(...fragments), fc.string({ maxLength: 20 }));
    const doc = fc.array(line, { maxLength: 60 }).map((lines) => lines.map(([indent, a, b]) => indent + a + b).join('\n'));
    fc.assert(fc.property(doc, check), { numRuns: 300 });
  });
});
