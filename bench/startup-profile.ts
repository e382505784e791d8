// Whose work the dashboard's start-up is: `warroom run` (demo runbook, dry run) under
// `node --cpu-prof`, its samples from the start of the profile to the first frame (the end of
// Ink's first synchronous render) mapped through dist/cli.js.map to the file they came from,
// and grouped by owner: our src/, Ink with React and Yoga, the runbook's parsers, Node itself.
// A native leaf (GC, a compile, a builtin) counts for the nearest JavaScript caller that has an
// owner; what has none is Node's (bootstrap, loading and compiling the bundle).
import { promises as fs, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { startPty } from '../test/helpers/pty.ts';
import { median } from './measure.ts';
import { benchEnv, HELP_BAR, quit } from './pty-apps.ts';
import type { BenchContext, BenchOutput } from './types.ts';

const RUNS = 3;

export const how =
  '`warroom run` on the demo runbook (dry run) in an 80×24 pseudo-terminal under ' +
  '`node --cpu-prof --cpu-prof-interval 500`; the samples from the start of the profile until ' +
  "the first frame is written (the end of Ink's first synchronous render) are mapped through " +
  'the bundle\'s source map to their file and grouped by owner; a native leaf (GC, compiling, a ' +
  'builtin) counts for its nearest JavaScript caller with an owner, and what has none is Node\'s ' +
  `own work (bootstrap, loading and compiling the 1.4 MB bundle). Median share over ${RUNS} ` +
  'profiles. The profiler slows everything down, so the shares matter, not the milliseconds.';

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
  if (source.includes('/src/')) return 'ours (src/)';
  if (source.startsWith('wasm://')) return 'Ink, React, Yoga and their dependencies';
  return null;
}

/** Owner → sampled ms until the first frame. */
export function ownersOfProfile(profile: Profile, map: SourceMap, bundle: string): Map<Owner, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sources = new Map<number, string>();
  const sourceOf = (n: ProfileNode): string => {
    let s = sources.get(n.id);
    if (s === undefined) {
      const { url, lineNumber, columnNumber, functionName } = n.callFrame;
      s = url.endsWith(bundle) ? ((map.findEntry(lineNumber, columnNumber) as { originalSource?: string }).originalSource ?? '?') : url || functionName;
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
      name = `${entry.name ?? functionName}@${entry.originalSource ?? url}`;
      names.set(n.id, name);
    }
    return /^render@.*node_modules\/ink\/src\/ink\.tsx$/.test(name);
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

async function profiledRun(target: string, home: string, dir: string): Promise<string> {
  const demo = path.join(target, 'runbooks/api-high-latency.md');
  const before = new Set(await fs.readdir(dir));
  const pty = startPty(['--cpu-prof', '--cpu-prof-interval', '500', `--cpu-prof-dir=${dir}`, path.join(target, 'bin/warroom.js'), 'run', demo, '--dry-run'], {
    file: process.execPath,
    env: benchEnv(home),
    cols: 80,
    rows: 24,
    cwd: target,
  });
  await pty.waitFor(HELP_BAR, 30_000);
  await quit(pty);
  const made = (await fs.readdir(dir)).filter((f) => !before.has(f) && f.endsWith('.cpuprofile'));
  if (made.length !== 1) throw new Error(`expected one profile, found ${made.length}`);
  return path.join(dir, made[0]!);
}

export async function run({ target }: BenchContext): Promise<BenchOutput> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-bench-profile-'));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-bench-cpuprof-'));
  try {
    const map = new SourceMap(JSON.parse(readFileSync(path.join(target, 'dist/cli.js.map'), 'utf8')));
    await profiledRun(target, home, dir);
    const shares = new Map<Owner, number[]>();
    const sampled: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const file = await profiledRun(target, home, dir);
      const totals = ownersOfProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, map, 'dist/cli.js');
      const sum = [...totals.values()].reduce((a, b) => a + b, 0);
      sampled.push(sum);
      for (const owner of OWNERS) shares.set(owner, [...(shares.get(owner) ?? []), (100 * (totals.get(owner) ?? 0)) / sum]);
    }
    const rows = OWNERS.map((owner) => ({ owner, share: median(shares.get(owner)!), min: Math.min(...shares.get(owner)!), max: Math.max(...shares.get(owner)!) }));
    const table = [
      `| whose work, process start → first frame (profiled: ${median(sampled).toFixed(0)} ms sampled, median of ${RUNS}) | share: median (min–max) |`,
      '| --- | --- |',
      ...rows.map((r) => `| ${r.owner} | ${r.share.toFixed(0)} % (${r.min.toFixed(0)}–${r.max.toFixed(0)}) |`),
    ].join('\n');
    return { results: [], section: { title: 'Start-up profile: whose work the first frame waits for', markdown: table } };
  } finally {
    await fs.rm(home, { recursive: true, force: true });
    await fs.rm(dir, { recursive: true, force: true });
  }
}
