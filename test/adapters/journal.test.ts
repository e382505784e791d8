// The journal on real files: append + fsync + reopen, torn tails, corruption, format versions.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandLogPath, createJournal, journalPath, openJournal } from '../../src/adapters/journal.ts';
import { JOURNAL_FORMAT_VERSION, type NewEvent } from '../../src/core/incident/events.ts';
import { WarroomError } from '../../src/errors.ts';
import { makeTempDir, newIncidentJournal, openedEvent } from '../helpers/journal-fixtures.ts';

let root: string;
beforeEach(async () => {
  root = await makeTempDir();
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function lines(dir: string): Promise<string[]> {
  const text = await fs.readFile(journalPath(dir), 'utf8');
  return text.split('\n');
}

describe('append and reopen', () => {
  it('writes a header line then one line per event, stamped with seq and the injected clock', async () => {
    let t = Date.parse('2026-11-26T10:00:00.000Z');
    const journal = await newIncidentJournal(root, 'inc-1', () => new Date(t));
    t += 3000;
    const note = await journal.append({ type: 'note.added', actor: 'ana', text: 'looking' });
    expect(note).toMatchObject({ seq: 2, at: '2026-11-26T10:00:03.000Z', actor: 'ana', text: 'looking' });
    const explicit = await journal.append({ type: 'note.added', actor: 'ana', text: 'x' }, new Date('2026-11-26T11:00:00.123Z'));
    expect(explicit.at).toBe('2026-11-26T11:00:00.123Z');
    await journal.close();

    const text = await lines(journal.dir);
    expect(text).toHaveLength(5); // header, 3 events, '' after the final newline
    expect(JSON.parse(text[0] as string)).toEqual({
      kind: 'warroom-journal',
      formatVersion: JOURNAL_FORMAT_VERSION,
      incidentId: 'inc-1',
      createdAt: '2026-11-26T10:00:00.000Z',
    });
    const reopened = await openJournal(journal.dir);
    expect(reopened.problems).toEqual([]);
    expect(reopened.events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'incident.opened'],
      [2, 'note.added'],
      [3, 'note.added'],
    ]);
    expect(reopened.journal?.lastSeq).toBe(3);
    const next = await reopened.journal?.append({ type: 'note.added', actor: 'ana', text: 'after reopen' });
    expect(next?.seq).toBe(4);
    await reopened.journal?.close();
  });

  it('gives appends made in the same tick consecutive seqs in file order (group commit)', async () => {
    const journal = await newIncidentJournal(root);
    const appended = await Promise.all(
      Array.from({ length: 50 }, (_, i) => journal.append({ type: 'note.added', actor: 'a', text: `n${i}` })),
    );
    expect(appended.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    await journal.close();
    const { events } = await openJournal(journal.dir, { readonly: true });
    expect(events.slice(1).map((e) => (e.type === 'note.added' ? e.text : ''))).toEqual(
      Array.from({ length: 50 }, (_, i) => `n${i}`),
    );
  });

  it('refuses to create over an existing journal, and appends after close', async () => {
    const journal = await newIncidentJournal(root);
    await journal.close();
    await expect(journal.append({ type: 'note.added', actor: 'a', text: 'late' })).rejects.toThrow(/closed/);
    await expect(
      createJournal(journal.dir, { kind: 'warroom-journal', formatVersion: 1, incidentId: 'inc-1', createdAt: 'x' }),
    ).rejects.toThrow(/already exists/);
    // The failed create released the lock it took.
    const again = await openJournal(journal.dir);
    expect(again.journal).not.toBeNull();
    await again.journal?.close();
  });

  it('refuses to write an event the reader would reject, without using up its seq', async () => {
    const journal = await newIncidentJournal(root);
    const broken = { type: 'note.added', actor: 'a' } as unknown as NewEvent; // no text
    await expect(journal.append(broken)).rejects.toThrow(/refusing to journal an invalid note.added event: .*text/);
    await expect(journal.append({ type: 'note.added', actor: 'a', text: 't' }, new Date(Number.NaN))).rejects.toThrow(/invalid time/);
    expect((await journal.append({ type: 'note.added', actor: 'a', text: 'ok' })).seq).toBe(2);
    await journal.close();
    const reopened = await openJournal(journal.dir, { readonly: true });
    expect(reopened.problems).toEqual([]);
    expect(reopened.events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('puts command output beside the journal, never in it', () => {
    expect(commandLogPath('/x/inc-1', 7)).toBe(path.join('/x/inc-1', 'commands', '7.log'));
  });
});

describe('damage', () => {
  async function journalWithNotes(count: number): Promise<string> {
    const journal = await newIncidentJournal(root);
    for (let i = 0; i < count; i += 1) await journal.append({ type: 'note.added', actor: 'a', text: `n${i}` });
    await journal.close();
    return journal.dir;
  }

  it('cuts off a torn last line (no newline), reports it, keeps every complete line and stays appendable', async () => {
    const dir = await journalWithNotes(3);
    const before = await fs.stat(journalPath(dir));
    await fs.appendFile(journalPath(dir), '{"seq":5,"at":"2026-11-26T10:0');

    const readonly = await openJournal(dir, { readonly: true });
    expect(readonly.problems.map((p) => p.kind)).toEqual(['torn-tail']);
    expect((await fs.stat(journalPath(dir))).size).toBe(before.size + 30); // a reader changes nothing

    const opened = await openJournal(dir);
    expect(opened.readonly).toBe(false);
    expect(opened.problems).toHaveLength(1);
    expect(opened.problems[0]).toMatchObject({ kind: 'torn-tail', line: 6 });
    expect(opened.problems[0]?.message).toMatch(/journal\.jsonl:6: last line is incomplete/);
    // The cut is recorded (seq 5 reuses the torn line's seq: that line was never acknowledged).
    expect(opened.events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'incident.opened'],
      [2, 'note.added'],
      [3, 'note.added'],
      [4, 'note.added'],
      [5, 'journal.repaired'],
    ]);
    expect(opened.repaired).toMatchObject({ how: 'torn-tail', lines: [{ line: 6 }], damagedFile: 'journal.damaged.jsonl' });
    const damaged = JSON.parse(await fs.readFile(path.join(dir, 'journal.damaged.jsonl'), 'utf8')) as Record<string, unknown>;
    expect(damaged).toMatchObject({ how: 'torn-tail', line: 6, text: '{"seq":5,"at":"2026-11-26T10:0' });
    await opened.journal?.append({ type: 'note.added', actor: 'a', text: 'after repair' });
    await opened.journal?.close();
    const reread = await openJournal(dir, { readonly: true });
    expect(reread.problems).toEqual([]);
    expect(reread.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await fs.stat(journalPath(dir))).size).toBeGreaterThan(before.size);
  });

  it('treats a newline-terminated but unparsable last line as torn too', async () => {
    const dir = await journalWithNotes(2);
    await fs.appendFile(journalPath(dir), '{"seq":4,"at\0\0\0\n');
    const opened = await openJournal(dir);
    expect(opened.problems.map((p) => [p.kind, p.line])).toEqual([['torn-tail', 5]]);
    expect(opened.events.map((e) => e.type)).toEqual(['incident.opened', 'note.added', 'note.added', 'journal.repaired']);
    await opened.journal?.close();
    expect((await lines(dir)).length).toBe(6); // header, 3 events, the repair record, ''
  });

  it('opens read-only and names the line when a line in the middle is corrupted', async () => {
    const dir = await journalWithNotes(4);
    const text = await lines(dir);
    text[3] = '{"seq":3,"at":"2026-11-26T1\u0000\u0000garbage';
    await fs.writeFile(journalPath(dir), text.join('\n'));
    const sizeBefore = (await fs.stat(journalPath(dir))).size;

    const opened = await openJournal(dir);
    expect(opened.journal).toBeNull();
    expect(opened.readonly).toBe(true);
    expect(opened.problems.map((p) => [p.kind, p.line])).toEqual([['corrupt-line', 4]]);
    expect(opened.problems[0]?.message).toMatch(/journal\.jsonl:4: corrupted line/);
    // Nothing is dropped silently: every other event is still there, and the file is untouched.
    expect(opened.events.map((e) => e.seq)).toEqual([1, 2, 4, 5]);
    expect((await fs.stat(journalPath(dir))).size).toBe(sizeBefore);
    // And no lock was left behind by the refused writer open.
    await expect(fs.stat(path.join(dir, 'lock'))).rejects.toThrow(/ENOENT/);
  });

  it('flags a valid-JSON line that is not an event, and missing or repeated seqs', async () => {
    const dir = await journalWithNotes(3);
    const text = await lines(dir);
    text.splice(3, 1, '{"hello":"world"}'); // seq 3 replaced by a non-event
    text.splice(4, 0, text[4] as string); // seq 4 duplicated
    await fs.writeFile(journalPath(dir), text.join('\n'));
    const opened = await openJournal(dir, { readonly: true });
    expect(opened.problems.map((p) => [p.kind, p.line])).toEqual([
      ['corrupt-line', 4],
      ['seq-gap', 6],
    ]);
    expect(opened.events.map((e) => e.seq)).toEqual([1, 2, 4]);
  });
});

describe('header', () => {
  async function writeRaw(content: string): Promise<string> {
    const dir = path.join(root, 'raw');
    await fs.mkdir(dir);
    await fs.writeFile(journalPath(dir), content);
    return dir;
  }

  it('refuses a journal from a newer warroom with a clear message, without touching it', async () => {
    const newer = JOURNAL_FORMAT_VERSION + 1;
    const header = { kind: 'warroom-journal', formatVersion: newer, incidentId: 'x', createdAt: '2027-01-01T00:00:00.000Z' };
    const event = JSON.stringify({ seq: 1, at: '2027-01-01T00:00:00.000Z', actor: 'a', type: 'incident.opened' });
    const dir = await writeRaw(`${JSON.stringify(header)}\n${event}\n{"torn`);
    const error = await openJournal(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WarroomError);
    expect((error as Error).message).toContain(`journal format ${newer} is newer than this warroom understands (${JOURNAL_FORMAT_VERSION}); upgrade warroom`);
    expect(await fs.readFile(journalPath(dir), 'utf8')).toMatch(/\{"torn$/);
    await expect(fs.stat(path.join(dir, 'lock'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a file without a header', async () => {
    const event = JSON.stringify({ seq: 1, at: '2027-01-01T00:00:00.000Z', actor: 'a', type: 'note.added' });
    const dir = await writeRaw(`${event}\n`);
    await expect(openJournal(dir, { readonly: true })).rejects.toThrow(/journal\.jsonl:1: not a warroom journal/);
    await fs.writeFile(journalPath(dir), '');
    await expect(openJournal(dir, { readonly: true })).rejects.toThrow(/no complete header line/);
  });

  it('says so when there is no journal at all', async () => {
    await expect(openJournal(path.join(root, 'nope'), { readonly: true })).rejects.toThrow(/no journal at/);
  });

  it('keeps the opened event intact through JSON', async () => {
    const journal = await newIncidentJournal(root);
    await journal.close();
    const { events } = await openJournal(journal.dir, { readonly: true });
    expect(events[0]).toMatchObject({ ...openedEvent('inc-1'), seq: 1 });
  });
});
