// The shared war room: propagation between two terminals (two processes on one incident, a real
// PostgreSQL in a temp cluster), and the time to join an incident with 10,000 events.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import pg from 'pg';
import { latencyStats, stats } from './measure.ts';
import type { BenchContext, BenchResult } from './types.ts';
import { startPostgres } from '../test/helpers/postgres.ts';
import type * as ReplicaModule from '../src/adapters/share/replica-file.ts';
import type * as StoreModule from '../src/adapters/share/store.ts';
import type * as ListenerModule from '../src/adapters/share/listener.ts';
import type * as ReplicatorModule from '../src/app/share/replicator.ts';
import type * as ReplicaCore from '../src/core/share/replica.ts';
import type * as Fixtures from '../test/core/incident/fixtures.ts';
import { targetModule } from './target.ts';

const SAMPLES = Number(process.env.BENCH_SHARE_SAMPLES ?? 200);
const JOIN_EVENTS = 10_000;
const JOIN_RUNS = 3;

export const how =
  `Propagation: two processes, each with its own replica file, pg pool, LISTEN connection and ` +
  `replicator (poll 10 s, so only the wake-up can be fast) on one incident in a PostgreSQL 15 ` +
  `cluster started in a temp folder. ${SAMPLES} notes appended in the child one at a time; each ` +
  'sample is from the moment the local append (fsync) returned in the child to the moment the ' +
  'parent has the event fsynced in its replica (both clocks are the same machine). Join: an ' +
  `incident with ${JOIN_EVENTS.toLocaleString('en')} events (written straight into the store), ` +
  'joined from an empty replica: read in pages of 500, checked, merged, fsynced and the state ' +
  `derived, until the view holds every event; ${JOIN_RUNS} runs, each into a new replica.`;

const now = () => performance.timeOrigin + performance.now();

export async function run(context: BenchContext): Promise<BenchResult[]> {
  const from = <T>(file: string) => targetModule<T>(context.target, file);
  const { ReplicaFile } = await from<typeof ReplicaModule>('src/adapters/share/replica-file.ts');
  const { SharedStore } = await from<typeof StoreModule>('src/adapters/share/store.ts');
  const { WakeListener } = await from<typeof ListenerModule>('src/adapters/share/listener.ts');
  const { Replicator } = await from<typeof ReplicatorModule>('src/app/share/replicator.ts');
  const { viewEvents } = await from<typeof ReplicaCore>('src/core/share/replica.ts');
  const { openedEvent } = await from<typeof Fixtures>('test/core/incident/fixtures.ts');
  const server = await startPostgres();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warroom-bench-share-'));
  try {
    const url = await server.database('bench');
    await SharedStore.init({ url });
    const incidentId = '2026-11-26-1005-api-high-latency';
    const terminal = async (name: string, file = path.join(dir, `${name}.jsonl`), id = incidentId) => {
      const replica = await ReplicaFile.open(file, { incidentId: id, terminal: name });
      const store = await SharedStore.connect({ url });
      const replicator = new Replicator({ incidentId: id, local: replica, log: store, pollMs: 10_000 });
      const listener = WakeListener.start({ config: store.clientConfig, onWake: (wake) => replicator.wake(wake) });
      replicator.start();
      const close = async () => {
        await replicator.stop();
        await listener.close();
        await store.close();
        await replica.close();
      };
      return { replica, replicator, close };
    };

    const say = (text: string) => process.stderr.write(`bench: share: ${text}\n`);
    say('PostgreSQL up');
    // --- propagation ---
    const parent = await terminal('parent');
    const { seq: _s, at: _a, ...opened } = openedEvent();
    await parent.replica.append({ ...opened, incidentId } as never);
    parent.replicator.kick();
    await parent.replicator.idle();
    say('incident published');
    const seen = new Map<string, number>();
    parent.replica.subscribe(() => {
      for (const entry of parent.replica.replica.shared) if (entry.kind === 'event' && !seen.has(entry.id)) seen.set(entry.id, now());
    });
    const child = spawn(process.execPath, [path.join(context.self, 'bench', 'share-child.ts'), url, incidentId, path.join(dir, 'child.jsonl')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = readline.createInterface({ input: child.stdout });
    const nextLine = () => new Promise<string>((resolve) => lines.once('line', resolve));
    if ((await nextLine()) !== 'ready') throw new Error('the child terminal did not start');
    say('child ready');
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      child.stdin.write(`note ${i}\n`);
      const [, id, sentAt] = (await nextLine()).split(' ');
      for (;;) {
        const at = seen.get(id ?? '');
        if (at !== undefined) {
          samples.push(Math.max(0, at - Number(sentAt)));
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    child.stdin.write('quit\n');
    await new Promise((resolve) => child.once('exit', resolve));
    await parent.close();

    // --- join an incident with 10,000 events ---
    const bigId = '2026-11-26-1100-big-incident';
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const big = { ...opened, incidentId: bigId, seq: 1, at: new Date().toISOString() };
    await client.query(`INSERT INTO warroom_incidents (id, title, severity, status, commander, opened_at, last_seq) VALUES ($1, 't', 'SEV-2', 'investigating', 'alice', now(), $2)`, [bigId, JOIN_EVENTS]);
    await client.query(`INSERT INTO warroom_events (incident_id, seq, event_id, origin, actor, type, at, body, once_key) VALUES ($1, 1, gen_random_uuid(), 'bench', $2, 'incident.opened', now(), $3::jsonb, 'incident.opened')`, [bigId, big.actor, JSON.stringify(big)]);
    await client.query(
      `INSERT INTO warroom_events (incident_id, seq, event_id, origin, actor, type, at, body)
       SELECT $1, s, gen_random_uuid(), 'bench', 'alice', 'note.added', now(),
              jsonb_build_object('seq', s, 'type', 'note.added', 'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'actor', 'alice', 'text', 'note number ' || s)
         FROM generate_series(2, $2::int) AS s`,
      [bigId, JOIN_EVENTS],
    );
    await client.end();
    say('10,000 events written');
    const joins: number[] = [];
    for (let r = 0; r < JOIN_RUNS; r++) {
      const started = performance.now();
      const joiner = await terminal(`join${r}`, path.join(dir, `join-${r}.jsonl`), bigId);
      while (viewEvents(joiner.replica.replica).length < JOIN_EVENTS) await joiner.replicator.idle();
      joins.push(performance.now() - started);
      await joiner.close();
    }
    return [
      { name: 'shared: propagation between two terminals (append returned → fsynced in the other)', unit: 'ms', value: latencyStats(samples), goal: 'median < 200 ms, p99 < 1 s' },
      { name: `shared: join an incident with ${JOIN_EVENTS.toLocaleString('en')} events`, unit: 'ms', value: stats(joins) },
    ];
  } finally {
    await server.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
