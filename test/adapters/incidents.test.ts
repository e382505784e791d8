// Incident folders: ids, atomic claims, finding incidents by id, prefix or `latest`.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claimIncidentDir,
  latestOpenIncident,
  listIncidents,
  newIncidentId,
  resolveIncident,
  slugify,
} from '../../src/adapters/incidents.ts';
import { createJournal } from '../../src/adapters/journal.ts';
import { UsageError } from '../../src/errors.ts';
import { makeTempDir, openedEvent } from '../helpers/journal-fixtures.ts';

let home: string;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  home = await makeTempDir('warroom-incidents-');
  env = { WARROOM_HOME: home };
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

async function incident(id: string, openedAt: string, resolvedAt?: string): Promise<void> {
  let clock = new Date(openedAt);
  const journal = await createJournal(
    path.join(home, 'incidents', id),
    { kind: 'warroom-journal', formatVersion: 1, incidentId: id, createdAt: openedAt },
    { now: () => clock },
  );
  await journal.append(openedEvent(id, { title: `title of ${id}` }));
  if (resolvedAt !== undefined) {
    clock = new Date(resolvedAt);
    await journal.append({ type: 'incident.resolved', actor: 'a', from: 'investigating', summary: null });
  }
  await journal.close();
}

describe('incident ids', () => {
  it('are the UTC date, time and runbook slug, so they sort by opening time', () => {
    const now = new Date('2026-11-26T10:30:59.999Z');
    expect(newIncidentId(now, 'api-high-latency')).toBe('2026-11-26-1030-api-high-latency');
    expect(newIncidentId(now, 'API High Latency (prod)!')).toBe('2026-11-26-1030-api-high-latency-prod');
    const taken = new Set(['2026-11-26-1030-db', '2026-11-26-1030-db-2']);
    expect(newIncidentId(now, 'db', (id) => taken.has(id))).toBe('2026-11-26-1030-db-3');
    expect(slugify('Café — Überlast')).toBe('cafe-uberlast');
    expect(slugify('!!!')).toBe('incident');
  });

  it('claims a fresh folder each time, adding -2, -3 within the same minute', async () => {
    const now = new Date('2026-11-26T10:30:00.000Z');
    const claims = await Promise.all([1, 2, 3].map(() => claimIncidentDir(env, now, 'api')));
    expect(claims.map((c) => c.id).sort()).toEqual(['2026-11-26-1030-api', '2026-11-26-1030-api-2', '2026-11-26-1030-api-3']);
    for (const claim of claims) expect((await fs.stat(claim.dir)).isDirectory()).toBe(true);
    expect(path.dirname(claims[0]?.dir ?? '')).toBe(path.join(home, 'incidents'));
  });
});

describe('finding incidents', () => {
  beforeEach(async () => {
    await incident('2026-11-20-0900-old', '2026-11-20T09:00:00.000Z', '2026-11-20T10:00:00.000Z');
    await incident('2026-11-21-0900-middle', '2026-11-21T09:00:00.000Z');
    await incident('2026-11-22-0900-newest', '2026-11-22T09:00:00.000Z', '2026-11-22T09:30:00.000Z');
    await fs.mkdir(path.join(home, 'incidents', 'claimed-but-empty')); // opener crashed before the journal
  });

  it('lists newest first, with durations to now for unresolved ones', async () => {
    const list = await listIncidents(env, new Date('2026-11-21T10:00:00.000Z'));
    expect(list.map((i) => [i.id, i.status, i.durationMs])).toEqual([
      ['2026-11-22-0900-newest', 'resolved', 30 * 60_000],
      ['2026-11-21-0900-middle', 'investigating', 60 * 60_000],
      ['2026-11-20-0900-old', 'resolved', 60 * 60_000],
    ]);
  });

  it('resolves ids, unique prefixes and latest; latest open skips resolved ones', async () => {
    expect(await resolveIncident(env, '2026-11-21-0900-middle')).toBe(path.join(home, 'incidents', '2026-11-21-0900-middle'));
    expect(await resolveIncident(env, '2026-11-20')).toBe(path.join(home, 'incidents', '2026-11-20-0900-old'));
    expect(await resolveIncident(env, 'latest')).toBe(path.join(home, 'incidents', '2026-11-22-0900-newest'));
    expect((await latestOpenIncident(env))?.id).toBe('2026-11-21-0900-middle');
  });

  it('refuses unknown and ambiguous ids as usage errors (exit 2) with the candidates', async () => {
    const unknown = await resolveIncident(env, '2026-11-21-0900-midle').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(UsageError);
    expect((unknown as UsageError).exitCode).toBe(2);
    expect((unknown as Error).message).toBe('no incident "2026-11-21-0900-midle"; did you mean 2026-11-21-0900-middle?');
    await expect(resolveIncident(env, '2026-11-2')).rejects.toThrow(/is ambiguous: 2026-11-22-0900-newest, 2026-11-21-0900-middle, 2026-11-20-0900-old/);
    await expect(resolveIncident(env, 'zzz')).rejects.toThrow(/^no incident "zzz"; see: warroom list$/);
  });

  it('says there are none when the home is empty', async () => {
    const empty = { WARROOM_HOME: path.join(home, 'nothing-here') };
    expect(await listIncidents(empty)).toEqual([]);
    expect(await latestOpenIncident(empty)).toBeNull();
    await expect(resolveIncident(empty, 'latest')).rejects.toThrow(/no incidents yet in .*nothing-here.*warroom run <runbook\.md>/);
    await expect(resolveIncident(empty, 'abc')).rejects.toThrow(/there are no incidents in/);
  });
});
