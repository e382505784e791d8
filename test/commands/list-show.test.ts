// `warroom list` and `warroom show` as real processes against a temporary WARROOM_HOME holding
// journals written by the real journal code: a resolved incident, an open one, a damaged one
// and one from a newer warroom.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJournal, journalPath } from '../../src/adapters/journal.ts';
import { JOURNAL_FORMAT_VERSION, type NewEvent } from '../../src/core/incident/events.ts';
import type { ShowJson } from '../../src/commands/show.ts';
import type { IncidentSummary } from '../../src/adapters/incidents.ts';
import { makeTempDir, openedEvent } from '../helpers/journal-fixtures.ts';
import { ensureBuilt, warroom } from '../helpers/warroom-cli.ts';

const RESOLVED = '2026-11-26-1030-api-high-latency';
const OPEN = '2026-11-27-0900-db-pool';
const DAMAGED = '2026-11-25-0800-cert-expiry';
const FUTURE = '2026-11-24-0700-from-the-future';

let home: string;

/** Writes an incident whose events happen at the given times (ISO), through the real journal. */
async function writeIncident(id: string, timed: [string, NewEvent][]): Promise<string> {
  const dir = path.join(home, 'incidents', id);
  let clock = new Date(timed[0]?.[0] ?? 0);
  const journal = await createJournal(
    dir,
    { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: id, createdAt: clock.toISOString() },
    { now: () => clock },
  );
  for (const [at, event] of timed) {
    clock = new Date(at);
    await journal.append(event);
  }
  await journal.close();
  return dir;
}

beforeAll(async () => {
  home = await makeTempDir('warroom-home-');
  await ensureBuilt();
  await writeIncident(RESOLVED, [
    ['2026-11-26T10:30:00.000Z', openedEvent(RESOLVED, { title: 'api High Latency', commander: 'ana', actor: 'ana', detectedAt: '2026-11-26T10:16:00.000Z' })],
    ['2026-11-26T10:30:00.000Z', { type: 'incident.acknowledged', actor: 'ana', by: 'ana', via: 'operator' }],
    ['2026-11-26T10:31:05.000Z', { type: 'step.checked', actor: 'ana', stepId: 'check/look', note: null }],
    ['2026-11-26T10:32:00.000Z', { type: 'command.requested', actor: 'ana', stepId: 'check/look', commandId: 'check/look/c0', template: 'kubectl get pods', risk: 'read' }],
    ['2026-11-26T10:32:01.000Z', { type: 'command.confirmed', actor: 'ana', requestSeq: 4, script: 'kubectl get pods', confirmation: 'key', kubeContext: null, kubeNamespace: null, dryRun: false }],
    ['2026-11-26T10:32:01.500Z', { type: 'command.started', actor: 'system', requestSeq: 4, pid: 99, cwd: '/tmp', script: 'kubectl get pods', kubeContext: null, outputFile: 'commands/4.log' }],
    ['2026-11-26T10:32:04.500Z', {
      type: 'command.finished', actor: 'system', requestSeq: 4, exitCode: 0, signal: null, durationMs: 3000, outputFile: 'commands/4.log',
      outputBytes: 120, outputSha256: 'cd'.repeat(32), timedOut: false, cancelled: false, dryRun: false, error: null, tail: ['api-1 Running'],
    }],
    ['2026-11-26T10:33:00.000Z', {
      type: 'escalation.fired', actor: 'system', level: 1, afterMinutes: 15, action: 'page', target: 'Engineering Manager',
      dueAt: '2026-11-26T10:31:00.000Z', late: true, manual: false,
    }],
    ['2026-11-26T10:40:00.000Z', { type: 'status.changed', actor: 'ana', from: 'investigating', to: 'monitoring' }],
    ['2026-11-26T11:35:00.000Z', { type: 'incident.resolved', actor: 'ana', from: 'monitoring', summary: 'rolled back' }],
  ]);
  await writeIncident(OPEN, [
    ['2026-11-27T09:00:00.000Z', openedEvent(OPEN, { title: 'DB pool exhausted', severity: 'SEV-1', commander: 'ben', actor: 'ben' })],
    ['2026-11-27T09:01:00.000Z', { type: 'note.added', actor: 'ben', text: 'pool at 100/100' }],
  ]);
  const damaged = await writeIncident(DAMAGED, [
    ['2026-11-25T08:00:00.000Z', openedEvent(DAMAGED, { title: 'Cert expiry' })],
    ['2026-11-25T08:01:00.000Z', { type: 'note.added', actor: 'tester', text: 'one' }],
    ['2026-11-25T08:02:00.000Z', { type: 'note.added', actor: 'tester', text: 'two' }],
  ]);
  const lines = (await fs.readFile(journalPath(damaged), 'utf8')).split('\n');
  lines[2] = '{"seq":2,"at":"2026-11-25T08:01:00.000Z","actor":"tester","type":"note.added","te';
  await fs.writeFile(journalPath(damaged), lines.join('\n'));
  const future = path.join(home, 'incidents', FUTURE);
  await fs.mkdir(future, { recursive: true });
  await fs.writeFile(
    journalPath(future),
    `${JSON.stringify({ kind: 'warroom-journal', formatVersion: 9, incidentId: FUTURE, createdAt: '2026-11-24T07:00:00.000Z' })}\n`,
  );
}, 60_000);

afterAll(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

describe('warroom list', () => {
  it('prints every incident newest first as JSON', async () => {
    const { code, stdout } = await warroom(home, ['list', '--json']);
    expect(code).toBe(0);
    const list = JSON.parse(stdout) as IncidentSummary[];
    expect(list.map((i) => i.id)).toEqual([OPEN, RESOLVED, DAMAGED, FUTURE]);
    expect(list[1]).toMatchObject({
      id: RESOLVED,
      title: 'api High Latency',
      severity: 'SEV-2',
      status: 'resolved',
      openedAt: '2026-11-26T10:30:00.000Z',
      resolvedAt: '2026-11-26T11:35:00.000Z',
      durationMs: 65 * 60_000,
      commander: 'ana',
      problems: [],
      error: null,
      dir: path.join(home, 'incidents', RESOLVED),
    });
    expect(list[0]).toMatchObject({ status: 'investigating', severity: 'SEV-1', commander: 'ben', resolvedAt: null });
    expect(list[2]?.problems[0]).toMatch(/journal\.jsonl:3: corrupted line/);
    expect(list[3]?.error).toContain(`journal format 9 is newer than this warroom understands (${JOURNAL_FORMAT_VERSION}); upgrade warroom`);
  });

  it('prints a table without a terminal, and reports damaged journals on stderr', async () => {
    const { code, stdout, stderr } = await warroom(home, ['list']);
    expect(code).toBe(0);
    const [header, ...rows] = stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+STATUS\s+SEV\s+OPENED \(UTC\)\s+DURATION\s+COMMANDER\s+TITLE$/);
    expect(rows[1]).toMatch(new RegExp(`^${RESOLVED}\\s+resolved\\s+SEV-2\\s+2026-11-26 10:30\\s+1h 05m\\s+ana\\s+api High Latency$`));
    expect(rows[3]).toMatch(new RegExp(`^${FUTURE}\\s+unreadable`));
    expect(stderr).toContain(`warroom: ${DAMAGED}: `);
    expect(stderr).toContain(`warroom: ${FUTURE}: `);
  });

  it('says where it looked when there are no incidents', async () => {
    const empty = await makeTempDir('warroom-empty-');
    try {
      const plain = await warroom(empty, ['list']);
      expect(plain).toMatchObject({ code: 0, stdout: `No incidents yet in ${path.join(empty, 'incidents')}. Start one with: warroom run <runbook.md>\n` });
      expect(JSON.parse((await warroom(empty, ['list', '--json'])).stdout)).toEqual([]);
    } finally {
      await fs.rm(empty, { recursive: true, force: true });
    }
  });
});

describe('warroom show', () => {
  it('prints the derived state, metrics, timeline and problems as JSON', async () => {
    const { code, stdout } = await warroom(home, ['show', RESOLVED, '--json']);
    expect(code).toBe(0);
    const shown = JSON.parse(stdout) as ShowJson;
    expect(Object.keys(shown).sort()).toEqual(['incident', 'metrics', 'problems', 'timeline']);
    expect(shown.incident).toMatchObject({ incidentId: RESOLVED, status: 'resolved', lastSeq: 10, commander: 'ana' });
    expect(shown.incident.commands[0]).toMatchObject({ requestSeq: 4, phase: 'finished', exitCode: 0 });
    expect(shown.metrics).toMatchObject({
      timeToAcknowledgeMs: 14 * 60_000,
      timeToMitigateMs: 24 * 60_000, // detection 10:16 → monitoring 10:40
      timeToResolveMs: 79 * 60_000,
      timeToDetectMs: null,
    });
    expect(shown.timeline.map((t) => t.kind)).toContain('escalation');
    expect(shown.timeline.every((t, i, all) => i === 0 || (all[i - 1]?.seq ?? 0) <= t.seq)).toBe(true);
    expect(shown.problems).toEqual([]);
  });

  it('prints a plain report: header, metrics, progress, commands, escalations, timeline in UTC', async () => {
    const { code, stdout } = await warroom(home, ['show', RESOLVED]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('api High Latency');
    expect(stdout).toMatch(/^ {2}status\s+resolved$/m);
    expect(stdout).toMatch(/^ {2}detected\s+2026-11-26 10:16:00 UTC$/m);
    expect(stdout).toMatch(/^ {2}resolved\s+2026-11-26 11:35:00 UTC \(duration 1h 05m\)$/m);
    expect(stdout).toMatch(/^ {2}time to acknowledge\s+14m$/m);
    expect(stdout).toMatch(/^ {2}time to detect\s+unknown$/m);
    expect(stdout).toMatch(/^ {2}Check\s+1\/1$/m);
    expect(stdout).toMatch(/^ {2}10:32:04 {2}kubectl get pods {2}→ {2}exit 0 in 3s$/m);
    // No delivery was recorded for it: the page is owed, not sent, and the report says so.
    expect(stdout).toMatch(/^ {2}10:33:00 {2}page Engineering Manager \(15 min threshold, 2m late\): queued \(not recorded yet\)$/m);
    const timeline = stdout.slice(stdout.indexOf('Timeline (UTC)\n'));
    expect(timeline).toMatch(/^ {2}10:31:05 {2}ana\s+.*Look at the dashboards/m);
    expect(timeline).toMatch(/^ {2}11:35:00 {2}ana\s+/m);
  });

  it('resolves latest and unique prefixes', async () => {
    const latest = JSON.parse((await warroom(home, ['show', 'latest', '--json'])).stdout) as ShowJson;
    expect(latest.incident.incidentId).toBe(OPEN);
    const prefixed = JSON.parse((await warroom(home, ['show', '2026-11-26', '--json'])).stdout) as ShowJson;
    expect(prefixed.incident.incidentId).toBe(RESOLVED);
  });

  it('refuses an unknown id with exit 2 and close matches', async () => {
    const { code, stdout, stderr } = await warroom(home, ['show', '2026-11-26-1030-api-high-latncy']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`warroom: no incident "2026-11-26-1030-api-high-latncy"; did you mean ${RESOLVED}?\n`);
  });

  it('shows a damaged incident with the problem and its line number', async () => {
    const json = await warroom(home, ['show', DAMAGED, '--json']);
    expect(json.code).toBe(0);
    const shown = JSON.parse(json.stdout) as ShowJson;
    expect(shown.problems).toEqual([expect.objectContaining({ kind: 'corrupt-line', line: 3 })]);
    expect(shown.incident.notes.map((n) => n.text)).toEqual(['two']);
    const plain = await warroom(home, ['show', DAMAGED]);
    expect(plain.stdout).toMatch(/Journal problems\n {2}.*journal\.jsonl:3: corrupted line/);
    expect(plain.stderr).toMatch(/journal\.jsonl:3: corrupted line/);
  });

  it('refuses a journal from a newer warroom with one clear line', async () => {
    const { code, stderr } = await warroom(home, ['show', FUTURE]);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^warroom: .*journal format 9 is newer than this warroom understands \\(${JOURNAL_FORMAT_VERSION}\\); upgrade warroom\n$`));
  });
});
