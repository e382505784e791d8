// Damage shown and repairable, through the real CLI: a torn tail, a damaged middle line (not even
// UTF-8), and a valid line of an unknown event type. Each is reported with file:line; the last two
// open read-only (show still reads them); `warroom repair` moves the bad lines to
// journal.damaged.jsonl and makes the incident writable, and no byte of the journal is lost.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAMAGED_FILE, journalPath, openJournal } from '../../src/adapters/journal.ts';
import type { ShowJson } from '../../src/commands/show.ts';
import { makeTempDir, newIncidentJournal } from '../helpers/journal-fixtures.ts';
import { ensureBuilt, warroom } from '../helpers/warroom-cli.ts';

let home: string;
beforeAll(async () => {
  home = await makeTempDir('warroom-repair-');
  await ensureBuilt();
});
afterAll(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

/** An incident with notes n1..n5 (seqs 2..6), its journal's lines as bytes. */
async function incidentWithNotes(id: string): Promise<{ dir: string; lines: Buffer[] }> {
  const journal = await newIncidentJournal(path.join(home, 'incidents'), id);
  for (let i = 1; i <= 5; i += 1) await journal.append({ type: 'note.added', actor: 'a', text: `n${i}` });
  await journal.close();
  return { dir: journal.dir, lines: await journalLines(journal.dir) };
}

async function journalLines(dir: string): Promise<Buffer[]> {
  const bytes = await fs.readFile(journalPath(dir));
  const lines: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const end = bytes.indexOf(0x0a, at);
    lines.push(bytes.subarray(at, end < 0 ? bytes.length : end));
    at = end < 0 ? bytes.length : end + 1;
  }
  return lines;
}

async function writeLines(dir: string, lines: Buffer[], final = '\n'): Promise<void> {
  await fs.writeFile(journalPath(dir), Buffer.concat([Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])).subarray(0, final === '\n' ? undefined : -1)]));
}

interface DamagedRecord {
  line: number;
  how: string;
  problem: string;
  text?: string;
  base64?: string;
}

async function damagedRecords(dir: string): Promise<DamagedRecord[]> {
  const text = await fs.readFile(path.join(dir, DAMAGED_FILE), 'utf8');
  return text.trimEnd().split('\n').map((l) => JSON.parse(l) as DamagedRecord);
}

/** Every original line is still somewhere: in the journal, or in the damaged file under its number. */
async function expectNothingLost(dir: string, original: Buffer[]): Promise<void> {
  const now = (await journalLines(dir)).map((l) => l.toString('latin1'));
  const moved = new Map((await damagedRecords(dir)).map((r) => [r.line, r.base64 !== undefined ? Buffer.from(r.base64, 'base64') : Buffer.from(r.text ?? '', 'utf8')]));
  original.forEach((line, index) => {
    const found = now.includes(line.toString('latin1')) || moved.get(index + 1)?.equals(line) === true;
    expect(found, `line ${index + 1} kept`).toBe(true);
  });
}

async function expectWritableAfterRepair(dir: string, id: string, expectMoved: RegExp): Promise<void> {
  const repaired = await warroom(home, ['repair', id.slice(0, 18)]);
  expect(repaired.stderr).toBe('');
  expect(repaired.code).toBe(0);
  expect(repaired.stdout).toMatch(expectMoved);
  expect(repaired.stdout).toContain(`${id} is writable again: warroom resume ${id}`);

  const opened = await openJournal(dir);
  expect(opened.problems).toEqual([]);
  expect(opened.readonly).toBe(false);
  expect(opened.events.at(-1)).toMatchObject({ type: 'journal.repaired', how: 'repair', damagedFile: DAMAGED_FILE });
  const note = await opened.journal?.append({ type: 'note.added', actor: 'a', text: 'after repair' });
  expect(note?.seq).toBe((opened.events.at(-1)?.seq ?? 0) + 1);
  await opened.journal?.close();

  const again = await warroom(home, ['repair', id]);
  expect(again).toMatchObject({ code: 0, stdout: `${journalPath(dir)} is intact; nothing to repair\n` });
  const show = await warroom(home, ['show', id]);
  expect(show.stdout).toMatch(/journal repaired: moved \d damaged lines? \(journal\.jsonl:\d+/);
  expect(show.stderr).toBe('');
}

describe('damaged journals', () => {
  it('a torn tail is cut, kept, reported and recorded; the incident stays writable', async () => {
    const id = '2026-11-26-1000-torn';
    const { dir, lines } = await incidentWithNotes(id);
    const torn = Buffer.from('{"seq":7,"at":"2026-11-26T10:0');
    await writeLines(dir, [...lines, torn], '');

    const show = await warroom(home, ['show', id]);
    expect(show.code).toBe(0);
    expect(show.stderr).toContain(`${journalPath(dir)}:8: last line is incomplete`);

    const opened = await openJournal(dir);
    expect(opened.readonly).toBe(false);
    expect(opened.problems.map((p) => [p.kind, p.line])).toEqual([['torn-tail', 8]]);
    expect(opened.repaired).toMatchObject({ seq: 7, how: 'torn-tail', lines: [{ line: 8 }] });
    await opened.journal?.close();
    expect(await damagedRecords(dir)).toEqual([expect.objectContaining({ line: 8, how: 'torn-tail', text: torn.toString() })]);
    await expectNothingLost(dir, [...lines, torn]);
    const timeline = (JSON.parse((await warroom(home, ['show', id, '--json'])).stdout) as ShowJson).timeline;
    expect(timeline.at(-1)).toMatchObject({ kind: 'journal', text: `cut an interrupted write at journal.jsonl:8 (kept in ${DAMAGED_FILE})` });
  });

  it('a damaged middle line opens read-only with file:line; repair moves it and nothing is lost', async () => {
    const id = '2026-11-26-1100-middle';
    const { dir, lines } = await incidentWithNotes(id);
    const damaged = [...lines];
    damaged[3] = Buffer.from([0x7b, 0x22, 0x73, 0xff, 0xfe, 0x00, 0x00, 0x65]); // not JSON, not even UTF-8
    await writeLines(dir, damaged);

    const opened = await openJournal(dir);
    expect(opened).toMatchObject({ journal: null, readonly: true });
    expect(opened.problems.map((p) => [p.kind, p.line])).toEqual([['corrupt-line', 4]]);
    expect(opened.readonlyReason).toMatch(/^read-only: .*journal\.jsonl:4: corrupted line .*`warroom repair 2026-11-26-1100-middle`/);
    expect(opened.events.map((e) => e.seq)).toEqual([1, 2, 4, 5, 6]);
    const show = await warroom(home, ['show', id, '--json']);
    expect(show.code).toBe(0);
    expect((JSON.parse(show.stdout) as ShowJson).problems).toMatchObject([{ kind: 'corrupt-line', line: 4 }]);

    await expectWritableAfterRepair(dir, id, /moved 1 line to \/.*\/journal\.damaged\.jsonl \(kept there with their line numbers\)/);
    const [record] = await damagedRecords(dir);
    expect(record).toMatchObject({ line: 4, how: 'repair', base64: (damaged[3] as Buffer).toString('base64') });
    await expectNothingLost(dir, damaged);
    // The gap left by seq 3 is declared, so the repaired journal reads clean.
    const { events } = await openJournal(dir, { readonly: true });
    const repair = events.find((e) => e.type === 'journal.repaired');
    expect(repair).toMatchObject({ seqGaps: [{ after: 2, next: 4 }] });
  });

  it('a valid line of an unknown event type opens read-only; repair moves it, its seq is never reused', async () => {
    const id = '2026-11-26-1200-unknown';
    const { dir, lines } = await incidentWithNotes(id);
    const unknown = Buffer.from(JSON.stringify({ seq: 7, at: '2026-11-26T10:05:00.000Z', actor: 'future', type: 'incident.snoozed', until: 'x' }));
    const written = [...lines.slice(0, 3), unknown, ...lines.slice(3)];
    // Out of order as well as unknown: the seq-7 line sits between seq 2 and seq 3.
    await writeLines(dir, written);

    const opened = await openJournal(dir);
    expect(opened.readonly).toBe(true);
    expect(opened.problems).toMatchObject([{ kind: 'unknown-type', line: 4 }]);
    expect(opened.problems[0]?.message).toMatch(/journal\.jsonl:4: unknown event type "incident\.snoozed" \(written by a newer warroom/);
    expect(opened.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);

    await expectWritableAfterRepair(dir, id, /moved 1 line to \/.*\/journal\.damaged\.jsonl \(kept there with their line numbers\)/);
    const { events } = await openJournal(dir, { readonly: true });
    expect(events.find((e) => e.type === 'journal.repaired')).toMatchObject({ seq: 8, seqGaps: [{ after: 6, next: 8 }] });
    await expectNothingLost(dir, written);
  });

  it('repair refuses while a war room has the incident open', async () => {
    const id = '2026-11-26-1300-open';
    const { dir } = await incidentWithNotes(id);
    const opened = await openJournal(dir);
    const refused = await warroom(home, ['repair', id]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^warroom: incident 2026-11-26-1300-open is open in another warroom \(pid \d+/);
    await opened.journal?.close();
  });
});

describe('a journal with a line missing', () => {
  it('reads as damaged; repair moves nothing but records the gap, and then it reads clean', async () => {
    const id = '2026-11-26-1400-gap';
    const { dir, lines } = await incidentWithNotes(id);
    await writeLines(dir, [...lines.slice(0, 3), ...lines.slice(4)]); // seq 3 gone
    const before = await openJournal(dir, { readonly: true });
    expect(before.problems).toMatchObject([{ kind: 'seq-gap', line: 4 }]);
    const repaired = await warroom(home, ['repair', id]);
    expect(repaired.stdout).toMatch(/^recorded the seq gaps left by missing lines \(nothing to move\):\nrecorded journal\.repaired \(seq 7\)/);
    const after = await openJournal(dir, { readonly: true });
    expect(after.problems).toEqual([]);
    expect(after.events.at(-1)).toMatchObject({ type: 'journal.repaired', lines: [], seqGaps: [{ after: 2, next: 4 }] });
    await expect(fs.stat(path.join(dir, DAMAGED_FILE))).rejects.toThrow(/ENOENT/);
  });
});
