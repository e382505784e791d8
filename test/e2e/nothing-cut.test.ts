// Nothing the operator needs is cut, at 80×24 in a real pseudo-terminal: a 300-character output
// line can be read whole once the output pane is focused (it wraps, and the pane's title names
// the full log), and after resolving, the post-mortem draft's path is on screen in full.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { startPty } from '../helpers/pty.ts';

const LONG = Array.from({ length: 60 }, (_, i) => `${String(i).padStart(3, '0')}-`).join('').concat('END', 'x'.repeat(57));
let tmp: string;
let home: string;
let runbook: string;

/** The rows between a pane's title and the next blank row, joined: what a wrapped line reads as. */
function rowsAfter(screen: string, title: RegExp): string {
  const lines = screen.split('\n');
  const at = lines.findIndex((l) => title.test(l));
  const rows: string[] = [];
  for (const line of lines.slice(at + 2)) {
    if (line.trim() === '') break;
    rows.push(line);
  }
  return rows.join('');
}

describe('nothing cut at 80×24', () => {
  beforeAll(async () => {
    ensureBuilt();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-nothing-cut-'));
    // Deep enough that the post-mortem path cannot fit one 80-column row.
    home = path.join(tmp, 'a-rather-long-folder-name', 'for-the-warroom-home-so-that-paths-wrap');
    await fs.mkdir(home, { recursive: true });
    runbook = path.join(tmp, 'long-output.md');
    await fs.writeFile(runbook, `# Long Output Runbook\n\n**Severity**: SEV-3\n\n## Investigation\n\n- [ ] Print the long line\n\n\`\`\`bash\necho ${LONG}\n\`\`\`\n`);
  }, 120_000);
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('shows a 300-character output line whole, and the post-mortem path whole', async () => {
    expect(LONG).toHaveLength(300);
    const env = { WARROOM_HOME: home, HOME: tmp, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' };
    const pty = startPty(['run', runbook], { env, cols: 80, rows: 24, cwd: tmp });
    try {
      await pty.waitFor(/\? help\s*$/m, 60_000);
      pty.write('\r');
      await pty.waitFor(/Run it\? enter\/y runs/, 30_000);
      pty.write('\r');
      await pty.waitFor(/exit 0 in/, 30_000);
      // Unfocused, the line is cut with a marker that it continues; the title names the log.
      const unfocused = await pty.waitFor(/Output +commands\/\d+\.log/);
      expect(unfocused).toMatch(/000-001-.*→$/m);
      pty.write('\t');
      const focused = await pty.waitFor(/▸Output/);
      expect(rowsAfter(focused, /▸Output/)).toBe(LONG);
      pty.write('\t');
      await pty.waitFor(/▸Checklist/);

      pty.write('r');
      await pty.waitFor(/Resolve ".*"\?/);
      await pty.waitFor(/y yes/);
      pty.write('y');
      const resolved = await pty.waitFor(/post-mortem draft: /, 30_000);
      const [id] = (await fs.readdir(path.join(home, 'incidents'))).filter((n) => !n.startsWith('.'));
      const file = path.join(home, 'incidents', id!, 'postmortem.md');
      await fs.access(file);
      const lines = resolved.split('\n');
      const first = lines.findIndex((l) => l.startsWith('post-mortem draft: '));
      const shown = lines.slice(first, first + Math.ceil((19 + file.length) / 80)).join('');
      expect(shown).toBe(`post-mortem draft: ${file}`);
    } finally {
      pty.write('q');
      await pty.exited;
    }
  }, 180_000);
});
