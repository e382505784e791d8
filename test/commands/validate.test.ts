// `warroom validate` as a real process: exit codes 0/1/2, one `file:line:column severity code
// message` line per diagnostic, the summary, --json, and folders searched for *.md.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runbook } from '../../src/core/runbook/types.ts';
import { ensureBuilt, repoRoot } from '../helpers/warroom-cli.ts';

const run = promisify(execFile);
let dir: string;

async function validate(args: string[], cwd = dir): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, 'bin/warroom.js'), 'validate', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeAll(async () => {
  await ensureBuilt();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-validate-'));
  await fs.mkdir(path.join(dir, 'runbooks/nested'), { recursive: true });
  await fs.writeFile(path.join(dir, 'runbooks/good.md'), '# Good\n\n## Steps\n1. Check `kubectl get pods`\n\n## Escalation\n- If not resolved in 15 mins -> Page EM\n');
  await fs.writeFile(
    path.join(dir, 'runbooks/nested/warned.md'),
    ['# Warned', '', '## Escalation Policy', '- If not resolved in 15 mins -> Page EM', '- Ping Bob at some point', '', '## Steps', '- run it', ''].join('\n'),
  );
  await fs.writeFile(path.join(dir, 'runbooks/FORMAT.md'), '# Not a runbook\n');
  await fs.mkdir(path.join(dir, 'services/cache'), { recursive: true });
  await fs.writeFile(path.join(dir, 'services/README.md'), '# Services\n\nIndex of the service runbooks, see the folders.\n');
  await fs.writeFile(path.join(dir, 'services/cache/README.md'), '# Cache\n\n## Mitigation\n\n- Restart it: `sudo systemctl restart redis`\n\n```bash\nBasic Details:\n```\n');
  await fs.writeFile(path.join(dir, 'runbooks/notes.txt'), 'not markdown');
  await fs.writeFile(path.join(dir, 'broken.md'), `# Broken\n\n## Steps\n${Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')}\n`);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('warroom validate', () => {
  it('exit 0 and a summary for a clean runbook', async () => {
    const result = await validate(['runbooks/good.md']);
    expect(result).toEqual({ code: 0, stdout: '1 runbook checked (2 steps): 0 errors, 0 warnings, 0 notes\n', stderr: '' });
  });

  it('prints one line per diagnostic with the path as given, relative to the working directory', async () => {
    const result = await validate(['runbooks/nested/warned.md']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'runbooks/nested/warned.md:5:3 warning escalation-unparsed escalation line not understood: "Ping Bob at some point" (expected e.g. "If not resolved in 15 mins -> Page Engineering Manager")',
      '1 runbook checked (3 steps): 0 errors, 1 warning, 0 notes',
      '',
    ]);
  });

  it('searches folders recursively for *.md, skipping FORMAT.md and other files', async () => {
    const result = await validate(['runbooks']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('runbooks/nested/warned.md:5:3 warning escalation-unparsed');
    expect(result.stdout).not.toContain('FORMAT.md');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('2 runbooks checked (5 steps): 0 errors, 1 warning, 0 notes');
  });

  it('checks README.md runbooks in folders when they hold steps, and skips README indexes', async () => {
    const result = await validate(['services']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'services/cache/README.md:7:1 warning code-not-command ```bash block is not run: its first line "Basic Details:" reads as a heading, not a command',
      '1 runbook checked (1 step): 0 errors, 1 warning, 0 notes',
      '',
    ]);
  });

  it('exit 1 when a runbook has errors', async () => {
    const result = await validate(['broken.md', 'runbooks/good.md']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^broken\.md:\d+:1 error nesting-too-deep /m);
    expect(result.stdout).toMatch(/2 runbooks checked \(\d+ steps\): 1 error, 0 warnings, 0 notes\n$/);
  });

  it('exit 2 with one clear line for a missing file', async () => {
    const result = await validate(['runbooks/missing.md']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`warroom: no such file or folder: ${path.join(dir, 'runbooks/missing.md')}\n`);
  });

  it('exit 2 for an unknown flag and for no paths', async () => {
    const unknown = await validate(['--frobnicate', 'runbooks/good.md']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const none = await validate([]);
    expect(none.code).toBe(2);
  });

  it('--json prints the model of one runbook', async () => {
    const result = await validate(['--json', 'runbooks/api-high-latency.md'], repoRoot);
    expect(result.code).toBe(0);
    const model = JSON.parse(result.stdout) as Runbook;
    expect(model.file).toBe('runbooks/api-high-latency.md');
    expect(model.title).toBe('API High Latency Runbook');
    expect(model.severity).toBe('SEV-2');
    expect(model.sections.map((s) => s.steps.length)).toEqual([2, 3, 3, 2]);
    expect(model.escalation.map((e) => [e.afterMinutes, e.target])).toEqual([
      [15, 'Engineering Manager'],
      [30, 'CTO'],
    ]);
  });

  it('--json prints an array for several runbooks, and still exits 1 on errors', async () => {
    const result = await validate(['--json', 'broken.md', 'runbooks']);
    expect(result.code).toBe(1);
    const models = JSON.parse(result.stdout) as Runbook[];
    expect(models.map((m) => m.file)).toEqual(['broken.md', 'runbooks/good.md', 'runbooks/nested/warned.md']);
  });

  it('validates the bundled runbooks and the real-world corpus from the repository root', async () => {
    const result = await validate(['runbooks', '../shared/corpus'], repoRoot);
    expect(result.code).toBe(0);
    // 4 bundled, 26 corpus runbooks and the corpus's one README.md that holds steps.
    expect(result.stdout).toMatch(/^31 runbooks checked \(\d+ steps\): 0 errors, \d+ warnings, \d+ notes\n$/m);
    expect(result.stdout).not.toMatch(/^runbooks\/.* (error|warning) /m);
    // No author's annotation claims less risk than a command shows.
    expect(result.stdout).not.toContain('annotation-lowers-risk');
  });
});
