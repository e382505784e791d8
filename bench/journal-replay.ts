// Journal replay: a 100,000-event journal written through the real append path, then read back
// the way `warroom resume` and `show` do, against reading and JSON.parse of its lines alone.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NewEvent } from '../src/core/incident/events.ts';
import type { Runbook } from '../src/core/runbook/types.ts';
import { alternate, compared } from './measure.ts';
import type { BenchContext, BenchResult } from './types.ts';
import type * as EventsModule from '../src/core/incident/events.ts';
import type * as JournalModule from '../src/adapters/journal.ts';
import type * as ReduceModule from '../src/core/incident/reduce.ts';
import { targetModule } from './target.ts';

const EVENTS = 100_000;
const RUNS = 5;

export const how =
  'a 100,000-event journal (notes, ticks, parameters, full command lifecycles) written through the ' +
  'real append path, then read back the way `resume` and `show` do (read, split, JSON.parse, ' +
  'validateEvent, replay), against reading the same file and JSON.parse of its lines only, the ' +
  `floor any JSON-lines journal pays; ${RUNS} alternated runs after a warm-up.`;

const runbook: Runbook = {
  file: 'bench.md',
  title: 'Bench',
  titleSource: 'h1',
  titleParameters: [],
  metadata: {},
  severity: 'SEV-2',
  trigger: null,
  frontMatter: {},
  sections: [],
  variables: [],
  escalation: [],
  escalationNotes: [],
  diagnostics: [],
};

/** A realistic mix: ticks, notes, parameters and full command lifecycles. */
function eventFor(i: number): NewEvent {
  switch (i % 8) {
    case 0:
      return { type: 'note.added', actor: 'ana', text: `checked the dashboards again, p99 still at ${i % 900} ms` };
    case 1:
      return { type: 'step.checked', actor: 'ben', stepId: `s${i % 40}`, note: null };
    case 2:
      return { type: 'step.unchecked', actor: 'ben', stepId: `s${(i - 1) % 40}`, note: null };
    case 3:
      return { type: 'parameter.set', actor: 'ana', name: 'pod-name', value: `api-${i}` };
    case 4:
      return { type: 'command.requested', actor: 'ana', stepId: 's1', commandId: 's1/c0', template: 'kubectl get pods', risk: 'read' };
    case 5:
      return {
        type: 'command.confirmed', actor: 'ana', requestSeq: i, script: 'kubectl get pods', confirmation: 'key',
        kubeContext: 'prod', kubeNamespace: 'api', dryRun: false,
      };
    case 6:
      return {
        type: 'command.started', actor: 'system', requestSeq: i - 1, pid: 4242, cwd: '/srv', script: 'kubectl get pods',
        kubeContext: 'prod', outputFile: `commands/${i - 1}.log`,
      };
    default:
      return {
        type: 'command.finished', actor: 'system', requestSeq: i - 2, exitCode: 0, signal: null, durationMs: 1234,
        outputFile: `commands/${i - 2}.log`, outputBytes: 2048, outputSha256: 'ab'.repeat(32), timedOut: false,
        cancelled: false, dryRun: false, error: null, tail: ['NAME READY STATUS', 'api-1 1/1 Running'],
      };
  }
}

export async function run({ target }: BenchContext): Promise<BenchResult[]> {
  const { createJournal, journalPath, openJournal } = await targetModule<typeof JournalModule>(target, 'src/adapters/journal.ts');
  const { JOURNAL_FORMAT_VERSION } = await targetModule<typeof EventsModule>(target, 'src/core/incident/events.ts');
  const { replay } = await targetModule<typeof ReduceModule>(target, 'src/core/incident/reduce.ts');
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'warroom-bench-journal-'));
  try {
    const dir = path.join(root, 'bench');
    const journal = await createJournal(dir, {
      kind: 'warroom-journal',
      formatVersion: JOURNAL_FORMAT_VERSION,
      incidentId: 'bench',
      createdAt: new Date().toISOString(),
    });
    await journal.append({
      type: 'incident.opened', actor: 'ana', incidentId: 'bench', title: 'Bench', runbookPath: 'bench.md',
      runbookHash: '00'.repeat(32), runbook, service: 'api', severity: 'SEV-2', detectedAt: null, impactStartedAt: null,
      commander: 'ana', escalationFrom: 'detection', updateCadenceMinutes: 15, mode: { dryRun: false, readonly: false },
    });
    // Event i gets seq i + 1, so eventFor's requestSeq values point at the command.requested.
    const appends: Promise<unknown>[] = [];
    for (let i = 1; i < EVENTS; i += 1) appends.push(journal.append(eventFor(i)));
    await Promise.all(appends);
    await journal.close();

    const viaReplay = async () => {
      const start = performance.now();
      const { events, problems } = await openJournal(dir, { readonly: true });
      const state = replay(events);
      const ms = performance.now() - start;
      if (problems.length > 0 || state.lastSeq !== EVENTS) throw new Error(`replay gave lastSeq ${state.lastSeq}, ${problems.length} problems`);
      return ms;
    };
    const viaParse = async () => {
      const start = performance.now();
      const text = await fs.readFile(journalPath(dir), 'utf8');
      let parsed = 0;
      for (const line of text.split('\n')) if (line !== '') parsed += JSON.parse(line) === null ? 0 : 1;
      const ms = performance.now() - start;
      if (parsed !== EVENTS + 1) throw new Error(`baseline parsed ${parsed} lines`);
      return ms;
    };
    const samples = await alternate(RUNS, viaReplay, viaParse);
    return [compared('journal replay, 100,000 events (read + parse + validate + reduce)', 'ms', samples, 'JSON.parse of the same lines', '≤ 2×')];
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}
