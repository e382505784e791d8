// Child for the replica crash test: appends notes to a replica file and prints `acked <n>` after
// each append resolves (the screen's acknowledgement), until it is killed.
import { ReplicaFile } from '../../src/adapters/share/replica-file.ts';

const [file] = process.argv.slice(2);
const replica = await ReplicaFile.open(file!, { incidentId: 'inc-crash', terminal: 'child' });
process.stdout.write('ready\n');
for (let n = 1; ; n++) {
  await replica.append({ type: 'note.added', actor: 'alice', text: `note ${n}` });
  process.stdout.write(`acked ${n}\n`);
}
