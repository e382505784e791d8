// Shell lexing behind risk and placeholders: comments, unbalanced quotes and command
// substitutions must never make a dangerous command look safe or hide a parameter.
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';
import { findPlaceholders } from '../../../src/core/runbook/placeholders.ts';
import { allCommands } from '../../../src/core/runbook/query.ts';
import { classifyRisk } from '../../../src/core/runbook/risk.ts';
import { parseShell } from '../../../src/core/runbook/shell-syntax.ts';

describe('comments and apostrophes', () => {
  it('an apostrophe in a comment does not hide the destructive command below it', () => {
    expect(classifyRisk("# don't forget the namespace\nkubectl delete pod api-1")).toEqual({ risk: 'destructive', reason: 'kubectl delete' });
    expect(classifyRisk("kubectl get pods # it's fine\nkubectl drain node-1")).toEqual({ risk: 'destructive', reason: 'kubectl drain' });
    expect(classifyRisk("echo it's gone; kubectl delete ns prod").risk).toBe('destructive');
  });

  it('an apostrophe in a comment or an unclosed quote does not hide a $VAR placeholder', () => {
    expect(findPlaceholders("# don't forget the namespace\nkubectl -n $NS delete pod x").map((p) => p.raw)).toEqual(['$NS']);
    expect(findPlaceholders("echo it's # fine\nkubectl -n ${NS} get pods").map((p) => p.raw)).toEqual(['${NS}']);
  });

  it('a $VAR inside a comment is not a parameter; "#" inside quotes or words is not a comment', () => {
    expect(findPlaceholders('# set $NS first\nkubectl get pods')).toEqual([]);
    expect(findPlaceholders('echo "# $X" a#b $Y').map((p) => p.raw)).toEqual(['$X', '$Y']);
    expect(findPlaceholders("echo '$NOT' $YES").map((p) => p.raw)).toEqual(['$YES']);
  });

  it('in a parsed runbook, the command after such a comment asks for typed confirmation and its parameter', () => {
    const r = parseRunbook("# T\n\n## Mitigation\n\n- **Kill it**:\n  ```bash\n  # don't run this in staging\n  kubectl -n $NAMESPACE delete pod api-1\n  ```\n", 'x.md');
    const command = allCommands(r)[0];
    expect([command?.risk, command?.confirm, command?.parameters.map((p) => p.raw)]).toEqual(['destructive', 'typed', ['$NAMESPACE']]);
  });
});

describe('command substitutions', () => {
  it('do not cut the command around them into pieces that look like unknown programs', () => {
    const script = 'aws shield list-attacks \\\n  --start-time "$(date -u -d \'1 hour ago\' +%Y)" \\\n  --end-time "$(date -u +%Y)"';
    expect(parseShell(script).commands.map((c) => c.words[0]?.value)).toEqual(['aws', 'date', 'date']);
    expect(classifyRisk(script)).toEqual({ risk: 'read', reason: 'aws shield list-attacks' });
  });

  it('still count what runs inside them, pipes included, and leave arithmetic alone', () => {
    const nested = parseShell('kubectl get $(kubectl delete ns x | tee y)').commands;
    expect(nested.map((c) => [c.text, c.nested])).toEqual([['kubectl get $(kubectl delete ns x | tee y)', false], ['kubectl delete ns x', true], ['tee y', true]]);
    expect(classifyRisk('kubectl get pods `rm -rf /tmp/x`').risk).toBe('destructive');
    expect(classifyRisk('echo "$(echo ")")" && rm -rf /x').risk).toBe('destructive');
    expect(parseShell('echo $((6039116565.0/(1024.0**3.0)))').commands.map((c) => c.text)).toEqual(['echo $((6039116565.0/(1024.0**3.0)))']);
    expect(classifyRisk('echo $((1024*3))')).toEqual({ risk: 'read', reason: 'echo' });
  });

  it('keep placeholders as words: `<pod-name>` is not a redirection', () => {
    const [command] = parseShell("kubectl delete pod <pod-name> -n '<namespace label from alert>'").commands;
    expect(command?.words.map((w) => [w.raw, w.placeholder])).toEqual([
      ['kubectl', false], ['delete', false], ['pod', false], ['<pod-name>', true], ['-n', false], ["'<namespace label from alert>'", true],
    ]);
    expect(command?.redirects).toEqual([]);
  });
});
