// `warroom validate --json ... | head -1`: the reader closes the pipe early. warroom must stop
// quietly, not print an EPIPE stack trace.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from '../helpers/warroom-cli.ts';

describe('a closed stdout pipe', () => {
  beforeAll(async () => {
    await ensureBuilt();
  }, 120_000);

  it('ends warroom quietly', async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/warroom.js'), 'validate', '--json', 'runbooks', '../shared/corpus'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Read one chunk, then hang up, as `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    expect(code).toBe(0);
  });
});
