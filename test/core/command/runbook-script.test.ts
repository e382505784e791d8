// What runs for a runbook command: its variables set first (as the shell session carried them),
// placeholders in their values asked for, and commands meant for a pod or node composed to run
// there; a console without a one-shot form is never run here.
import { describe, expect, it } from 'vitest';
import { runbookScript } from '../../../src/core/command/runbook-script.ts';
import { parseRunbook } from '../../../src/core/runbook/parse.ts';
import type { RunbookCommand } from '../../../src/core/runbook/types.ts';

const SOURCE = [
  '# Multi',
  '',
  '## Investigation',
  '',
  '- [ ] Look at the claim',
  '  ```console',
  "  $ PVC_NAME='<persistentvolumeclaim label from alert>'",
  '  $ export OUT=/tmp/x',
  '  $ echo "second $PVC_NAME"',
  '  $ NS=$(echo default)',
  '  $ oc -n $NS rsh mypod',
  '  $ df -h',
  '  ```',
  '- [ ] Debug the node',
  '  ```console',
  '  $ oc debug node/<node_name>',
  '  sh-4.4# chroot /host',
  '  sh-4.4# crictl ps',
  '  ```',
  '- [ ] Console',
  '  ```bash',
  '  sudo gitlab-rails console',
  '  ```',
  '  ```ruby',
  '  Feature.enable(:x)',
  '  ```',
  '',
].join('\n');

const runbook = parseRunbook(SOURCE, 'multi.md');
const commands = runbook.sections.flatMap((s) => s.steps.flatMap((st) => st.commands));
const find = (text: string): RunbookCommand => {
  const found = commands.find((c) => c.script.includes(text));
  if (!found) throw new Error(`no command ${text} in ${commands.map((c) => c.script).join(' | ')}`);
  return found;
};

describe('runbookScript', () => {
  it('asks for the placeholder in an assignment and sets the variable before the command', () => {
    const echo = find('echo "second');
    const before = runbookScript(runbook, echo, {}, { computeReads: true });
    expect(before.missing).toEqual(['persistentvolumeclaim label from alert']);
    const after = runbookScript(runbook, echo, { 'persistentvolumeclaim label from alert': 'data claim' }, { computeReads: true });
    expect(after.missing).toEqual([]);
    expect(after.script).toBe(`PVC_NAME='data claim'\necho "second $PVC_NAME"`);
  });

  it('computes a read $(...) variable, then uses its value; and composes the pod command', () => {
    const df = find('df -h');
    const first = runbookScript(runbook, df, {}, { computeReads: true });
    expect(first.compute.map((v) => v.name)).toEqual(['NS']);
    const ready = runbookScript(runbook, df, { NS: 'default' }, { computeReads: true });
    expect(ready.compute).toEqual([]);
    expect(ready.manual).toBeNull();
    // The context's own words are filled with the value too: the same text either way.
    expect(ready.script).toBe("NS=default\noc exec -n default mypod -- sh -c 'df -h'");
    expect(ready.notices.map((n) => n.text).join('\n')).toMatch(/meant to run in the shell of mypod/);
  });

  it('a node command runs through oc debug and asks for the node', () => {
    const crictl = find('crictl ps');
    const shown = runbookScript(runbook, crictl, {}, { computeReads: true });
    expect(shown.missing).toContain('node_name');
    const filled = runbookScript(runbook, crictl, { node_name: 'ip-10-0-1-2' }, { computeReads: true });
    expect(filled.script).toBe("oc debug node/ip-10-0-1-2 -- chroot /host sh -c 'crictl ps'");
  });

  it('a Rails console command is manual: where to type it, never a local script', () => {
    const rails = find('Feature.enable');
    const prepared = runbookScript(runbook, rails, {}, { computeReads: true });
    expect(prepared.manual?.where).toMatch(/console/);
    expect(prepared.manual?.script).toBe('Feature.enable(:x)');
  });
});
