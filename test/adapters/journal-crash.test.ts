// Crash safety with a real process: a writer appends as fast as it can and reports each seq once
// append() resolved; we SIGKILL it at random moments. After every kill the journal must hold a
// prefix of what was written, include every seq reported durable, and take new appends.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalPath, openJournal } from '../../src/adapters/journal.ts';
import { replay } from '../../src/core/incident/reduce.ts';
import { makeTempDir, newIncidentJournal, waitFor } from '../helpers/journal-fixtures.ts';
import { noteText } from '../helpers/journal-writer.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const WRITER = fileURLToPath(new URL('../helpers/journal-writer.ts', import.meta.url));
const RUNS = 50;

let root: string;
beforeAll(async () => {
  root = await makeTempDir('warroom-crash-');
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

interface KilledRun {
  dir: string;
  maxDurable: number;
}

/** Starts the writer on a fresh incident, kills it with SIGKILL after a random (seeded) delay. */
async function writeAndKill(run: number, random: () => number): Promise<KilledRun> {
  const journal = await newIncidentJournal(root, `crash-${run}`);
  await journal.close();
  const child = spawn(process.execPath, [WRITER, 'append', journal.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

  await waitFor(() => (stdout.startsWith('ready\n') ? true : undefined), `writer ${run} to be ready (${stderr})`, 60_000);
  // The kill moment is what is random here; nothing waits on it for synchronisation.
  await new Promise((resolve) => setTimeout(resolve, random() * 120));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  const durable = [...stdout.matchAll(/^durable (\d+)$/gm)].map((m) => Number(m[1]));
  return { dir: journal.dir, maxDurable: Math.max(1, ...durable) };
}

async function checkSurvivor({ dir, maxDurable }: KilledRun): Promise<{ torn: boolean }> {
  // The dead writer left its lock behind: a writer open must take it over (same host, dead pid).
  await fs.stat(path.join(dir, 'lock'));
  const opened = await openJournal(dir);
  expect(opened.readonly).toBe(false);
  expect(opened.problems.every((p) => p.kind === 'torn-tail')).toBe(true);
  expect(opened.problems.length).toBeLessThanOrEqual(1);

  // A cut torn tail is recorded as the last event; the rest is what the writer wrote.
  const torn = opened.problems.length > 0;
  expect(opened.events.at(-1)?.type === 'journal.repaired').toBe(torn);
  const events = torn ? opened.events.slice(0, -1) : opened.events;
  expect(events.length).toBeGreaterThanOrEqual(maxDurable);
  // A prefix of exactly what the writer wrote: seqs 1..n with the deterministic note texts.
  events.forEach((event, index) => {
    expect(event.seq).toBe(index + 1);
    if (index === 0) expect(event.type).toBe('incident.opened');
    else expect(event).toMatchObject({ type: 'note.added', text: noteText(event.seq) });
  });
  expect(replay(opened.events).lastSeq).toBe(opened.events.length);

  // Still appendable after the repair, and the append survives a reopen.
  const next = await opened.journal?.append({ type: 'note.added', actor: 'after-crash', text: 'still here' });
  expect(next?.seq).toBe(opened.events.length + 1);
  await opened.journal?.close();
  const reread = await openJournal(dir, { readonly: true });
  expect(reread.problems).toEqual([]);
  expect(reread.events).toHaveLength(opened.events.length + 1);
  expect(reread.events.at(-1)).toMatchObject({ actor: 'after-crash', text: 'still here' });
  await fs.rm(dir, { recursive: true, force: true });
  return { torn };
}

describe('journal under SIGKILL', () => {
  it(`keeps a durable prefix and stays appendable over ${RUNS} random kills`, async () => {
    let torn = 0;
    const random = seededRandom();
    // Two writers at a time: the machine has two cores and the runs are independent.
    for (let run = 0; run < RUNS; run += 2) {
      const killed = await Promise.all([writeAndKill(run, random.next), writeAndKill(run + 1, random.next)]);
      for (const k of killed) if ((await checkSurvivor(k)).torn) torn += 1;
    }
    // Informational: how many kills landed mid-write (the torn-tail repair is tested directly too).
    console.info(`journal crash test: ${RUNS} kills, ${torn} torn tails repaired (seed ${random.seed})`);
  }, 120_000);

  it('a file cut at every byte of its last line reads as the complete prefix before it', async () => {
    // Deterministic companion to the random kills: every possible torn length of an append.
    const journal = await newIncidentJournal(root, 'cut');
    await journal.append({ type: 'note.added', actor: 'a', text: 'kept' });
    await journal.append({ type: 'note.added', actor: 'a', text: 'torn é' });
    await journal.close();
    const bytes = await fs.readFile(journalPath(journal.dir));
    const lastStart = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
    for (let cut = lastStart; cut < bytes.length; cut += 1) {
      await fs.writeFile(journalPath(journal.dir), bytes.subarray(0, cut));
      const { events, problems } = await openJournal(journal.dir, { readonly: true });
      expect(events.map((e) => e.seq)).toEqual([1, 2]);
      expect(problems.map((p) => p.kind)).toEqual(cut === lastStart ? [] : ['torn-tail']);
    }
  });
});
