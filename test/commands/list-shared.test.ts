// Shared incidents in `warroom list` and `show`: their record is the replica (a terminal that
// joined has no journal; the one that published has a journal holding only the opening). Real
// processes over a replica written by the real replica file.
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ReplicaFile } from '../../src/adapters/share/replica-file.ts';
import { createJournal } from '../../src/adapters/journal.ts';
import { JOURNAL_FORMAT_VERSION } from '../../src/core/incident/events.ts';
import { makeTempDir, openedEvent } from '../helpers/journal-fixtures.ts';
import { ensureBuilt, warroom } from '../helpers/warroom-cli.ts';
import { resumeIncidentJournal } from '../../src/app/open-incident.ts';

let home: string;
const JOINED = '2026-11-30-0900-joined-db-pool';
const PUBLISHED = '2026-11-29-0900-published-api';

async function replicaWith(id: string, resolved: boolean): Promise<void> {
  const file = await ReplicaFile.open(path.join(home, 'incidents', id, 'replica.jsonl'), { incidentId: id, terminal: 'bob@desk#1' });
  await file.append(openedEvent(id, { title: `Shared ${id}` }));
  await file.append({ type: 'note.added', actor: 'bob', text: 'looking at the pool' });
  if (resolved) await file.append({ type: 'incident.resolved', actor: 'bob', from: 'investigating', summary: 'fixed' });
  await file.close();
}

beforeAll(async () => {
  home = await makeTempDir('warroom-list-shared-');
  await ensureBuilt();
  await fs.mkdir(path.join(home, 'incidents', JOINED), { recursive: true });
  await replicaWith(JOINED, false);
  // The publisher: its journal has the opening only; the resolution is in the replica.
  const at = new Date('2026-11-29T09:00:00Z');
  const journal = await createJournal(path.join(home, 'incidents', PUBLISHED), { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: PUBLISHED, createdAt: at.toISOString() }, { now: () => at });
  await journal.append(openedEvent(PUBLISHED, { title: `Shared ${PUBLISHED}` }));
  await journal.close();
  await replicaWith(PUBLISHED, true);
}, 120_000);
afterAll(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

it('lists a joined incident and a published one as their shared record says, and shows them', async () => {
  const { code, stdout } = await warroom(home, ['list']);
  expect(code).toBe(0);
  expect(stdout).toMatch(new RegExp(`${JOINED}\\s+investigating`));
  expect(stdout).toMatch(new RegExp(`${PUBLISHED}\\s+resolved`));
  const shown = await warroom(home, ['show', JOINED]);
  expect(shown.code).toBe(0);
  expect(shown.stdout).toContain('looking at the pool');
  const json = JSON.parse((await warroom(home, ['show', PUBLISHED, '--json'])).stdout) as { incident: { status: string } };
  expect(json.incident.status).toBe('resolved');
}, 120_000);

it('resume of a joined incident says to join it; resume with no id never picks it', async () => {
  const env = { WARROOM_HOME: home };
  await expect(resumeIncidentJournal(env, JOINED)).rejects.toThrow(`was joined from a shared room: open it with warroom join ${JOINED}`);
  // The publisher's own incident is resolved in the room, the joined one cannot be resumed: nothing to resume.
  await expect(resumeIncidentJournal(env, undefined)).rejects.toThrow(/no open incident to resume/);
});
