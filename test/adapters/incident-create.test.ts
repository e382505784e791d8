// Creating an incident is atomic: a real process killed between the journal's header and its
// opening event leaves nothing that list, latest or resume would show; leftovers are hidden and
// cleaned once old. The folder is private (0700) and the journal 0600.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIncident, CREATING_PREFIX } from '../../src/adapters/incident-create.ts';
import { INDEX_DIR } from '../../src/adapters/incident-index.ts';
import { latestOpenIncident, listIncidents, resolveIncident } from '../../src/adapters/incidents.ts';
import { journalPath, openJournal } from '../../src/adapters/journal.ts';
import { makeTempDir, openedEvent } from '../helpers/journal-fixtures.ts';

const CHILD = fileURLToPath(new URL('../helpers/create-incident-child.ts', import.meta.url));

let home: string;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  home = await makeTempDir('warroom-create-');
  env = { WARROOM_HOME: home };
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

const incidents = () => path.join(home, 'incidents');
/** What is in the incidents folder besides the index's own folder. */
const folders = async () => (await fs.readdir(incidents())).filter((name) => name !== INDEX_DIR);
const create = (extra: { afterHeader?: () => void } = {}) =>
  createIncident({ env, now: () => new Date('2026-11-26T10:30:00.000Z'), runbookSlug: 'api', opened: (id) => openedEvent(id), ...extra });

/** Runs the child to completion (or to its SIGKILL); resolves with its stdout and how it ended. */
function runChild(mode: 'crash' | 'create', childHome: string, ids: { uid?: number; gid?: number } = {}): Promise<{ out: string; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, mode, childHome], { stdio: ['ignore', 'pipe', 'pipe'], ...ids });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('exit', (_code, signal) => (err && !out ? reject(new Error(err)) : resolve({ out, signal })));
  });
}

describe('createIncident', () => {
  it('creates a complete, private incident in one step and hands back a writable journal', async () => {
    const created = await create();
    expect(created.id).toBe('2026-11-26-1030-api');
    expect(created.dir).toBe(path.join(incidents(), created.id));
    expect(created.opened).toMatchObject({ seq: 1, type: 'incident.opened', incidentId: created.id });
    expect((await fs.stat(created.dir)).mode & 0o777).toBe(0o700);
    expect((await fs.stat(journalPath(created.dir))).mode & 0o777).toBe(0o600);
    expect((await folders()).filter((n) => n.startsWith('.'))).toEqual([]);

    // The lock moved with the folder: it is held at the final path, and released from there.
    await expect(openJournal(created.dir)).rejects.toThrow(/is open in another warroom/);
    expect((await created.journal.append({ type: 'note.added', actor: 'a', text: 'hello' })).seq).toBe(2);
    await created.journal.close();
    await expect(fs.stat(path.join(created.dir, 'lock'))).rejects.toThrow(/ENOENT/);
    const { events, problems } = await openJournal(created.dir, { readonly: true });
    expect(problems).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['incident.opened', 'note.added']);

    const second = await create();
    expect(second.id).toBe('2026-11-26-1030-api-2');
    await second.journal.close();
  });

  it('a process killed between the header and the opening event leaves nothing to list, resume or show', async () => {
    const { signal } = await runChild('crash', home);
    expect(signal).toBe('SIGKILL');
    const names = await folders();
    expect(names).toHaveLength(1);
    const leftover = path.join(incidents(), names[0] as string);
    expect(names[0]?.startsWith(CREATING_PREFIX)).toBe(true);
    expect((await fs.readFile(journalPath(leftover), 'utf8')).trim().split('\n')).toHaveLength(1); // the header only

    expect(await listIncidents(env)).toEqual([]);
    expect(await latestOpenIncident(env)).toBeNull();
    await expect(resolveIncident(env, 'latest')).rejects.toThrow(/no incidents yet/);
    await expect(resolveIncident(env, names[0]!.slice(0, 12))).rejects.toThrow(/no incident/);

    // A young leftover may be a creation in progress: kept. An hour-old one is cleaned.
    await (await create()).journal.close();
    expect(await folders()).toContain(names[0]);
    const old = new Date(Date.now() - 2 * 3_600_000);
    await fs.utimes(leftover, old, old);
    await (await create()).journal.close();
    expect(await folders()).not.toContain(names[0]);
    expect((await listIncidents(env)).map((i) => i.id).sort()).toEqual(['2026-11-26-1030-api', '2026-11-26-1030-api-2']);
  });

  it('a failure between header and event (injected) rejects and leaves no folder at all', async () => {
    await expect(create({ afterHeader: () => { throw new Error('disk gone'); } })).rejects.toThrow('disk gone');
    expect(await folders()).toEqual([]);
    expect(await listIncidents(env)).toEqual([]);
  });

  it('ignores an old header-only folder (a crash of an earlier warroom) in list and latest', async () => {
    const dir = path.join(incidents(), '2026-11-20-0900-half');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(journalPath(dir), `${JSON.stringify({ kind: 'warroom-journal', formatVersion: 1, incidentId: 'x', createdAt: '2026-11-20T09:00:00.000Z' })}\n`);
    expect(await listIncidents(env)).toEqual([]);
    await expect(resolveIncident(env, 'latest')).rejects.toThrow(/no incidents yet/);
  });
});
