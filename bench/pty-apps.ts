// What the dashboard benchmarks share: the bundled baseline Ink apps, a generated runbook with a
// command that floods its output, warroom started in a real pseudo-terminal, and timing one
// key press to the frame that answers it.
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { startPty, type PtySession } from '../test/helpers/pty.ts';

/** The help bar's last item: on screen once the first complete frame is. */
export const HELP_BAR = /\? help\s*$/m;

export interface Baselines {
  /** One <Text>, then exit: the start-up floor. */
  minimal: string;
  /** A `›` cursor over 20 rows on j/k and a clock: the key-path and idle floor. */
  keys: string;
}

/** Bundles the baseline apps with this checkout's esbuild options (the same for every target). */
export async function buildBaselines(self: string): Promise<Baselines> {
  const dir = path.join(self, 'node_modules', '.cache', 'warroom-bench');
  await fs.mkdir(dir, { recursive: true });
  const { bundleOptions } = (await import(path.join(self, 'scripts/build.mjs'))) as { bundleOptions: Record<string, unknown> };
  const out = { minimal: path.join(dir, 'minimal-ink.js'), keys: path.join(dir, 'minimal-ink-keys.js') };
  await build({ ...bundleOptions, absWorkingDir: self, entryPoints: [path.join(self, 'bench/minimal-ink.tsx')], outfile: out.minimal });
  await build({ ...bundleOptions, absWorkingDir: self, entryPoints: [path.join(self, 'bench/minimal-ink-keys.tsx')], outfile: out.keys });
  return out;
}

export function benchEnv(home: string): NodeJS.ProcessEnv {
  return { WARROOM_HOME: home, WARROOM_OPERATOR: 'bench', TERM: 'xterm-256color' };
}

/** warroom of the target checkout in an 80×24 pseudo-terminal. */
export function startWarroom(target: string, args: string[], home: string): PtySession {
  return startPty([path.join(target, 'bin/warroom.js'), ...args], { file: process.execPath, env: benchEnv(home), cols: 80, rows: 24, cwd: target });
}

export function startNodeApp(file: string, home: string, env: NodeJS.ProcessEnv = {}): PtySession {
  return startPty([file], { file: process.execPath, env: { ...benchEnv(home), ...env }, cols: 80, rows: 24 });
}

/** A runbook with `steps` task items; the first runs `command` (risk read: enter, enter). */
export async function floodRunbook(dir: string, steps: number, command: string): Promise<string> {
  const items = Array.from({ length: steps - 1 }, (_, i) => `- [ ] Bench step ${i + 1}: look at something and tick it`);
  const file = path.join(dir, `bench-${steps}.md`);
  const body = ['# Bench Runbook', '', '**Severity**: SEV-2', '', '## Investigation', '', '- [ ] Flood the output pane', '  ```bash {name=flood risk=read}', `  ${command}`, '  ```', ...items, ''];
  await fs.writeFile(file, body.join('\n'));
  return file;
}

/** A node script printing ~50,000 lines/s (1,000 lines every 20 ms) for `seconds`. */
export async function linesPerSecondScript(dir: string, seconds: number): Promise<string> {
  const file = path.join(dir, 'flood.mjs');
  await fs.writeFile(
    file,
    `const line = 'flood output line with some width to it, like a log line from a busy service';\n` +
      `let n = 0; const t = setInterval(() => { let s = ''; for (let i = 0; i < 1000; i++) s += line + ' ' + (n++) + '\\n'; process.stdout.write(s); }, 20);\n` +
      `setTimeout(() => { clearInterval(t); }, ${seconds * 1000});\n`,
  );
  return file;
}

/** Opens the first step's command and confirms it (risk read). */
export async function startFirstCommand(pty: PtySession, started: RegExp): Promise<void> {
  pty.write('g');
  await pty.waitFor(/›.*Flood the output pane/);
  pty.write('\r');
  await pty.waitFor(/enter\/y runs/i, 10_000);
  pty.write('\r');
  await pty.waitFor(started, 15_000);
}

/**
 * ms from writing `key` to the first output that draws the `›` cursor. Ink redraws only what
 * changed, so clock ticks and output-pane refreshes never carry the cursor row and cannot be
 * mistaken for the key's frame.
 */
export function pressToFrame(pty: PtySession, key: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let t0 = 0;
    const timer = setTimeout(() => {
      off();
      reject(new Error('no frame within 2 s of a key press'));
    }, 2000);
    const off = pty.onData((data) => {
      if (t0 === 0 || !data.includes('›')) return;
      clearTimeout(timer);
      off();
      resolve(performance.now() - t0);
    });
    t0 = performance.now();
    pty.write(key);
  });
}

export function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no ${field} for ${pid}`);
  return Number(match[1]) / 1024;
}

export async function quit(pty: PtySession): Promise<void> {
  pty.write('q');
  const gone = await Promise.race([pty.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000))]);
  if (!gone) {
    pty.kill('SIGKILL');
    await pty.exited;
  }
}
