// Builds dist/cli.cjs when it is missing or older than a source file, so an end-to-end test run
// on its own (vitest run test/e2e/...) uses the current code; `npm test` builds first anyway.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './pty.ts';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function ensureBuilt(): void {
  const bundle = path.join(repoRoot, 'dist/cli.cjs');
  let built: number;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newestSource(path.join(repoRoot, 'src'))) return;
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stderr}`);
}
