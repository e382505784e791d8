// Figures on how the runbook parser reads real runbooks: the bundled ones (runbooks/) and the
// public corpus (../shared/corpus). Run it before and after a parser change to see what moved:
//
//   npx node scripts/corpus-figures.ts                      figures
//   npx node scripts/corpus-figures.ts --save before.json   figures, plus every command to a file
//   npx node scripts/corpus-figures.ts --compare before.json
//                                                           figures, plus the risk changes since then
//
// It reads fields the model gained over time defensively, so it also runs on older commits.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseRunbook } from '../src/core/runbook/parse.ts';
import { allSteps } from '../src/core/runbook/query.ts';

const root = path.resolve(import.meta.dirname, '..');
const folders = [path.join(root, 'runbooks'), path.resolve(root, '../shared/corpus')];
const NOT_RUNBOOKS = new Set(['format.md', 'changelog.md', 'sources.md', 'contributing.md']);
const RANK: Record<string, number> = { read: 0, change: 1, destructive: 2 };

interface CommandRow {
  file: string;
  line: number;
  script: string;
  risk: string;
  reason: string;
  context: string;
  /** Which context (kind and what entered or implies it), to count distinct contexts. */
  contextKey: string;
  interactive: boolean;
}

function markdownUnder(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return markdownUnder(full);
      return name.endsWith('.md') && !NOT_RUNBOOKS.has(name.toLowerCase()) ? [full] : [];
    })
    .sort();
}

function count<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

const rows: CommandRow[] = [];
let runbooks = 0;
let steps = 0;
let variables = 0;
let escalationNotes = 0;
for (const file of folders.flatMap(markdownUnder)) {
  const shown = path.relative(root, file);
  const runbook = parseRunbook(readFileSync(file, 'utf8'), shown) as ReturnType<typeof parseRunbook> & { variables?: unknown[]; escalationNotes?: unknown[] };
  runbooks++;
  variables += runbook.variables?.length ?? 0;
  escalationNotes += runbook.escalationNotes?.length ?? 0;
  for (const step of allSteps(runbook)) {
    steps++;
    for (const command of step.commands) {
      const extra = command as typeof command & { context?: { kind: string; enteredBy?: string | null; entry?: string }; interactive?: boolean };
      rows.push({
        file: shown,
        line: command.position.start.line,
        script: command.script,
        risk: command.risk,
        reason: command.riskReason,
        context: extra.context?.kind ?? 'local',
        contextKey: `${extra.context?.kind ?? 'local'} ${extra.context?.enteredBy ?? extra.context?.entry ?? ''}`,
        interactive: extra.interactive ?? false,
      });
    }
  }
}

const print = (label: string, value: unknown) => console.log(`${label.padEnd(22)} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
print('runbooks', runbooks);
print('steps', steps);
print('commands', rows.length);
print('by risk', count(rows, (r) => r.risk));
print('commands by context', count(rows, (r) => r.context));
const distinct = [...new Map(rows.filter((r) => r.context !== 'local').map((r) => [`${r.file} ${r.contextKey}`, r])).values()];
print('contexts by kind', count(distinct, (r) => r.context));
print('variables', variables);
print('interactive commands', rows.filter((r) => r.interactive).length);
print('escalation notes', escalationNotes);

const args = process.argv.slice(2);
const save = args.indexOf('--save');
if (save >= 0 && args[save + 1]) writeFileSync(args[save + 1]!, `${JSON.stringify(rows, null, 1)}\n`);

const compare = args.indexOf('--compare');
if (compare >= 0 && args[compare + 1]) {
  const before = JSON.parse(readFileSync(args[compare + 1]!, 'utf8')) as CommandRow[];
  // The same command is the same file and script; lines move when the parser splits blocks.
  const key = (r: CommandRow) => `${r.file}\u0000${r.script}`;
  const now = new Map(rows.map((r) => [key(r), r]));
  const was = new Map(before.map((r) => [key(r), r]));
  const moved: { from: CommandRow; to: CommandRow }[] = [];
  for (const [k, from] of was) {
    const to = now.get(k);
    if (to && to.risk !== from.risk) moved.push({ from, to });
  }
  const up = moved.filter((m) => (RANK[m.to.risk] ?? 0) > (RANK[m.from.risk] ?? 0));
  const down = moved.filter((m) => (RANK[m.to.risk] ?? 0) < (RANK[m.from.risk] ?? 0));
  console.log();
  print('commands before', before.length);
  print('same script, new risk', moved.length);
  print('risk up', count(up, (m) => `${m.from.risk}→${m.to.risk}`));
  print('risk down', count(down, (m) => `${m.from.risk}→${m.to.risk}`));
  const gone = [...was.values()].filter((r) => !now.has(key(r)));
  const added = [...now.values()].filter((r) => !was.has(key(r)));
  print('no longer commands', gone.length);
  for (const r of gone) console.log(`  - ${r.file}:${r.line}  ${r.script.replace(/\s+/g, ' ').slice(0, 100)}`);
  print('new commands', added.length);
  for (const r of added) console.log(`  + ${r.risk} ${r.context} ${r.file}:${r.line}  ${r.script.replace(/\s+/g, ' ').slice(0, 100)}`);
  for (const m of [...up, ...down]) {
    console.log(`  ${m.from.risk} (${m.from.reason}) → ${m.to.risk} (${m.to.reason})  ${m.to.file}:${m.to.line}  ${m.to.script.replace(/\s+/g, ' ').slice(0, 90)}`);
  }
}
