// `warroom list` with more incidents than a screen: the newest up to the limit, older open ones
// (however old) up to the limit too, and a line saying how many older ones, open and resolved,
// --all shows. Real processes over journals written by the real journal code.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { createJournal } from '../../src/adapters/journal.ts';
import { JOURNAL_FORMAT_VERSION } from '../../src/core/incident/events.ts';
import { groupThousands, moreLine, RECENT_LIMIT } from '../../src/commands/list.ts';
import { makeTempDir, openedEvent } from '../helpers/journal-fixtures.ts';
import { ensureBuilt, warroom } from '../helpers/warroom-cli.ts';

let home: string;
const RESOLVED = RECENT_LIMIT + 12;
const idOf = (day: number, hour: number) => `2026-11-${String(day).padStart(2, '0')}-${String(hour).padStart(2, '0')}00-incident-${day}-${hour}`;

async function write(id: string, at: Date, resolved: boolean): Promise<void> {
  const journal = await createJournal(path.join(home, 'incidents', id), { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: id, createdAt: at.toISOString() }, { now: () => at });
  await journal.append(openedEvent(id, { title: `Incident ${id}` }));
  if (resolved) await journal.append({ type: 'incident.resolved', actor: 'ana', from: 'investigating', summary: 'fixed' });
  await journal.close();
}

beforeAll(async () => {
  home = await makeTempDir('warroom-list-recent-');
  await ensureBuilt();
  // The oldest is still open; the rest resolved, one per hour.
  await write(idOf(1, 0), new Date('2026-11-01T00:00:00Z'), false);
  for (let i = 0; i < RESOLVED; i += 1) await write(idOf(2 + Math.floor(i / 24), i % 24), new Date(Date.UTC(2026, 10, 2 + Math.floor(i / 24), i % 24)), true);
}, 120_000);
afterAll(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

it('lists the open incident however old, the newest resolved ones, and says how many more --all shows', async () => {
  const { code, stdout } = await warroom(home, ['list']);
  expect(code).toBe(0);
  const rows = stdout.trim().split('\n').slice(1);
  expect(rows.at(-1)).toBe(`… and ${RESOLVED + 1 - RECENT_LIMIT - 1} older resolved incidents: warroom list --all`);
  const listed = rows.slice(0, -1);
  expect(listed).toHaveLength(RECENT_LIMIT + 1);
  expect(listed.at(-1)).toMatch(new RegExp(`^${idOf(1, 0)}\\s+investigating`));
  expect(listed.slice(0, -1).every((r) => /\sresolved\s/.test(r))).toBe(true);

  const all = await warroom(home, ['list', '--all']);
  expect(all.stdout.trim().split('\n').slice(1)).toHaveLength(RESOLVED + 1);
  expect(all.stdout).not.toContain('older resolved');
  const json = await warroom(home, ['list', '--json']);
  expect(JSON.parse(json.stdout)).toHaveLength(RESOLVED + 1);
}, 120_000);

it('lists at most as many older open incidents as the limit, and names the open ones it leaves out', async () => {
  const crowded = await makeTempDir('warroom-list-open-');
  const previous = home;
  home = crowded;
  try {
    // Abandoned drills pile up open: older than the newest RECENT_LIMIT resolved ones.
    const OPEN = RECENT_LIMIT + 4;
    for (let i = 0; i < OPEN; i += 1) await write(idOf(1, i % 24) + `-${i}`, new Date(Date.UTC(2026, 9, 1 + Math.floor(i / 24), i % 24)), false);
    for (let i = 0; i < RECENT_LIMIT + 2; i += 1) await write(idOf(20 + Math.floor(i / 24), i % 24), new Date(Date.UTC(2026, 10, 20 + Math.floor(i / 24), i % 24)), true);
    const { code, stdout } = await warroom(crowded, ['list']);
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n').slice(1);
    expect(rows.at(-1)).toBe('… and 4 older open incidents and 2 older resolved ones: warroom list --all');
    const listed = rows.slice(0, -1);
    expect(listed).toHaveLength(2 * RECENT_LIMIT);
    expect(listed.slice(0, RECENT_LIMIT).every((r) => /\sresolved\s/.test(r))).toBe(true);
    expect(listed.slice(RECENT_LIMIT).every((r) => /\sinvestigating\s/.test(r))).toBe(true);
  } finally {
    home = previous;
    await fs.rm(crowded, { recursive: true, force: true });
  }
}, 120_000);

it('words what the list leaves out, open ones first', () => {
  expect(moreLine(1, 0)).toBe('… and 1 older resolved incident: warroom list --all');
  expect(moreLine(1, 1)).toBe('… and 1 older open incident: warroom list --all');
  expect(moreLine(12_000, 1_990)).toBe('… and 1,990 older open incidents and 10,010 older resolved ones: warroom list --all');
  for (const n of [0, 7, 999, 1000, 12_345, 1_000_000, 987_654_321]) expect(groupThousands(n)).toBe(n.toLocaleString('en'));
});
