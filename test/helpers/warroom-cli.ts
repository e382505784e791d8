// Runs the built CLI as a real process (`node bin/warroom.js ...`) against a given WARROOM_HOME.
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
export const repoRoot = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repoRoot, 'bin/warroom.js');

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** Builds dist/cli.cjs only when a source file is newer (npm test builds before vitest anyway). */
export async function ensureBuilt(): Promise<void> {
  const built = await stat(path.join(repoRoot, 'dist/cli.cjs')).then((s) => s.mtimeMs).catch(() => 0);
  if (built >= (await newestMtime(path.join(repoRoot, 'src')))) return;
  await execFileAsync(process.execPath, [path.join(repoRoot, 'scripts/build.mjs')], { cwd: repoRoot });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** stdin is not a terminal here (execFile pipes it), as for scripts and CI. */
export async function warroom(home: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [bin, ...args], {
      cwd: home,
      env: { ...process.env, WARROOM_HOME: home, NO_COLOR: '1', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
