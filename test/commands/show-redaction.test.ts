// `show`, `show --json` and the post-mortem never print a secret a command printed or an operator
// typed, also from a journal written before redaction knew the pattern; the raw log keeps it and
// is named as raw. Nothing in `show` can drive the terminal.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJournal } from '../../src/adapters/journal.ts';
import { JOURNAL_FORMAT_VERSION } from '../../src/core/incident/events.ts';
import { makeTempDir, openedEvent } from '../helpers/journal-fixtures.ts';
import { ensureBuilt, warroom } from '../helpers/warroom-cli.ts';

const ID = '2026-11-26-1030-leaky';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY';
const GH_TOKEN = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const PEM = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEpAIBAAKCAQEA7bq0hE1pYVb3kQ1J0Yt4z3ZmFq8H9X2wQ0aYq3n8m5Vh0c2s', '-----END RSA PRIVATE KEY-----'];
const SECRETS = [AWS_SECRET, GH_TOKEN, 'hunter2', PEM[1] as string];

let home: string;
let dir: string;
beforeAll(async () => {
  home = await makeTempDir('warroom-leaky-');
  await ensureBuilt();
  dir = path.join(home, 'incidents', ID);
  let t = Date.parse('2026-11-26T10:30:00.000Z');
  const journal = await createJournal(dir, { kind: 'warroom-journal', formatVersion: JOURNAL_FORMAT_VERSION, incidentId: ID, createdAt: '2026-11-26T10:30:00.000Z' }, { now: () => new Date((t += 1000)) });
  await journal.append(openedEvent(ID));
  await journal.append({ type: 'note.added', actor: 'ana', text: `token was ${GH_TOKEN} \u001b[2J\u001b]0;pwned\u0007` });
  await journal.append({ type: 'command.requested', actor: 'ana', stepId: 'check/look', commandId: 'c', template: 'env', risk: 'read' });
  await journal.append({ type: 'command.confirmed', actor: 'ana', requestSeq: 3, script: 'PGPASSWORD=hunter2 psql -c "select 1"', confirmation: 'key', kubeContext: null, kubeNamespace: null, dryRun: false });
  await journal.append({ type: 'command.started', actor: 'ana', requestSeq: 3, pid: 1, cwd: '/', script: 'PGPASSWORD=hunter2 psql -c "select 1"', kubeContext: null, outputFile: 'commands/3.log' });
  // A tail as an older warroom journaled it: unredacted.
  await journal.append({
    type: 'command.finished', actor: 'ana', requestSeq: 3, exitCode: 0, signal: null, durationMs: 10, outputFile: 'commands/3.log', outputBytes: 10,
    outputSha256: null, timedOut: false, cancelled: false, dryRun: false, error: null, tail: [`AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`, ...PEM, 'done'],
  });
  await journal.close();
  await fs.mkdir(path.join(dir, 'commands'));
  await fs.writeFile(path.join(dir, 'commands', '3.log'), `AWS_SECRET_ACCESS_KEY=${AWS_SECRET}\n`);
});
afterAll(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

describe('secrets leave the log file masked', () => {
  it.each([
    ['show', ['show', ID]],
    ['show --json', ['show', ID, '--json']],
    ['postmortem --stdout', ['postmortem', ID, '--stdout']],
  ])('%s prints none of them', async (_what, args) => {
    const result = await warroom(home, args);
    expect(result.code).toBe(0);
    for (const secret of SECRETS) expect(result.stdout).not.toContain(secret);
    expect(result.stdout).toContain('[redacted');
  });

  it('show --json keeps the tail lines, each masked', async () => {
    const { stdout } = await warroom(home, ['show', ID, '--json']);
    const report = JSON.parse(stdout) as { incident: { commands: { tail: string[]; script: string }[] } };
    expect(report.incident.commands[0]?.tail).toEqual(['AWS_SECRET_ACCESS_KEY=[redacted]', '[redacted private key]', '[redacted private key]', '[redacted private key]', 'done']);
    expect(report.incident.commands[0]?.script).toBe('PGPASSWORD=[redacted] psql -c "select 1"');
  });

  it('show names the logs as raw, and the log still holds the secret', async () => {
    const { stdout } = await warroom(home, ['show', ID]);
    expect(stdout).toContain('full output: commands/<seq>.log in the incident folder (raw, not redacted)');
    expect(await fs.readFile(path.join(dir, 'commands', '3.log'), 'utf8')).toContain(AWS_SECRET);
  });

  it('show prints no escape sequence from a note', async () => {
    const { stdout } = await warroom(home, ['show', ID]);
    expect(stdout).not.toContain('\u001b');
    expect(stdout).toContain('token was [redacted]');
  });
});
