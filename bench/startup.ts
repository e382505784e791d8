// Start-up of short commands from the bundle, each alternated with its baseline.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { alternate, compared, timeCommand } from './measure.ts';
import type { BenchContext, BenchResult } from './types.ts';

const RUNS = 9;

export const how =
  'process spawn to exit, `warroom --version` and `warroom list` (empty home) against `node -e 0`; ' +
  '`warroom config list` (a config file with eight keys, read and validated) against `--version`, ' +
  'which is the cost of loading the config; `warroom validate` of the demo runbook from the bundle ' +
  `against the same CLI built unbundled (dependencies resolved from node_modules at run time), the ` +
  `measurement behind shipping one file. ${RUNS} alternated runs after a warm-up of each.`;

export async function run({ target }: BenchContext): Promise<BenchResult[]> {
  const node = process.execPath;
  const bin = path.join(target, 'bin/warroom.js');
  const home = mkdtempSync(path.join(os.tmpdir(), 'warroom-bench-start-'));
  // Inside node_modules, so the unbundled file's bare imports resolve from there.
  mkdirSync(path.join(target, 'node_modules', '.cache'), { recursive: true });
  const cache = mkdtempSync(path.join(target, 'node_modules', '.cache', 'warroom-bench-'));
  try {
    writeFileSync(
      path.join(home, 'config.json'),
      JSON.stringify({
        operator: 'bench',
        slack: { token: 'xoxb-bench-0000-aaaa', channel: 'C123', mention: '<!here>' },
        escalation: { countFrom: 'open', targets: { CTO: { slack: '@cto', pagerduty: 'ROUTINGKEY000000000000000000000' } } },
        updates: { cadenceMinutes: 10 },
        runbooks: { folders: ['./runbooks'] },
      }),
      { mode: 0o600 },
    );
    mkdirSync(path.join(home, 'incidents'), { recursive: true });
    const env = { ...process.env, WARROOM_HOME: home };
    const version = await alternate(RUNS, () => timeCommand(node, [bin, '--version'], env), () => timeCommand(node, ['-e', '0'], env));
    const list = await alternate(RUNS, () => timeCommand(node, [bin, 'list'], env), () => timeCommand(node, ['-e', '0'], env));
    const config = await alternate(RUNS, () => timeCommand(node, [bin, 'config', 'list'], env), () => timeCommand(node, [bin, '--version'], env));

    const { bundleOptions } = (await import(path.join(target, 'scripts/build.mjs'))) as { bundleOptions: Record<string, unknown> };
    const unbundled = path.join(cache, 'cli-unbundled.js');
    await build({ ...bundleOptions, absWorkingDir: target, entryPoints: [path.join(target, 'src/cli.ts')], outfile: unbundled, packages: 'external' });
    const shim = path.join(cache, 'run-unbundled.mjs');
    // Node's compile cache on, as the bundle has its own (bin/load-bundle.js): the figure isolates the bundling.
    writeFileSync(shim, `(await import('node:module')).enableCompileCache?.(); const { main } = await import(${JSON.stringify(unbundled)}); await main(process.argv);\n`);
    const demo = path.join(target, 'runbooks/api-high-latency.md');
    const validate = await alternate(RUNS, () => timeCommand(node, [bin, 'validate', demo], env), () => timeCommand(node, [shim, 'validate', demo], env));
    return [
      compared('start: warroom --version', 'ms', version, 'node -e 0'),
      compared('start: warroom list, no incidents', 'ms', list, 'node -e 0'),
      compared('start: warroom config list (loads the config)', 'ms', config, 'warroom --version', 'config costs little over --version'),
      compared('start: warroom validate demo, bundle', 'ms', validate, 'unbundled', 'bundle clearly faster'),
    ];
  } finally {
    rmSync(home, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
}
