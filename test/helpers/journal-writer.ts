// A real writer process for the journal tests, run as `node test/helpers/journal-writer.ts`.
//
//   journal-writer.ts append <dir>   opens the journal, prints `ready`, then appends note events
//                                    forever, printing `durable <seq>` once each append resolved
//   journal-writer.ts hold <dir>     opens the journal (taking the lock), prints `ready`, waits
//
// Note texts are a pure function of seq (noteText), so a test can check that whatever survives
// a SIGKILL is exactly a prefix of what was written.
import { openJournal } from '../../src/adapters/journal.ts';

export function noteText(seq: number): string {
  // Varying sizes, some of several MB: the kernel checks for a fatal signal between pages of a
  // long write, so SIGKILL can then leave a really torn line, as a power cut would.
  const size = seq % 16 === 0 ? 3_000_000 : (seq * 7919) % 9000;
  return `note ${seq} ${'x'.repeat(size)}`;
}

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (!dir || (mode !== 'append' && mode !== 'hold')) {
    process.stderr.write('usage: journal-writer.ts append|hold <dir>\n');
    process.exit(2);
  }
  const { journal } = await openJournal(dir);
  if (!journal) throw new Error('journal opened read-only');
  process.stdout.write('ready\n');
  if (mode === 'hold') {
    setInterval(() => undefined, 1 << 30);
    return;
  }
  for (;;) {
    // Two appends in the same tick: exercises group commit under the kill too.
    const seqA = journal.lastSeq + 1;
    const seqB = seqA + 1;
    const done = [
      journal.append({ type: 'note.added', actor: 'writer', text: noteText(seqA) }),
      journal.append({ type: 'note.added', actor: 'writer', text: noteText(seqB) }),
    ];
    for (const appended of await Promise.all(done)) process.stdout.write(`durable ${appended.seq}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`journal-writer: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
