// ky, and with it Node's fetch implementation (undici), loads when something is first sent or
// fetched, never at start-up: ky's module start-up builds a Request, which loads undici (~25 ms
// of CPU, ~4 MB of heap), and a drill never sends anything. src/adapters/http-client.ts is the
// one place that imports it, dynamically.
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.ts';
import { repoRoot, startPty } from '../helpers/pty.ts';
import { staticImports } from '../helpers/static-imports.ts';

const SLOW = 30_000;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

describe('HTTP on first use', () => {
  it('no source file imports ky for its values, except the lazy loader', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('src')) if (staticImports(file).includes('ky')) offenders.push(file);
    expect(offenders).toEqual([]);
    expect(readFileSync(path.join(repoRoot, 'src/adapters/http-client.ts'), 'utf8')).toContain("import('ky')");
  });

  let home: string;
  beforeAll(async () => {
    await ensureBuilt();
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-lazy-http-'));
  }, SLOW);
  afterAll(async () => {
    await fs.rm(home, { recursive: true, force: true });
  });

  it('a drill war room with its services loaded has not loaded Node fetch', async () => {
    // Written by the war room's own process when it exits: which of Node's modules it loaded.
    const report = path.join(home, 'loaded.json');
    const preload = path.join(home, 'report-loaded.cjs');
    await fs.writeFile(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList)));\n`,
    );
    const pty = startPty(['run', path.join(repoRoot, 'runbooks/api-high-latency.md'), '--dry-run'], {
      env: { WARROOM_HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', NODE_OPTIONS: `--require ${preload}` },
    });
    await pty.waitFor(/\? help\s*$/m, SLOW);
    // The update composer opens only once the services (Slack, outbox, runner) are attached.
    pty.write('s');
    await pty.waitFor('Internal status update', SLOW);
    pty.write('\u001b');
    await pty.waitFor((s) => !s.includes('Internal status update'), SLOW);
    pty.write('q');
    expect((await pty.exited).exitCode).toBe(0);
    const loaded = JSON.parse(await fs.readFile(report, 'utf8')) as string[];
    // The report is real: the war room's own modules' Node dependencies are in it.
    expect(loaded.some((name) => name.includes('child_process'))).toBe(true);
    expect(loaded.filter((name) => name.includes('undici'))).toEqual([]);
  }, 60_000);
});
