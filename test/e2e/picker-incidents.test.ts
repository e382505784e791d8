// The picker (`warroom` with no arguments) offers the local incidents that are still open, in a
// real pseudo-terminal at 80×24 over journals written by the real journal code: resolved ones
// are left out even when newer, enter on an open one resumes it (its journal, no new incident),
// and past PICKER_OPEN_LIMIT the newest open ones are listed and the hint line says how many
// older open ones are not. A picker that offered no incident at all once shipped unnoticed: the
// unit tests fed the view incidents directly, and nothing ran the command over a real home.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createJournal } from '../../src/adapters/journal.ts';
import { olderOpenNotice, PICKER_OPEN_LIMIT } from '../../src/commands/pick.ts';
import { JOURNAL_FORMAT_VERSION, type IncidentEvent } from '../../src/core/incident/events.ts';
import { makeTempDir, openedEvent } from '../helpers/journal-fixtures.ts';
import { startPty, type PtySession } from '../helpers/pty.ts';
import { ensureBuilt } from '../helpers/warroom-cli.ts';

const WAIT = 20_000;
const HELP_BAR = /\? help\s*$/m;
const ptys: PtySession[] = [];
const homes: string[] = [];

const env = (home: string) => ({ WARROOM_HOME: home, HOME: home, WARROOM_OPERATOR: 'alice', NO_COLOR: '1', TERM: 'xterm-256color' });
const pad = (n: number) => String(n).padStart(2, '0');
/** Ids sort by opening time: `2026-11-DD-HH00-<slug>`, matching the journal's clock. */
const idAt = (at: Date, slug: string) => `2026-11-${pad(at.getUTCDate())}-${pad(at.getUTCHours())}00-${slug}`;

async function newHome(prefix: string): Promise<string> {
  const home = await makeTempDir(prefix);
  homes.push(home);
  return home;
}

async function write(home: string, id: string, at: Date, title: string, resolved: boolean): Promise<void> {
  const journal = await createJournal(path.join(home, 'incidents', id), { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: id, createdAt: at.toISOString() }, { now: () => at });
  await journal.append(openedEvent(id, { title }));
  if (resolved) await journal.append({ type: 'incident.resolved', actor: 'ana', from: 'investigating', summary: 'fixed' });
  await journal.close();
}

function picker(home: string): PtySession {
  const session = startPty([], { env: env(home), cwd: home, cols: 80, rows: 24 });
  ptys.push(session);
  return session;
}

/** The picker's first screen: its list, or the "nothing to choose" one (then the test fails at once, not at a timeout). */
const pickerShown = (title: string) => (s: string) => s.includes(title) || s.includes('No open incident');

const incidentDirs = async (home: string) => (await fs.readdir(path.join(home, 'incidents'))).filter((d) => !d.startsWith('.')).sort();

async function events(home: string, id: string): Promise<IncidentEvent[]> {
  const text = await fs.readFile(path.join(home, 'incidents', id, 'journal.jsonl'), 'utf8');
  return text.trim().split('\n').slice(1).map((l) => JSON.parse(l) as IncidentEvent);
}

beforeAll(async () => {
  await ensureBuilt();
}, 120_000);

afterEach(() => {
  for (const session of ptys.splice(0)) session.kill('SIGKILL');
});

afterAll(async () => {
  for (const session of ptys.splice(0)) session.kill('SIGKILL');
  await Promise.all(homes.map((home) => fs.rm(home, { recursive: true, force: true })));
});

describe('the picker over a real home', () => {
  it('offers the open incident, not the newer resolved ones, and enter resumes it', async () => {
    const home = await newHome('warroom-picker-incidents-');
    const OPEN = 'Checkout latency spike';
    const RESOLVED = ['Payments DNS outage', 'Search queue backlog'];
    const openAt = new Date('2026-11-10T09:00:00Z');
    const openId = idAt(openAt, 'checkout-latency-spike');
    await write(home, openId, openAt, OPEN, false);
    // Both resolved ones are newer than the open one: a newest-first cut must not crowd it out.
    for (const [i, title] of RESOLVED.entries()) {
      const at = new Date(Date.UTC(2026, 10, 11 + i, 9));
      await write(home, idAt(at, `resolved-${i + 1}`), at, title, true);
    }
    const before = await incidentDirs(home);
    expect(before).toHaveLength(3);

    const session = picker(home);
    const screen = await session.waitFor(pickerShown(OPEN), WAIT);
    expect(screen).toContain(OPEN);
    for (const title of RESOLVED) expect(screen).not.toContain(title);
    // Incidents come after alerts (none here) and before runbooks (none here): the cursor is on it.
    const rows = screen.split('\n').filter((l) => l.includes('Resume '));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(new RegExp(`^❯ Resume\\s+SEV-2\\s+${OPEN}`));

    session.write('\r');
    const dashboard = await session.waitFor((s) => HELP_BAR.test(s.trimEnd().split('\n').at(-1) ?? '') && s.split('\n')[0]!.includes(OPEN), WAIT);
    expect(dashboard.split('\n')[0]).toContain(OPEN);
    session.write('q');
    expect((await session.exited).exitCode).toBe(0);

    // Resumed, not opened again: no new folder, and the journal still holds one incident.opened.
    expect(await incidentDirs(home)).toEqual(before);
    const opened = (await events(home, openId)).filter((e) => e.type === 'incident.opened');
    expect(opened).toHaveLength(1);
  }, 90_000);

  it(`lists the newest ${PICKER_OPEN_LIMIT} open incidents and names the older open ones it leaves out`, async () => {
    const home = await newHome('warroom-picker-crowded-');
    const COUNT = PICKER_OPEN_LIMIT + 2;
    const titleOf = (i: number) => `Abandoned drill #${String(i).padStart(3, '0')}`;
    for (let i = 0; i < COUNT; i += 1) {
      const at = new Date(Date.UTC(2026, 10, 1 + Math.floor(i / 24), i % 24));
      await write(home, idAt(at, `drill-${i}`), at, titleOf(i), false);
    }
    const newest = titleOf(COUNT - 1);
    const [notice] = olderOpenNotice(2);
    expect(notice).toBe('2 older open: warroom list --all');

    const session = picker(home);
    // The hint is drawn above the rows, in the same frame: once the newest row is there, so is it.
    const screen = await session.waitFor(pickerShown(newest), WAIT);
    const lines = screen.split('\n');
    // The hint (second line) is truncated at the width, never wrapped: the notice leads it, whole.
    expect(lines[1]?.slice(0, notice!.length)).toBe(notice);
    expect(lines[1]).toContain('? help'); // short enough that the keys' hints still fit 80 columns
    // Newest first: the highlighted first row is the newest open incident.
    expect(lines[2]).toMatch(new RegExp(`^❯ Resume\\s+SEV-2\\s+${newest}`));
    expect(screen).not.toContain(titleOf(0));
    expect(screen).not.toContain(titleOf(1));

    session.write('\u001b');
    expect((await session.exited).exitCode).toBe(0);
    expect(await incidentDirs(home)).toHaveLength(COUNT);
  }, 120_000);
});
