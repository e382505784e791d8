// The index's head: `list`, `latest`, `resume` and the picker read it instead of listing the
// incidents folder and parsing the whole index, and must give exactly what the whole walk gives,
// whatever happened since it was written: folders added, removed or claimed and filled later,
// journals appended behind the index or replaced by hand, a war room's own index lines, an
// index rewritten or damaged. Real files; the only fake is the clock, set ahead so that the
// folder's last change counts as settled (after waiting until the real clock is past it).
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { headPath, SETTLE_MS } from '../../src/adapters/incident-head.ts';
import { indexPath } from '../../src/adapters/incident-index.ts';
import { latestOpenIncident, listIncidents, listRecentIncidents, resolveIncident, summarizeIncident } from '../../src/adapters/incidents.ts';
import { openJournal } from '../../src/adapters/journal.ts';
import { JOURNAL_FORMAT_VERSION } from '../../src/core/incident/events.ts';
import { parseHead } from '../../src/core/incident/index-head.ts';
import { makeTempDir, minimalRunbook, waitFor } from '../helpers/journal-fixtures.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const NOW = new Date('2026-12-01T00:00:00.000Z');
let home: string;
let env: NodeJS.ProcessEnv;
const incidents = () => path.join(home, 'incidents');
const BASE = Date.UTC(2026, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const idAt = (n: number) => `${iso(BASE + n * 3_600_000).slice(0, 13).replace('T', '-')}00-incident-${n}`;

beforeEach(async () => {
  home = await makeTempDir('warroom-head-');
  env = { WARROOM_HOME: home };
  const real = Date.now.bind(Date);
  vi.spyOn(Date, 'now').mockImplementation(() => real() + SETTLE_MS + 1_000);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(home, { recursive: true, force: true });
});

/** Written straight to disk (hundreds of fsynced journals would take long): header, opening, maybe resolved. */
async function write(n: number, resolved: boolean, openedAtMs = BASE + n * 3_600_000): Promise<string> {
  const id = idAt(n);
  const header = { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: id, createdAt: iso(openedAtMs) };
  const opened = {
    type: 'incident.opened', actor: 'ana', incidentId: id, title: `incident ${n}`, runbookPath: '/r.md', runbookHash: 'ab'.repeat(32),
    runbook: minimalRunbook(), service: 'api', severity: 'SEV-2', detectedAt: null, impactStartedAt: null, commander: 'ana',
    escalationFrom: 'detection', updateCadenceMinutes: 15, mode: { dryRun: false, readonly: false }, seq: 1, at: iso(openedAtMs),
  };
  const lines = [header, opened, ...(resolved ? [{ type: 'incident.resolved', actor: 'ana', from: 'investigating', summary: null, seq: 2, at: iso(openedAtMs + 60_000) }] : [])];
  await fs.mkdir(path.join(incidents(), id), { recursive: true, mode: 0o700 });
  await fs.writeFile(path.join(incidents(), id, 'journal.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  return id;
}

/** Until the real clock is past the folder's last change by more than a file system tick. */
async function settle(): Promise<void> {
  const changed = () => Math.max(statSync(incidents()).mtimeMs, statSync(incidents()).ctimeMs);
  const realNow = () => Date.now() - SETTLE_MS - 1_000;
  await waitFor(() => (realNow() - changed() > 50 ? true : undefined), 'the real clock to pass the folder change');
}

/** Every way of walking, as the commands call them. */
async function walks() {
  return {
    list: await listRecentIncidents(env, { newest: 30, olderOpen: 30 }, NOW),
    picker: await listRecentIncidents(env, { newest: 0, olderOpen: 50 }, NOW),
    latestOpen: (await latestOpenIncident(env, NOW))?.id ?? null,
    latest: await resolveIncident(env, 'latest').catch((error: Error) => error.message),
  };
}

/** Walks counted by whether they listed the incidents folder. */
function countListings(): { listed: () => number } {
  const spy = vi.spyOn(fs, 'readdir');
  return { listed: () => spy.mock.calls.filter(([dir]) => dir === incidents()).length };
}

async function lastSeq(id: string): Promise<number> {
  const lines = (await fs.readFile(path.join(incidents(), id, 'journal.jsonl'), 'utf8')).trim().split('\n');
  return (JSON.parse(lines.at(-1)!) as { seq: number }).seq;
}

describe('the head of the index', () => {
  it('serves list, latest, resume and the picker without listing the folder, the same as the whole walk', async () => {
    for (let n = 0; n < 260; n++) await write(n, n % 3 !== 0 && n < 255);
    await settle();
    const whole = await walks(); // builds the index and the head
    await expect(fs.stat(headPath(incidents()))).resolves.toBeTruthy();
    const counted = countListings();
    expect(await walks()).toEqual(whole);
    expect(counted.listed()).toBe(0);
    expect(whole.list.incidents).toHaveLength(60);
    expect(whole.list.more).toBe(200);
    expect(whole.picker.incidents[0]?.id).toBe(idAt(259));
    expect(whole.latestOpen).toBe(idAt(259));
  });

  it('is not written while the folder changed too recently to be trusted', async () => {
    vi.restoreAllMocks(); // the real clock: the folder was just made
    await write(1, false);
    await walks();
    await expect(fs.stat(indexPath(incidents()))).resolves.toBeTruthy();
    await expect(fs.stat(headPath(incidents()))).rejects.toThrow(/ENOENT/);
  });

  it("folds in a war room's index lines, and a folder claimed before its journal is written is found", async () => {
    for (let n = 0; n < 5; n++) await write(n, false);
    await fs.mkdir(path.join(incidents(), idAt(9)));
    await settle();
    await walks();
    const counted = countListings();
    const { journal } = await openJournal(path.join(incidents(), idAt(4)));
    await journal?.append({ type: 'incident.resolved', actor: 'ana', from: 'investigating', summary: null });
    await journal?.close();
    expect((await walks()).latestOpen).toBe(idAt(3));
    expect(counted.listed()).toBe(0);
    // Folded into the head, and written back with it.
    const head = parseHead(await fs.readFile(headPath(incidents()), 'utf8'));
    expect(head?.entries.find((e) => e.id === idAt(4))?.listing?.status).toBe('resolved');
    expect(head?.index.size).toBe((await fs.stat(indexPath(incidents()))).size);
    // The claimed folder gets its journal: the folder itself did not change, the head is not trusted.
    await fs.rm(path.join(incidents(), idAt(9)), { recursive: true });
    await settle();
    await walks();
    await fs.mkdir(path.join(incidents(), idAt(9)));
    await settle();
    await walks();
    const before = counted.listed();
    await fs.writeFile(path.join(incidents(), idAt(9), 'journal.jsonl'), (await fs.readFile(path.join(incidents(), idAt(0), 'journal.jsonl'), 'utf8')).replaceAll(idAt(0), idAt(9)).replace(iso(BASE), iso(BASE + 9 * 3_600_000)).replace(`"at":"${iso(BASE)}"`, `"at":"${iso(BASE + 9 * 3_600_000)}"`));
    expect((await walks()).latestOpen).toBe(idAt(9));
    expect(counted.listed()).toBeGreaterThan(before);
  });

  it('falls back to the whole walk when the walk wants more than the head holds', async () => {
    // 100 newest resolved, 150 older open (the head holds 100 of those), and the oldest resolved.
    for (let n = 0; n < 20; n++) await write(n, true);
    for (let n = 20; n < 170; n++) await write(n, false);
    for (let n = 170; n < 270; n++) await write(n, true);
    await settle();
    await walks();
    const counted = countListings();
    // Journals gone from folders that stay (the folder itself unchanged): 80 newest, 80 held open ones.
    for (const n of [...Array.from({ length: 80 }, (_, i) => 269 - i), ...Array.from({ length: 80 }, (_, i) => 169 - i)]) await fs.rm(path.join(incidents(), idAt(n), 'journal.jsonl'));
    const through = await walks();
    expect(counted.listed()).toBeGreaterThan(0);
    await fs.rm(headPath(incidents()), { force: true });
    expect(through).toEqual(await walks());
    // 20 resolved and 10 open are the newest 30 left; then 30 older open; 20 resolved and 30 open unlisted.
    expect(through.list.incidents.filter((i) => i.status === 'resolved')).toHaveLength(20);
    expect(through.list).toMatchObject({ more: 50, moreOpen: 30 });
    expect(through.list.incidents).toHaveLength(60);
    expect(through.picker.incidents).toHaveLength(50);
    expect(through.picker.incidents.at(-1)?.id).toBe(idAt(40));
  });

  it('agrees with the whole walk and the journals after random changes', async () => {
    const random = seededRandom();
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random.next() * items.length)]!;
    const openShare = pick([0.1, 0.5, 0.9]);
    let next = 0;
    for (; next < 240 + Math.floor(random.next() * 80); next++) await write(next, random.next() > openShare);
    const names = async () => (await fs.readdir(incidents())).filter((n) => !n.startsWith('.'));
    const counted = countListings();
    let served = 0;
    const changes: Record<string, () => Promise<void>> = {
      'new incident': async () => void (await write(next++, random.next() < 0.5)),
      'old incident restored': async () => void (await write(-(next++), random.next() < 0.5)),
      'folder removed': async () => fs.rm(path.join(incidents(), pick(await names())), { recursive: true, force: true }),
      'note behind the index': async () => {
        const id = pick(await names());
        const seq = (await lastSeq(id).catch(() => null)) ?? 0;
        if (seq > 0) await fs.appendFile(path.join(incidents(), id, 'journal.jsonl'), `${JSON.stringify({ type: 'note.added', actor: 'x', text: 'n', seq: seq + 1, at: iso(BASE) })}\n`);
      },
      "a war room's status change": async () => {
        // Anywhere: a change to one passed over shows only in the counts, which come from the head.
        const id = pick(await names());
        const opened = await openJournal(path.join(incidents(), id)).catch(() => null);
        if (opened?.journal === null || opened === null) return;
        const state = opened.events.some((e) => e.type === 'incident.resolved') && opened.events.at(-1)?.type !== 'incident.reopened';
        await opened.journal.append(state ? { type: 'incident.reopened', actor: 'ana', reason: null } : { type: 'status.changed', actor: 'ana', from: 'investigating', to: 'monitoring' });
        await opened.journal.close();
      },
      'journal replaced by hand': async () => {
        const id = pick(await names());
        const file = path.join(incidents(), id, 'journal.jsonl');
        const text = await fs.readFile(file, 'utf8').catch(() => null);
        if (text === null) return;
        await fs.writeFile(`${file}.new`, text.replace(/"at":"[^"]+"/, `"at":"${iso(BASE + Math.floor(random.next() * 400) * 3_600_000)}"`));
        await fs.rename(`${file}.new`, file);
      },
      'list --all rewrites the index': async () => void (await listIncidents(env, NOW)),
      'index damaged': async () => fs.writeFile(indexPath(incidents()), '[{"kind":"warroom-incident-index","version":1,"gen').catch(() => undefined),
    };
    const log: string[] = [];
    try {
      for (let round = 0; round < 30; round++) {
        const change = pick(Object.keys(changes));
        log.push(change);
        await changes[change]!();
        await settle();
        const before = counted.listed();
        const first = await walks();
        if (counted.listed() === before) served += 1;
        await fs.rm(headPath(incidents()), { force: true });
        expect(first).toEqual(await walks());
        for (const shown of [...first.list.incidents, ...first.picker.incidents]) expect(shown).toEqual(await summarizeIncident(shown.dir, NOW));
      }
      // Walks after changes inside folders (or none) were served by the head.
      expect(served).toBeGreaterThan(0);
    } catch (error) {
      throw new Error(`after ${log.join(', ')}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }, 120_000);
});
