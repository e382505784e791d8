// `warroom postmortem` as a real process against a temporary WARROOM_HOME holding a real journal
// (written by the journal adapter, fsynced) that reproduces the seed's example incident.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJournal } from '../../src/adapters/journal.ts';
import { writePostmortem } from '../../src/app/postmortem.ts';
import { JOURNAL_FORMAT_VERSION, type IncidentEvent, type NewEvent } from '../../src/core/incident/events.ts';
import { SEED_INCIDENT_ID, seedIncidentEvents } from '../fixtures/postmortem/seed-incident.ts';

const execFileAsync = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'bin', 'warroom.js');
const golden = path.join(root, 'test/fixtures/postmortem/seed-incident.md');

let home: string | undefined;
let incidentDir: string;

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** Builds dist/cli.cjs only when a source file is newer (npm test builds before vitest anyway). */
async function ensureBuilt(): Promise<void> {
  const built = await stat(path.join(root, 'dist/cli.cjs')).then((s) => s.mtimeMs).catch(() => 0);
  if (built >= (await newestMtime(path.join(root, 'src')))) return;
  await execFileAsync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root });
}

async function warroom(args: string[], cwd = home!): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [cli, ...args], {
      cwd,
      env: { ...process.env, WARROOM_HOME: home!, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function writeSeedJournal(dir: string, events: readonly IncidentEvent[]): Promise<void> {
  const journal = await createJournal(dir, {
    kind: 'warroom-journal',
    formatVersion: JOURNAL_FORMAT_VERSION,
    incidentId: SEED_INCIDENT_ID,
    createdAt: events[0]!.at,
  });
  try {
    for (const event of events) {
      const { seq: _seq, at, ...rest } = event;
      const written = await journal.append(rest as NewEvent, new Date(at));
      expect(written.seq).toBe(event.seq); // the fixture's requestSeq links depend on it
    }
  } finally {
    await journal.close();
  }
}

beforeAll(async () => {
  await ensureBuilt();
  home = await mkdtemp(path.join(os.tmpdir(), 'warroom-postmortem-'));
  incidentDir = path.join(home, 'incidents', SEED_INCIDENT_ID);
  await writeSeedJournal(incidentDir, seedIncidentEvents());
}, 120_000);

afterAll(async () => {
  if (home !== undefined) await rm(home, { recursive: true, force: true });
});

describe('writePostmortem (what the dashboard calls on resolve)', () => {
  it('writes the draft for the given events and returns its path', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'warroom-postmortem-dash-'));
    try {
      const written = await writePostmortem(dir, seedIncidentEvents());
      expect(written).toBe(path.join(dir, 'postmortem.md'));
      expect(await readFile(written, 'utf8')).toBe(await readFile(golden, 'utf8'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('warroom postmortem', () => {
  it('--stdout prints the draft: the golden file, byte for byte, from the real journal', async () => {
    const result = await warroom(['postmortem', 'latest', '--stdout']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(await readFile(golden, 'utf8'));
    await expect(stat(path.join(incidentDir, 'postmortem.md'))).rejects.toThrow(/ENOENT/);
  });

  it('writes postmortem.md in the incident folder and prints its path', async () => {
    const result = await warroom(['postmortem', 'latest']);
    expect(result.code).toBe(0);
    const written = path.join(incidentDir, 'postmortem.md');
    expect(result.stdout).toBe(`${written}\n`);
    expect(await readFile(written, 'utf8')).toBe(await readFile(golden, 'utf8'));
    expect((await stat(written)).mode & 0o777).toBe(0o600); // the draft names people and systems
    // Atomic write: no temp files left behind.
    expect((await readdir(incidentDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Running it again on an unedited draft rewrites the same file, no copies.
    const again = await warroom(['postmortem', SEED_INCIDENT_ID]);
    expect(again.stdout).toBe(`${written}\n`);
    expect(again.stderr).toBe('');
  });

  it('-o writes where asked, relative to the working directory', async () => {
    const cwd = home!;
    const result = await warroom(['postmortem', 'latest', '-o', 'review/pm.md'], cwd);
    // The folder does not exist: one clear line, exit 1.
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^warroom: cannot write .*review\/pm\.md: no such folder\n$/);

    const ok = await warroom(['postmortem', 'latest', '-o', 'pm.md'], cwd);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`${path.join(cwd, 'pm.md')}\n`);
    expect(await readFile(path.join(cwd, 'pm.md'), 'utf8')).toContain('# Incident Post-Mortem: API High Latency\n');
  });

  it('never overwrites a draft someone edited: the new one goes to postmortem.new.md', async () => {
    const draftPath = path.join(incidentDir, 'postmortem.md');
    await warroom(['postmortem', 'latest']);
    const edited = `${await readFile(draftPath, 'utf8')}\nReviewed by @carol: the lint rule is the priority.\n`;
    await writeFile(draftPath, edited);

    const result = await warroom(['postmortem', 'latest']);
    expect(result.code).toBe(0);
    const fresh = path.join(incidentDir, 'postmortem.new.md');
    expect(result.stdout).toBe(`${fresh}\n`);
    expect(result.stderr).toBe(`warroom: ${draftPath} was edited since warroom wrote it; left it as is\n`);
    expect(await readFile(draftPath, 'utf8')).toBe(edited);
    expect(await readFile(fresh, 'utf8')).toBe(await readFile(golden, 'utf8'));
  });

  it('reports bad usage and unknown incidents in one line with exit code 2', async () => {
    const both = await warroom(['postmortem', 'latest', '--stdout', '-o', 'x.md']);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('warroom: use either --stdout or -o/--output, not both\n');

    const unknown = await warroom(['postmortem', 'no-such-incident']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^warroom: /);
  });
});
