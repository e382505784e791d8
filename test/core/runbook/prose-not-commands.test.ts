// Prose that happens to start with the name of a program (capitalised, as sentences are) is
// not a command: programs are case-sensitive, and the war room must never offer to run prose.
import { describe, expect, it } from 'vitest';
import { classifyInlineCode, interpretCode, startsWithKnownCli } from '../../../src/core/runbook/commands.ts';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';
import { allCommands } from '../../../src/core/runbook/query.ts';

describe('capitalised prose is not a command', () => {
  it('matches well-known programs case-sensitively', () => {
    expect(startsWithKnownCli('node server.js')).toBe(true);
    expect(startsWithKnownCli('Node worker-3 is evicting pods')).toBe(false);
    expect(startsWithKnownCli('Set the replica count')).toBe(false);
    expect(startsWithKnownCli('Watch the error rate')).toBe(false);
  });

  it('inline alert messages starting with "Node" are not commands (kubernetes-mixin)', () => {
    expect(classifyInlineCode('Node {{ $labels.node }} is evicting Pods due to {{ $labels.eviction_signal }}.', '+ Message: ')).toBe('query');
    const r = parseRunbook('# X\n\n## Diagnosis\n\n- Message: `Node {{ $labels.node }} is evicting Pods`\n- Run `kubectl get nodes`\n', 'x.md');
    expect(allCommands(r).map((c) => c.script)).toEqual(['kubectl get nodes']);
  });

  it('a capitalised "# Comment" in a console block is a comment, not a root prompt', () => {
    const meaning = interpretCode('# Set the namespace first\n$ kubectl get pods\nNAME READY\n', 'console');
    expect(meaning.kind === 'commands' ? meaning.commands.map((c) => c.script) : meaning).toEqual(['kubectl get pods']);
    const root = interpretCode('# systemctl restart nginx\n', 'console');
    expect(root.kind === 'commands' ? root.commands.map((c) => c.script) : root).toEqual(['systemctl restart nginx']);
  });

  it('an unlabelled fence of prose starting with "Find" or "Make" is not shell', () => {
    expect(interpretCode('Find the pod that owns the claim\nand delete it', null)).toEqual({ kind: 'none' });
    expect(interpretCode('Make sure the node is drained', null)).toEqual({ kind: 'none' });
  });
});
