// The incident index: rebuilt when missing or unreadable, trusted only while each journal is as
// it was, kept current by the war room's own appends, and never the reason an incident is
// missing from the list: journals changed behind its back, and processes SIGKILLed between the
// journal write and the index write, are read again (the journal wins).
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexDir, indexPath, LEGACY_INDEX_FILE } from '../../src/adapters/incident-index.ts';
import { latestOpenIncident, listIncidents, resolveIncident, summarizeIncident } from '../../src/adapters/incidents.ts';
import { createJournal, journalPath, openJournal } from '../../src/adapters/journal.ts';
import { JOURNAL_FORMAT_VERSION } from '../../src/core/incident/events.ts';
import { makeTempDir, openedEvent } from '../helpers/journal-fixtures.ts';

const CHILD = fileURLToPath(new URL('../helpers/index-crash-child.ts', import.meta.url));
const NOW = new Date('2026-11-27T00:00:00.000Z');

let home: string;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  home = await makeTempDir('warroom-index-');
  env = { WARROOM_HOME: home };
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

const incidents = () => path.join(home, 'incidents');
const indexFile = () => indexPath(incidents());
const dirOf = (id: string) => path.join(incidents(), id);

async function incident(id: string, openedAt: string, resolved = false): Promise<void> {
  const journal = await createJournal(dirOf(id), { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: id, createdAt: openedAt }, { now: () => new Date(openedAt) });
  await journal.append(openedEvent(id, { title: `title of ${id}` }));
  if (resolved) await journal.append({ type: 'incident.resolved', actor: 'a', from: 'investigating', summary: null });
  await journal.close();
}

/** What `list` shows, compared against replaying every journal (the truth). */
async function listedAndTruth(): Promise<{ listed: unknown[]; truth: unknown[] }> {
  const listed = await listIncidents(env, NOW);
  const truth = await Promise.all(listed.map((i) => summarizeIncident(i.dir, NOW)));
  return { listed, truth };
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const ino = async () => (await fs.stat(indexFile())).ino;

/** A raw line appended to a journal, as an older warroom or a hand edit would. */
async function appendBehindTheIndex(id: string, event: Record<string, unknown>): Promise<void> {
  await fs.appendFile(journalPath(dirOf(id)), `${JSON.stringify(event)}\n`);
}

beforeEach(async () => {
  await incident('2026-11-20-0900-old', '2026-11-20T09:00:00.000Z', true);
  await incident('2026-11-21-0900-middle', '2026-11-21T09:00:00.000Z');
  await incident('2026-11-22-0900-newest', '2026-11-22T09:00:00.000Z');
});

describe('the incident index', () => {
  it('is built by the first list and rebuilt when missing or unreadable, listing the same', async () => {
    await expect(fs.stat(indexFile())).rejects.toThrow(/ENOENT/); // writers do not create it
    const first = await listIncidents(env, NOW);
    expect(first.map((i) => [i.id, i.status, i.lastSeq])).toEqual([
      ['2026-11-22-0900-newest', 'investigating', 1],
      ['2026-11-21-0900-middle', 'investigating', 1],
      ['2026-11-20-0900-old', 'resolved', 2],
    ]);
    expect((await fs.stat(indexFile())).mode & 0o777).toBe(0o600);
    expect((await fs.readFile(indexFile(), 'utf8')).trim().split('\n')).toHaveLength(4);

    await fs.rm(indexFile());
    expect(await listIncidents(env, NOW)).toEqual(first);
    await expect(fs.stat(indexFile())).resolves.toBeTruthy();

    await fs.writeFile(indexFile(), '{"kind":"warroom-incident-index","vers');
    expect(await listIncidents(env, NOW)).toEqual(first);
    expect(await fs.readFile(indexFile(), 'utf8')).toContain('"title of 2026-11-22-0900-newest"');
  });

  it('removes temporary files of index writers that died, once they are old, and an earlier version’s index', async () => {
    await listIncidents(env, NOW);
    const old = path.join(indexDir(incidents()), 'entries.jsonl.999.dead.tmp');
    const recent = path.join(indexDir(incidents()), 'entries.jsonl.998.busy.tmp');
    const legacy = path.join(incidents(), LEGACY_INDEX_FILE);
    await fs.writeFile(old, 'x');
    await fs.writeFile(recent, 'x');
    await fs.writeFile(legacy, 'x');
    const hourAgo = new Date(Date.now() - 60 * 60_000);
    await fs.utimes(old, hourAgo, hourAgo);
    expect(await listIncidents(env, NOW)).toHaveLength(3);
    expect((await fs.readdir(indexDir(incidents()))).filter((n) => n.endsWith('.tmp'))).toEqual(['entries.jsonl.998.busy.tmp']);
    expect((await fs.readdir(incidents())).filter((n) => n.startsWith('.'))).toEqual(['.index']);
  });

  it('is trusted while the journals are unchanged: a second list rewrites nothing', async () => {
    await listIncidents(env, NOW);
    const before = await ino();
    await listIncidents(env, NOW);
    expect(await ino()).toBe(before);
  });

  it('re-reads a journal appended behind its back, whether the new lines are clean or not', async () => {
    await listIncidents(env, NOW);
    await appendBehindTheIndex('2026-11-21-0900-middle', { type: 'incident.resolved', actor: 'x', from: 'investigating', summary: null, seq: 2, at: '2026-11-21T10:00:00.000Z' });
    await appendBehindTheIndex('2026-11-22-0900-newest', { type: 'severity.changed', actor: 'x', from: 'SEV-2', to: 'SEV-1', seq: 5, at: '2026-11-22T10:00:00.000Z' });
    await fs.appendFile(journalPath(dirOf('2026-11-20-0900-old')), '{"type":"note.added","seq":3,');
    const { listed, truth } = await listedAndTruth();
    expect(listed).toEqual(truth);
    expect(listed.map((i) => (i as { status: string }).status)).toEqual(['investigating', 'resolved', 'resolved']);
    expect((listed[0] as { problems: string[] }).problems[0]).toMatch(/event seq 5 follows seq 1/);
    expect((listed[2] as { problems: string[] }).problems[0]).toMatch(/last line is incomplete/);
    // Written back: the next list trusts the new entries.
    const before = await ino();
    expect(await listIncidents(env, NOW)).toEqual(listed);
    expect(await ino()).toBe(before);
  });

  it('re-reads a journal replaced by another file, and drops folders that are gone', async () => {
    await listIncidents(env, NOW);
    const file = journalPath(dirOf('2026-11-21-0900-middle'));
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(`${file}.new`, text.replace('title of 2026-11-21-0900-middle', 'renamed by hand'));
    await fs.rename(`${file}.new`, file);
    await fs.rm(dirOf('2026-11-20-0900-old'), { recursive: true });
    const listed = await listIncidents(env, NOW);
    expect(listed.map((i) => i.title)).toEqual(['title of 2026-11-22-0900-newest', 'renamed by hand']);
    expect(await fs.readFile(indexFile(), 'utf8')).not.toContain('2026-11-20-0900-old');
  });

  it('keeps what latest had to read: the index is written, and the next walk reads no journal', async () => {
    await expect(fs.stat(indexFile())).rejects.toThrow(/ENOENT/);
    expect((await latestOpenIncident(env, NOW))?.id).toBe('2026-11-22-0900-newest');
    expect((await fs.readFile(indexFile(), 'utf8')).trim().split('\n')).toHaveLength(4);
    const written = await ino();
    expect((await latestOpenIncident(env, NOW))?.id).toBe('2026-11-22-0900-newest');
    expect(await ino()).toBe(written); // nothing new was read, so nothing was rewritten
  });

  it('gives latest and the newest open incident from the journals, checked from the newest down', async () => {
    await listIncidents(env, NOW);
    await appendBehindTheIndex('2026-11-22-0900-newest', { type: 'incident.resolved', actor: 'x', from: 'investigating', summary: null, seq: 2, at: '2026-11-22T10:00:00.000Z' });
    expect((await latestOpenIncident(env, NOW))?.id).toBe('2026-11-21-0900-middle');
    await appendBehindTheIndex('2026-11-22-0900-newest', { type: 'incident.reopened', actor: 'x', reason: null, seq: 3, at: '2026-11-22T11:00:00.000Z' });
    expect((await latestOpenIncident(env, NOW))?.id).toBe('2026-11-22-0900-newest');
    // A folder the index has never seen may be the newest.
    const journal = await createJournal(dirOf('2026-11-24-0900-unseen'), { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: 'x', createdAt: '2026-11-24T09:00:00.000Z' }, { now: () => new Date('2026-11-24T09:00:00.000Z'), observer: null });
    await journal.append(openedEvent('2026-11-24-0900-unseen'));
    await journal.close();
    expect(await resolveIncident(env, 'latest')).toBe(dirOf('2026-11-24-0900-unseen'));
    expect((await latestOpenIncident(env, NOW))?.id).toBe('2026-11-24-0900-unseen');
    // A journal replaced by hand may open at another time: read again, it moves in the order.
    const file = journalPath(dirOf('2026-11-24-0900-unseen'));
    await listIncidents(env, NOW);
    const text = (await fs.readFile(file, 'utf8')).replace('"at":"2026-11-24T09:00:00.000Z"', '"at":"2026-11-01T09:00:00.000Z"');
    await fs.writeFile(`${file}.new`, text);
    await fs.rename(`${file}.new`, file);
    expect(await resolveIncident(env, 'latest')).toBe(dirOf('2026-11-22-0900-newest'));
    await fs.rm(dirOf('2026-11-22-0900-newest'), { recursive: true });
    expect(await resolveIncident(env, 'latest')).toBe(dirOf('2026-11-21-0900-middle'));
  });

  it("is kept current by the war room's appends: one line each, then trusted as it is", async () => {
    await listIncidents(env, NOW);
    const before = await ino();
    const { journal } = await openJournal(dirOf('2026-11-21-0900-middle'));
    await journal?.append({ type: 'status.changed', actor: 'a', from: 'investigating', to: 'monitoring' });
    await until(async () => (await fs.readFile(indexFile(), 'utf8')).includes('"monitoring"'), 'the index line of the status change');
    await journal?.append({ type: 'note.added', actor: 'a', text: 'no index line for a note' });
    await journal?.close();
    await incident('2026-11-23-0900-new', '2026-11-23T09:00:00.000Z');
    const listed = await listIncidents(env, NOW);
    expect(listed.map((i) => [i.id, i.status, i.lastSeq])).toEqual([
      ['2026-11-23-0900-new', 'investigating', 1],
      ['2026-11-22-0900-newest', 'investigating', 1],
      ['2026-11-21-0900-middle', 'monitoring', 3],
      ['2026-11-20-0900-old', 'resolved', 2],
    ]);
    // Every entry came from the appended lines: nothing had to be read again or rewritten.
    expect(await ino()).toBe(before);
  });
});

/** Starts the crash child; resolves with it once it printed a line matching `ready`. */
function child(mode: string, where: string, ready: RegExp): Promise<{ proc: ChildProcess; line: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CHILD, mode, where], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const line = out.split('\n').find((l) => ready.test(l));
      if (line !== undefined) resolve({ proc, line });
    });
    proc.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
    proc.on('exit', (code, signal) => reject(new Error(`child exited ${code ?? signal} before ${ready}: ${err}`)));
  });
}

async function kill(proc: ChildProcess): Promise<void> {
  const gone = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGKILL');
  await gone;
}

describe('a crash between the journal and the index', () => {
  it('never loses a new incident: a folder the index does not know is read', async () => {
    await listIncidents(env, NOW);
    const { proc, line } = await child('create-stop', home, /^durable /);
    await kill(proc);
    const id = line.slice('durable '.length);
    expect(await fs.readFile(indexFile(), 'utf8')).not.toContain(id);
    const { listed, truth } = await listedAndTruth();
    expect(listed).toEqual(truth);
    expect(listed.find((i) => (i as { id: string }).id === id)).toMatchObject({ title: 'created, then killed', status: 'investigating' });
  }, 30_000);

  it('never shows an old status: a journal newer than its entry is read', async () => {
    await listIncidents(env, NOW);
    const { proc } = await child('resolve-stop', dirOf('2026-11-21-0900-middle'), /^durable$/);
    await kill(proc);
    const { listed, truth } = await listedAndTruth();
    expect(listed).toEqual(truth);
    expect(listed.find((i) => (i as { id: string }).id === '2026-11-21-0900-middle')).toMatchObject({ status: 'resolved' });
  }, 30_000);

  it('agrees with the journals after SIGKILLs at random points of appends and index writes', async () => {
    const seed = Number(process.env.WARROOM_TEST_SEED ?? Date.now() % 100_000);
    let state = seed;
    const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    try {
      await listIncidents(env, NOW);
      for (let round = 0; round < 8; round++) {
        const { proc } = await child('churn', dirOf('2026-11-22-0900-newest'), /^acked /);
        // The kill moment is what is random here (an append, an index write, or between them);
        // nothing waits on it for synchronisation.
        await new Promise((resolve) => setTimeout(resolve, 5 + random() * 60));
        await kill(proc);
        const { listed, truth } = await listedAndTruth();
        expect(listed).toEqual(truth);
      }
    } catch (error) {
      throw new Error(`failed with WARROOM_TEST_SEED=${seed}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }, 120_000);
});
