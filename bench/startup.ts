// Start-up: `warroom --version` and `warroom validate` from the esbuild bundle, against the same
// CLI built unbundled (dependencies resolved from node_modules at run time) and `node -e 0`.
// This is the measurement behind the choice to ship a bundle.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/build.mjs';
import { timeCommand } from './measure.ts';
import type { BenchResult } from './types.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function run(): Promise<BenchResult[]> {
  const node = process.execPath;
  const tmp = path.join(root, 'node_modules', '.cache', 'warroom-bench');
  mkdirSync(tmp, { recursive: true });
  const unbundled = path.join(tmp, 'cli-unbundled.js');
  await build({ ...bundleOptions, entryPoints: [path.join(root, 'src/cli.ts')], outfile: unbundled, packages: 'external' });
  const shim = path.join(tmp, 'run-unbundled.mjs');
  const { writeFileSync } = await import('node:fs');
  // Same shim as bin/warroom.js (compile cache on), so the figure isolates the bundling.
  writeFileSync(shim, `(await import('node:module')).enableCompileCache?.(); const { main } = await import(${JSON.stringify(unbundled)}); await main(process.argv);\n`);

  const bin = path.join(root, 'bin/warroom.js');
  const demo = path.join(root, 'runbooks/api-high-latency.md');
  const bare = timeCommand(node, ['-e', '0']);
  const version = timeCommand(node, [bin, '--version']);
  const versionUnbundled = timeCommand(node, [shim, '--version']);
  const validate = timeCommand(node, [bin, 'validate', demo]);
  const validateUnbundled = timeCommand(node, [shim, 'validate', demo]);
  rmSync(tmp, { recursive: true, force: true });
  return [
    { name: 'startup: warroom --version (bundle)', value: version, unit: 'ms', baseline: { name: 'node -e 0', value: bare, unit: 'ms' } },
    { name: 'startup: warroom --version (unbundled)', value: versionUnbundled, unit: 'ms', baseline: { name: 'bundle', value: version, unit: 'ms' } },
    { name: 'startup: warroom validate demo (bundle)', value: validate, unit: 'ms', baseline: { name: 'unbundled', value: validateUnbundled, unit: 'ms' }, goal: 'bundle clearly faster' },
  ];
}
