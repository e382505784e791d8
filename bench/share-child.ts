// The other terminal of bench/share.ts: its own replica, connection, listener and replicator on
// the shared incident, in its own process. Reads `note <n>` lines on stdin, appends a note for
// each (fsync, then the push in the background) and prints `sent <event id> <epoch ms>` with the
// time the local append returned. `quit` stops it.
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { ReplicaFile } from '../src/adapters/share/replica-file.ts';
import { SharedStore } from '../src/adapters/share/store.ts';
import { WakeListener } from '../src/adapters/share/listener.ts';
import { Replicator } from '../src/app/share/replicator.ts';

const [url, incidentId, file] = process.argv.slice(2) as [string, string, string];
const now = () => performance.timeOrigin + performance.now();
const replica = await ReplicaFile.open(file, { incidentId, terminal: `bench-child#${process.pid}` });
const store = await SharedStore.connect({ url });
const replicator = new Replicator({ incidentId, local: replica, log: store, pollMs: 10_000, onProblem: (line) => process.stderr.write(`child: ${line}\n`) });
const listener = WakeListener.start({ config: store.clientConfig, onWake: (wake) => replicator.wake(wake) });
replicator.start();
await replicator.idle();
process.stdout.write('ready\n');
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (line === 'quit') break;
  const { id } = await replica.appendWithId({ type: 'note.added', actor: 'child', text: line });
  const sentAt = now();
  replicator.kick();
  process.stdout.write(`sent ${id} ${sentAt}\n`);
  if (process.env.BENCH_DEBUG) void replicator.idle().then(() => process.stderr.write(`child: ${replica.replica.shared.length} shared, ${replica.replica.pending.length} pending, ${JSON.stringify(replicator.status)}\n`));
}
await replicator.stop();
await listener.close();
await store.close();
await replica.close();
process.exit(0);
