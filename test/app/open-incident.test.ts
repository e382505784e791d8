// Opening war rooms for real: a runbook file on disk → incident folder, journal and lock;
// resuming it later → the same events, with the lock held again.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IncidentLockedError, journalPath, openJournal } from '../../src/adapters/journal.ts';
import { openNewIncident, operatorName, resumeIncidentJournal } from '../../src/app/open-incident.ts';
import { JOURNAL_FORMAT_VERSION, type IncidentOpenedEvent } from '../../src/core/incident/events.ts';
import { replay } from '../../src/core/incident/reduce.ts';
import { UsageError } from '../../src/errors.ts';
import { makeTempDir } from '../helpers/journal-fixtures.ts';

const RUNBOOK = `# [SERVICE] High Latency Runbook

**Severity**: SEV-2
**Trigger**: P99 Latency > 500ms for 5 minutes

## Prerequisite Checks
1. [ ] Check Datadog Dashboard: [Link]
2. [ ] Check Status Page: [Link]

## Mitigation Actions
- **Rollback Deployment**:
  \`\`\`bash
  kubectl rollout undo deployment/api-service
  \`\`\`

## Escalation Policy
- If not resolved in 15 mins -> Page Engineering Manager
- If not resolved in 30 mins -> Page CTO
`;

let home: string;
let runbookPath: string;
let env: NodeJS.ProcessEnv;
const now = () => new Date('2026-11-26T10:30:00.000Z');

beforeEach(async () => {
  home = await makeTempDir('warroom-open-');
  runbookPath = path.join(home, 'api-high-latency.md');
  await fs.writeFile(runbookPath, RUNBOOK);
  env = { WARROOM_HOME: home };
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

const base = () => ({ runbookPath, dryRun: false, readonly: false, env, now, actor: 'alice' });

describe('openNewIncident', () => {
  it('creates the folder and journal and records incident.opened with the runbook snapshot', async () => {
    const { id, dir, journal, events } = await openNewIncident({ ...base(), service: 'api', detectedAt: '14m' });
    try {
      expect(id).toBe('2026-11-26-1030-api-high-latency');
      expect(dir).toBe(path.join(home, 'incidents', id));
      expect(events).toHaveLength(1);
      const opened = events[0] as IncidentOpenedEvent;
      expect(opened).toMatchObject({
        seq: 1,
        at: '2026-11-26T10:30:00.000Z',
        type: 'incident.opened',
        actor: 'alice',
        incidentId: id,
        title: 'api High Latency',
        runbookPath,
        runbookHash: createHash('sha256').update(RUNBOOK).digest('hex'),
        service: 'api',
        severity: 'SEV-2',
        detectedAt: '2026-11-26T10:16:00.000Z',
        impactStartedAt: '2026-11-26T10:11:00.000Z', // the trigger's 5-minute window
        commander: 'alice',
        escalationFrom: 'detection',
        updateCadenceMinutes: 15,
        mode: { dryRun: false, readonly: false },
      });
      expect(opened.runbook.escalation.map((e) => [e.afterMinutes, e.target])).toEqual([
        [15, 'Engineering Manager'],
        [30, 'CTO'],
      ]);
      // Durable before it returned, and another writer is locked out while it is open.
      const onDisk = await openJournal(dir, { readonly: true });
      expect(onDisk.events).toEqual(events);
      expect(onDisk.header).toMatchObject({ kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: id });
      await expect(resumeIncidentJournal(env, id)).rejects.toBeInstanceOf(IncidentLockedError);
    } finally {
      await journal.close();
    }
  });

  it('takes explicit title, severity, commander, cadence and modes; a second one in the same minute gets -2', async () => {
    const first = await openNewIncident(base());
    await first.journal.close();
    const second = await openNewIncident({
      ...base(),
      title: 'Login timeouts',
      severity: 'SEV-1',
      commander: 'bob',
      updateCadenceMinutes: 30,
      dryRun: true,
      readonly: true,
    });
    await second.journal.close();
    expect(second.id).toBe('2026-11-26-1030-api-high-latency-2');
    expect(second.events[0]).toMatchObject({
      title: 'Login timeouts',
      severity: 'SEV-1',
      commander: 'bob',
      updateCadenceMinutes: 30,
      mode: { dryRun: true, readonly: true },
    });
    // Without --service the placeholder stays visible rather than being guessed.
    expect(first.events[0]).toMatchObject({ title: '[SERVICE] High Latency', service: null, detectedAt: null });
  });

  it("dates the start of impact from the trigger's alert window, or from --impact-started-at", async () => {
    const derived = await openNewIncident({ ...base(), detectedAt: '14m' });
    await derived.journal.close();
    // Detected 10:16; the alert fires only after 5 minutes of high latency.
    expect(derived.events[0]).toMatchObject({ detectedAt: '2026-11-26T10:16:00.000Z', impactStartedAt: '2026-11-26T10:11:00.000Z' });
    const given = await openNewIncident({ ...base(), detectedAt: '14m', impactStartedAt: '2026-11-26T09:58:00Z' });
    await given.journal.close();
    expect(given.events[0]).toMatchObject({ impactStartedAt: '2026-11-26T09:58:00.000Z' });
    await fs.writeFile(runbookPath, RUNBOOK.replace(/\*\*Trigger\*\*.*\n/, ''));
    const unknown = await openNewIncident({ ...base(), detectedAt: '14m' });
    await unknown.journal.close();
    expect(unknown.events[0]).toMatchObject({ detectedAt: '2026-11-26T10:16:00.000Z', impactStartedAt: null });
  });

  it('refuses a bad --detected-at before creating anything', async () => {
    const error = await openNewIncident({ ...base(), detectedAt: '2026-11-26 10:00' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/has no time zone/);
    await expect(fs.readdir(path.join(home, 'incidents'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a missing runbook as a usage error', async () => {
    await expect(openNewIncident({ ...base(), runbookPath: path.join(home, 'nope.md') })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('resumeIncidentJournal', () => {
  it('reopens the latest open incident with its events and the lock held, and appends after them', async () => {
    const older = await openNewIncident(base());
    await older.journal.append({ type: 'incident.resolved', actor: 'alice', from: 'investigating', summary: null });
    await older.journal.close();
    const later = () => new Date('2026-11-26T11:00:00.000Z');
    const open = await openNewIncident({ ...base(), now: later });
    await open.journal.append({ type: 'note.added', actor: 'alice', text: 'before the crash' });
    await open.journal.close();

    const resumed = await resumeIncidentJournal(env, undefined);
    try {
      expect(resumed.id).toBe(open.id);
      expect(resumed.readonly).toBe(false);
      expect(replay(resumed.events)).toMatchObject({ lastSeq: 2, notes: [{ text: 'before the crash' }] });
      expect((await resumed.journal?.append({ type: 'note.added', actor: 'alice', text: 'after' }))?.seq).toBe(3);
      await expect(resumeIncidentJournal(env, open.id)).rejects.toThrow(/is open in another warroom/);
    } finally {
      await resumed.journal?.close();
    }
    const byId = await resumeIncidentJournal(env, older.id);
    expect(byId.events.at(-1)?.type).toBe('incident.resolved');
    await byId.journal?.close();
  });

  it('opens a damaged incident read-only with its problems', async () => {
    const opened = await openNewIncident(base());
    await opened.journal.append({ type: 'note.added', actor: 'a', text: 'one' });
    await opened.journal.append({ type: 'note.added', actor: 'a', text: 'two' });
    await opened.journal.close();
    const lines = (await fs.readFile(journalPath(opened.dir), 'utf8')).split('\n');
    lines[2] = 'garbage';
    await fs.writeFile(journalPath(opened.dir), lines.join('\n'));
    const resumed = await resumeIncidentJournal(env, opened.id);
    expect(resumed).toMatchObject({ journal: null, readonly: true, problems: [{ kind: 'corrupt-line', line: 3 }] });
  });

  it('says how to start one when nothing is open', async () => {
    await expect(resumeIncidentJournal(env, undefined)).rejects.toThrow(/no open incident to resume; start one with: warroom run/);
  });
});

describe('operatorName', () => {
  it('prefers the override, then WARROOM_OPERATOR, then USER, then "operator"', () => {
    expect(operatorName({ WARROOM_OPERATOR: 'w', USER: 'u' }, 'cfg')).toBe('cfg');
    expect(operatorName({ WARROOM_OPERATOR: 'w', USER: 'u' })).toBe('w');
    expect(operatorName({ WARROOM_OPERATOR: '  ', USER: 'u' })).toBe('u');
    expect(operatorName({})).toBe('operator');
  });
});
