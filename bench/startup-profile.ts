// Whose work the dashboard's start-up is: `warroom run` (demo runbook, dry run) under
// `node --cpu-prof`, its samples from the start of the profile to the first frame (the end of
// Ink's first synchronous render) mapped through the bundle's source map to the file they came from,
// and grouped by owner: our src/, Ink with React and Yoga, the runbook's parsers, Node itself.
// A native leaf (GC, a compile, a builtin) counts for the nearest JavaScript caller that has an
// owner; what has none is Node's (bootstrap, loading and compiling the bundle).
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { startPty } from '../test/helpers/pty.ts';
import { median } from './measure.ts';
import { benchEnv, buildBaselines, HELP_BAR, quit } from './pty-apps.ts';
import type { BenchContext, BenchOutput } from './types.ts';

const RUNS = 5;

export const how =
  '`warroom run` on the demo runbook (dry run) in an 80×24 pseudo-terminal under ' +
  '`node --cpu-prof --cpu-prof-interval 500`; the samples from the start of the profile until ' +
  "the first frame is written (the end of Ink's first synchronous render) are mapped through " +
  'the bundle\'s source map to their file and grouped by owner; a native leaf (GC, compiling, a ' +
  'builtin) counts for its nearest JavaScript caller with an owner, and what has none is Node\'s ' +
  `own work (bootstrap, loading the 1.6 MB bundle and its code cache, compiling what that cache lacks). The empty Ink app of the ` +
  `start-up figure (one \`<Text>\`, bundled the same way) is profiled the same way, alternated, ` +
  `${RUNS} profiles each: the difference column says whose work the first frame's extra time is. ` +
  'The profiler slows everything down, so compare the columns, not the milliseconds with the table above.';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const INK = /node_modules\/(ink|yoga-layout|string-width|@alcalzone|react|react-reconciler|scheduler|chalk|wrap-ansi|slice-ansi|cli-truncate|ansi-|strip-ansi|emoji-regex|get-east-asian-width|es-toolkit|auto-bind|signal-exit|cli-boxes|indent-string|widest-line|patch-console|stack-utils|code-excerpt|convert-to-spaces|is-in-ci|terminal-size|cli-cursor|restore-cursor|ws)\//;
const PARSERS = /node_modules\/(micromark|mdast|unist|decode-named|character-|parse-entities|markdown-table|longest-streak|ccount|devlop|yaml|unbash|zwitch|escape-string|trim-lines|vfile)/;

export const OWNERS = ['ours (src/)', 'Ink, React, Yoga and their dependencies', "the runbook's parsers (Markdown, YAML, shell)", 'other dependencies', 'Node (bootstrap, loading and compiling the bundle, GC)', 'waiting (fsync, I/O)'] as const;
type Owner = (typeof OWNERS)[number];

function ownerOf(source: string): Owner | null {
  if (source === '(idle)') return 'waiting (fsync, I/O)';
  if (source.includes('node_modules/')) {
    if (INK.test(source)) return 'Ink, React, Yoga and their dependencies';
    if (PARSERS.test(source)) return "the runbook's parsers (Markdown, YAML, shell)";
    return 'other dependencies';
  }
  if (source.startsWith('src/')) return 'ours (src/)';
  if (source.startsWith('wasm://')) return 'Ink, React, Yoga and their dependencies';
  return null;
}

/** A bundle and its source map; its sources are named relative to `root` (`src/…`, `node_modules/…`). */
interface Mapped {
  map: SourceMap;
  /** How the profile's URLs end for this bundle. */
  bundle: string;
  mapDir: string;
  root: string;
}

/** Owner → sampled ms until the first frame. */
export function ownersOfProfile(profile: Profile, { map, bundle, mapDir, root }: Mapped): Map<Owner, number> {
  const original = (source: string | undefined) => (source === undefined ? '?' : path.relative(root, path.resolve(mapDir, source)));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sources = new Map<number, string>();
  const sourceOf = (n: ProfileNode): string => {
    let s = sources.get(n.id);
    if (s === undefined) {
      const { url, lineNumber, columnNumber, functionName } = n.callFrame;
      s = url.endsWith(bundle) ? original((map.findEntry(lineNumber, columnNumber) as { originalSource?: string }).originalSource) : url || functionName;
      sources.set(n.id, s);
    }
    return s;
  };
  const names = new Map<number, string>();
  const isInkRender = (n: ProfileNode): boolean => {
    let name = names.get(n.id);
    if (name === undefined) {
      const { url, lineNumber, columnNumber, functionName } = n.callFrame;
      const entry = url.endsWith(bundle) ? (map.findEntry(lineNumber, columnNumber) as { name?: string; originalSource?: string }) : {};
      name = `${entry.name ?? functionName}@${entry.originalSource !== undefined ? original(entry.originalSource) : url}`;
      names.set(n.id, name);
    }
    return /^render@(.*\/)?node_modules\/ink\/src\/ink\.tsx$/.test(name);
  };
  const under = (n: ProfileNode | undefined, test: (n: ProfileNode) => boolean): boolean => {
    for (let p = n; p; p = byId.get(parent.get(p.id)!)) if (test(p)) return true;
    return false;
  };
  // The first frame is written inside Ink's first render() call: stop where that call ends.
  let cut = profile.samples.length;
  let rendering = false;
  for (let i = 0; i < profile.samples.length; i++) {
    const inRender = under(byId.get(profile.samples[i]!), isInkRender);
    if (inRender) rendering = true;
    else if (rendering) {
      cut = i;
      break;
    }
  }
  const totals = new Map<Owner, number>();
  for (let i = 0; i < cut; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let owner: Owner | null = null;
    for (let p = byId.get(profile.samples[i]!); p && owner === null; p = byId.get(parent.get(p.id)!)) {
      const o = ownerOf(sourceOf(p));
      // Waiting belongs to no caller; any other native leaf goes up to its caller.
      if (o !== null && (o !== 'waiting (fsync, I/O)' || p.id === profile.samples[i])) owner = o;
    }
    const key = owner ?? 'Node (bootstrap, loading and compiling the bundle, GC)';
    totals.set(key, (totals.get(key) ?? 0) + ms);
  }
  return totals;
}

/** One profile of `args` in an 80×24 pseudo-terminal, ended by `finish`; its file. */
async function profiled(args: string[], home: string, dir: string, cwd: string, finish: (pty: ReturnType<typeof startPty>) => Promise<void>): Promise<string> {
  const before = new Set(await fs.readdir(dir));
  const pty = startPty(['--cpu-prof', '--cpu-prof-interval', '500', `--cpu-prof-dir=${dir}`, ...args], { file: process.execPath, env: benchEnv(home), cols: 80, rows: 24, cwd });
  await finish(pty);
  const made = (await fs.readdir(dir)).filter((f) => !before.has(f) && f.endsWith('.cpuprofile'));
  if (made.length !== 1) throw new Error(`expected one profile, found ${made.length}`);
  return path.join(dir, made[0]!);
}

interface App extends Mapped {
  args: string[];
  cwd: string;
  finish: (pty: ReturnType<typeof startPty>) => Promise<void>;
}

/** Sampled ms per owner until the first frame, one map per profile. */
async function profileRuns(app: App, home: string, dir: string): Promise<Map<Owner, number>> {
  const file = await profiled(app.args, home, dir, app.cwd, app.finish);
  return ownersOfProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, app);
}

const range = (xs: readonly number[], digits: number) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

export async function run({ target, self }: BenchContext): Promise<BenchOutput> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-bench-profile-'));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-bench-cpuprof-'));
  try {
    const { minimal } = await buildBaselines(self);
    // dist/cli.cjs since the bundle carries a code cache; a target from before runs dist/cli.js.
    const bundle = existsSync(path.join(target, 'dist/cli.cjs')) ? 'dist/cli.cjs' : 'dist/cli.js';
    const warroom: App = {
      args: [path.join(target, 'bin/warroom.js'), 'run', path.join(target, 'runbooks/api-high-latency.md'), '--dry-run'],
      cwd: target,
      map: new SourceMap(JSON.parse(readFileSync(path.join(target, `${bundle}.map`), 'utf8'))),
      bundle,
      mapDir: path.join(target, 'dist'),
      root: target,
      finish: async (pty) => {
        await pty.waitFor(HELP_BAR, 30_000);
        await quit(pty);
      },
    };
    const empty: App = {
      args: [minimal],
      cwd: target,
      map: new SourceMap(JSON.parse(readFileSync(`${minimal}.map`, 'utf8'))),
      bundle: path.basename(minimal),
      mapDir: path.dirname(minimal),
      root: self,
      finish: async (pty) => void (await pty.exited),
    };
    // A first run of each warms the compile caches and the page cache; then A/B alternated.
    await profileRuns(warroom, home, dir);
    await profileRuns(empty, home, dir);
    const ours: Map<Owner, number>[] = [];
    const theirs: Map<Owner, number>[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await profileRuns(warroom, home, dir));
      theirs.push(await profileRuns(empty, home, dir));
    }
    const total = (m: Map<Owner, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const ms = (runs: Map<Owner, number>[], owner: Owner) => runs.map((m) => m.get(owner) ?? 0);
    const share = (owner: Owner) => ours.map((m) => (100 * (m.get(owner) ?? 0)) / total(m));
    const rows = OWNERS.map((owner) => {
      const difference = median(ms(ours, owner)) - median(ms(theirs, owner));
      return `| ${owner} | ${range(share(owner), 0)} % | ${range(ms(ours, owner), 1)} | ${range(ms(theirs, owner), 1)} | ${difference >= 0 ? '+' : '−'}${Math.abs(difference).toFixed(1)} |`;
    });
    const difference = median(ours.map(total)) - median(theirs.map(total));
    const table = [
      `| whose work, process start → first frame (median of ${RUNS} profiles each, alternated) | warroom: share | warroom: sampled ms | empty Ink app (one \`<Text>\`): sampled ms | difference, ms |`,
      '| --- | --- | --- | --- | --- |',
      ...rows,
      `| all | 100 % | ${range(ours.map(total), 1)} | ${range(theirs.map(total), 1)} | ${difference >= 0 ? '+' : '−'}${Math.abs(difference).toFixed(1)} |`,
    ].join('\n');
    return { results: [], section: { title: 'Start-up profile: whose work the first frame waits for', markdown: table } };
  } finally {
    await fs.rm(home, { recursive: true, force: true });
    await fs.rm(dir, { recursive: true, force: true });
  }
}
