// Many incidents: `warroom list`, `show latest`, the resume path and the picker's listing over
// 10,000 generated incidents, each alternated with the same over 100 (the figure must not
// depend on the count).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { IncidentEvent } from '../src/core/incident/events.ts';
import { alternate, compared, single, timeCommand } from './measure.ts';
import type { BenchContext, BenchResult } from './types.ts';
import type * as EventsModule from '../src/core/incident/events.ts';
import type * as IncidentsModule from '../src/adapters/incidents.ts';
import type * as OpenIncidentModule from '../src/app/open-incident.ts';
import type * as ParseModule from '../src/core/runbook/parse.ts';
import type * as PickModule from '../src/commands/pick.ts';
import type * as ValidateModule from '../src/core/incident/validate-event.ts';
import { targetModule } from './target.ts';

const MANY = 10_000;
const FEW = 100;
const RUNS = 5;

export const how =
  `${MANY.toLocaleString('en')} incidents generated straight to disk (header, incident.opened with ` +
  'the demo runbook snapshot, notes, a status change; four in five resolved), against the same ' +
  `generator with ${FEW}. \`warroom list\` (process spawn to exit, output to /dev/null) and ` +
  '`warroom show latest`; in-process: the resume path (resumeIncidentJournal with no id, as ' +
  '`warroom resume` calls it before opening the dashboard: finds the newest open incident, opens ' +
  "its journal with the lock, then closes it) and the picker's listing (the newest open ones, as " +
  `the picker asks for them). ${RUNS} alternated runs after a warm-up of each (the warm-up builds ` +
  'the index and its head where there are ones); "first list" is one cold run on a fresh copy, ' +
  'before any index exists. The generated folders are older than the head needs to trust them.';

type Modules = {
  events: typeof EventsModule;
  parse: typeof ParseModule;
  validate: typeof ValidateModule;
  incidents: typeof IncidentsModule;
  open: typeof OpenIncidentModule;
  pick: typeof PickModule;
};

async function load(target: string): Promise<Modules> {
  const from = <T>(file: string) => targetModule<T>(target, file);
  return {
    events: await from('src/core/incident/events.ts'),
    parse: await from('src/core/runbook/parse.ts'),
    validate: await from('src/core/incident/validate-event.ts'),
    incidents: await from('src/adapters/incidents.ts'),
    open: await from('src/app/open-incident.ts'),
    pick: await from('src/commands/pick.ts'),
  };
}

/** Writes `count` incident folders directly (no journal API: 10,000 fsyncs would take minutes). */
function generate(home: string, count: number, m: Modules, demo: string): void {
  const incidentsDir = path.join(home, 'incidents');
  // With the index's folder, as warroom makes the incidents folder.
  mkdirSync(path.join(incidentsDir, '.index'), { recursive: true, mode: 0o700 });
  const runbook = m.parse.parseRunbook(readFileSync(demo, 'utf8'), demo);
  const base = Date.parse('2025-01-01T00:00:00.000Z');
  for (let i = 0; i < count; i++) {
    const opened = base + i * 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const stamp = iso(opened).slice(0, 16).replace('T', '-').replace(':', '');
    const id = `${stamp}-api-high-latency-${i}`;
    const events: IncidentEvent[] = [];
    const add = (event: Record<string, unknown>, at: number) => events.push({ ...event, seq: events.length + 1, at: iso(at) } as IncidentEvent);
    add({
      type: 'incident.opened', actor: 'ana', incidentId: id, title: `api High Latency #${i}`, runbookPath: demo,
      runbookHash: 'ab'.repeat(32), runbook, service: 'api', severity: i % 3 === 0 ? 'SEV-1' : 'SEV-2', detectedAt: null,
      impactStartedAt: null, commander: 'ana', escalationFrom: 'detection', updateCadenceMinutes: 15,
      mode: { dryRun: i % 10 === 0, readonly: false },
    }, opened);
    add({ type: 'note.added', actor: 'ana', text: 'p99 at 2.3 s on the checkout path' }, opened + 60_000);
    add({ type: 'status.changed', actor: 'ana', from: 'investigating', to: 'identified' }, opened + 120_000);
    add({ type: 'note.added', actor: 'ben', text: 'rolled back the 10:02 deploy' }, opened + 180_000);
    // The newest ones stay open, as on a real laptop: the picker and `resume` have some to find.
    if (i < count - 5 && i % 5 !== 0) add({ type: 'incident.resolved', actor: 'ana', from: 'identified', summary: 'rolled back' }, opened + 600_000);
    if (i === 0) {
      for (const event of events) {
        const problem = m.validate.validateEvent(JSON.parse(JSON.stringify(event)));
        if (problem !== null) throw new Error(`generated an invalid ${event.type}: ${problem}`);
      }
    }
    const header = { kind: 'warroom-journal', formatVersion: m.events.JOURNAL_FORMAT_VERSION, incidentId: id, createdAt: iso(opened) };
    const dir = path.join(incidentsDir, id);
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(path.join(dir, 'journal.jsonl'), [header, ...events].map((line) => `${JSON.stringify(line)}\n`).join(''), { mode: 0o600 });
  }
}

export async function run({ target }: BenchContext): Promise<BenchResult[]> {
  const m = await load(target);
  const root = mkdtempSync(path.join(os.tmpdir(), 'warroom-bench-index-'));
  try {
    const demo = path.join(target, 'runbooks/api-high-latency.md');
    const many = path.join(root, 'many');
    const few = path.join(root, 'few');
    const cold = path.join(root, 'cold');
    generate(many, MANY, m, demo);
    generate(few, FEW, m, demo);
    generate(cold, MANY, m, demo);
    const bin = path.join(target, 'bin/warroom.js');
    const envOf = (home: string) => ({ ...process.env, WARROOM_HOME: home, WARROOM_OPERATOR: 'bench' });

    const firstList = timeCommand(process.execPath, [bin, 'list'], envOf(cold));
    rmSync(cold, { recursive: true, force: true });
    const list = await alternate(RUNS, () => timeCommand(process.execPath, [bin, 'list'], envOf(many)), () => timeCommand(process.execPath, [bin, 'list'], envOf(few)));
    const show = await alternate(RUNS, () => timeCommand(process.execPath, [bin, 'show', 'latest'], envOf(many)), () => timeCommand(process.execPath, [bin, 'show', 'latest'], envOf(few)));

    const resume = (home: string) => async () => {
      const start = performance.now();
      const opened = await m.open.resumeIncidentJournal(envOf(home), undefined);
      const ms = performance.now() - start;
      await opened.journal?.close();
      return ms;
    };
    const resumed = await alternate(RUNS, resume(many), resume(few));
    const picker = (home: string) => async () => {
      const start = performance.now();
      const open = (await m.incidents.listRecentIncidents(envOf(home), { newest: 0, olderOpen: m.pick.PICKER_OPEN_LIMIT }, new Date())).incidents;
      const ms = performance.now() - start;
      if (open.length === 0) throw new Error('the picker found no open incident');
      return ms;
    };
    const listed = await alternate(RUNS, picker(many), picker(few));
    const goal = '< 150 ms, independent of the count';
    return [
      { name: `incidents: first warroom list of ${MANY.toLocaleString('en')} (cold, no index yet)`, unit: 'ms', value: single(firstList) },
      compared(`incidents: warroom list, ${MANY.toLocaleString('en')}`, 'ms', list, `${FEW}`, goal),
      compared(`incidents: warroom show latest, ${MANY.toLocaleString('en')}`, 'ms', show, `${FEW}`, goal),
      compared(`incidents: resume path (no id), ${MANY.toLocaleString('en')}, in-process`, 'ms', resumed, `${FEW}`, goal),
      compared(`incidents: picker listing, ${MANY.toLocaleString('en')}, in-process`, 'ms', listed, `${FEW}`, goal),
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
