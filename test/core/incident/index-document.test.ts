// The incident index file read back defensively, and when an entry may be trusted: only while
// its journal is byte for byte what it was made from.
import { describe, expect, it } from 'vitest';
import { entryFreshness, entryLine, parseIndex, serializeIndex, type IndexEntry } from '../../../src/core/incident/index-document.ts';

const listing = {
  title: 'api latency',
  severity: 'SEV-2',
  status: 'investigating' as const,
  openedAt: '2026-11-26T10:30:00.000Z',
  resolvedAt: null,
  commander: 'ana',
  dryRun: false,
  lastSeq: 4,
};
const entry = (id: string, over: Partial<IndexEntry> = {}): IndexEntry => ({
  id,
  listing,
  problems: [],
  error: null,
  journal: { size: 1000, mtimeMs: 1764151234567.125, ino: 42 },
  ...over,
});

describe('index file', () => {
  it('round-trips entries; a later line for the same id wins', () => {
    const text = serializeIndex([entry('a'), entry('b')], 'g1') + entryLine(entry('a', { listing: { ...listing, status: 'resolved', lastSeq: 9 } }));
    const parsed = parseIndex(text);
    expect(parsed?.lines).toBe(3);
    expect(text.startsWith('[{"kind":"warroom-incident-index","version":1,"generation":"g1"}\n,["a",')).toBe(true);
    expect(parsed?.generation).toBe('g1');
    expect(parsed?.entries.get('a')?.listing?.status).toBe('resolved');
    expect(parsed?.entries.get('b')).toEqual(entry('b'));
    // The mtime survives JSON exactly, so a fresh entry compares equal to a new stat.
    expect(parsed?.entries.get('b')?.journal.mtimeMs).toBe(1764151234567.125);
  });

  it('skips a torn append and entries that do not look right, keeping the rest', () => {
    const good = serializeIndex([entry('a')], 'g1');
    const torn = `${good}${entryLine(entry('b')).slice(0, 40)}`;
    expect([...(parseIndex(torn)?.entries.keys() ?? [])]).toEqual(['a']);
    // A torn append followed by another append: both lines are lost, nothing else.
    const glued = `${torn}${entryLine(entry('c'))}${entryLine(entry('d'))}`;
    expect([...(parseIndex(glued)?.entries.keys() ?? [])]).toEqual(['a', 'd']);
    const row = (e: IndexEntry) => JSON.parse(entryLine(e).slice(1)) as unknown[];
    const odd = [
      [...row(entry('x')).slice(0, 8), 'open', ...row(entry('x')).slice(9)],
      ['y', '1', ...row(entry('y')).slice(2)],
      row(entry('../z')),
      row(entry('.hidden')),
      row(entry('w')).slice(0, 10),
      { id: 'v', listing, problems: [], error: null, journal: entry('v').journal },
    ]
      .map((r) => `,${JSON.stringify(r)}`)
      .join('\n');
    expect([...(parseIndex(`${good}${odd}\n`)?.entries.keys() ?? [])]).toEqual(['a']);
  });

  it('is not an index without this version\'s header (then it is rebuilt)', () => {
    expect(parseIndex('')).toBeNull();
    expect(parseIndex('not json\n')).toBeNull();
    expect(parseIndex(`[${JSON.stringify({ kind: 'warroom-incident-index', version: 99 })}\n`)).toBeNull();
    expect(parseIndex(`[${JSON.stringify({ kind: 'something-else', version: 1 })}\n`)).toBeNull();
    expect(parseIndex(`${JSON.stringify({ kind: 'warroom-incident-index', version: 1 })}\n`)).toBeNull();
    expect(parseIndex(serializeIndex([], 'g1'))?.entries.size).toBe(0);
  });
});

describe('entry freshness', () => {
  const stamp = entry('a').journal;
  it('trusts an entry only for the same size, mtime and inode', () => {
    expect(entryFreshness(entry('a'), stamp)).toBe('fresh');
    expect(entryFreshness(undefined, stamp)).toBe('full');
    expect(entryFreshness(entry('a'), { ...stamp, ino: 43 })).toBe('full');
    // Same size, newer mtime: rewritten in place (never by warroom's appends): read it all.
    expect(entryFreshness(entry('a'), { ...stamp, mtimeMs: stamp.mtimeMs + 1 })).toBe('full');
    expect(entryFreshness(entry('a'), { ...stamp, size: 900 })).toBe('full');
  });

  it('reads only the appended bytes of a clean entry whose journal grew', () => {
    expect(entryFreshness(entry('a'), { ...stamp, size: 1200, mtimeMs: stamp.mtimeMs + 5 })).toBe('tail');
    expect(entryFreshness(entry('a', { problems: ['x:3: torn'] }), { ...stamp, size: 1200 })).toBe('full');
    expect(entryFreshness(entry('a', { listing: null, error: 'newer format' }), { ...stamp, size: 1200 })).toBe('full');
  });

  it('never trusts an entry whose mtime was unknown when it was written', () => {
    const unknown = entry('a', { journal: { ...stamp, mtimeMs: -1 } });
    expect(entryFreshness(unknown, { ...stamp, mtimeMs: -1 })).toBe('full');
    expect(entryFreshness(unknown, { ...stamp, size: 1100 })).toBe('tail');
  });
});
