// The index's head as data: which entries it holds (the newest whatever their status, then only
// open ones), what it counts instead, how appended index lines fold in, and that a file this
// version did not write whole is refused.
import { describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../../src/core/incident/index-document.ts';
import { buildHead, HEAD_NEWEST, HEAD_OPEN, isOpenEntry, parseHead, serializeHead, withAppended } from '../../../src/core/incident/index-head.ts';

const FOLDERS = { mtimeMs: 1, ctimeMs: 2, ino: 3 };
const INDEX = { generation: 'g1', size: 100 };

function entry(n: number, resolved: boolean): IndexEntry {
  const openedAt = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  return {
    id: `inc-${String(n).padStart(5, '0')}`,
    listing: { title: `t${n}`, severity: 'SEV-2', status: resolved ? 'resolved' : 'investigating', openedAt, resolvedAt: resolved ? openedAt : null, commander: 'ana', dryRun: false, lastSeq: 2 },
    problems: [],
    error: null,
    journal: { size: 10, mtimeMs: 5, ino: n },
  };
}

/** `count` entries newest first; every `openEvery`-th one open. */
const sorted = (count: number, openEvery: number) => Array.from({ length: count }, (_, i) => entry(count - i, i % openEvery !== 0));

describe('the index head', () => {
  it('holds the newest entries, then only open ones, and counts the rest by status', () => {
    const all = sorted(1_000, 4);
    const head = buildHead(all, FOLDERS, INDEX, ['claimed']);
    expect(head.complete).toBe(HEAD_NEWEST);
    expect(head.entries.slice(0, HEAD_NEWEST)).toEqual(all.slice(0, HEAD_NEWEST));
    const older = head.entries.slice(HEAD_NEWEST);
    expect(older).toHaveLength(HEAD_OPEN);
    expect(older.every(isOpenEntry)).toBe(true);
    expect(older).toEqual(all.slice(HEAD_NEWEST).filter(isOpenEntry).slice(0, HEAD_OPEN));
    const openAll = all.filter(isOpenEntry).length;
    const openHeld = head.entries.filter(isOpenEntry).length;
    expect(head.omitted).toEqual({ total: all.length - head.entries.length, open: openAll - openHeld });
    expect(head.pending).toEqual(['claimed']);
  });

  it('holds everything when there is little', () => {
    const all = sorted(7, 2);
    expect(buildHead(all, FOLDERS, INDEX, [])).toMatchObject({ entries: all, complete: 7, omitted: { total: 0, open: 0 } });
  });

  it('counts an unreadable entry as open: it must never pass unnoticed', () => {
    expect(isOpenEntry({ ...entry(1, true), error: 'newer format' })).toBe(true);
    expect(isOpenEntry({ ...entry(1, true), listing: null })).toBe(true);
    expect(isOpenEntry(entry(1, true))).toBe(false);
  });

  it('folds in appended lines for entries it holds; refuses ones it does not hold or cannot place', () => {
    const all = sorted(300, 3);
    const head = buildHead(all, FOLDERS, INDEX, []);
    const next = { generation: 'g1', size: 180 };
    const newest = head.entries[0]!;
    const resolved = { ...newest, listing: { ...newest.listing!, status: 'resolved' as const, lastSeq: 9 } };
    const folded = withAppended(head, [resolved], next);
    expect(folded?.entries[0]).toEqual(resolved);
    expect(folded?.index).toEqual(next);
    expect(folded?.entries.slice(1)).toEqual(head.entries.slice(1));
    // The last line for an id wins, as in the index.
    expect(withAppended(head, [resolved, newest], next)?.entries[0]).toEqual(newest);
    // Not held (an older resolved one), moved in the order, or resolved past the complete front.
    const omitted = all.find((e) => !head.entries.some((h) => h.id === e.id))!;
    expect(withAppended(head, [omitted], next)).toBeNull();
    expect(withAppended(head, [{ ...newest, listing: { ...newest.listing!, openedAt: '2020-01-01T00:00:00.000Z' } }], next)).toBeNull();
    const olderOpen = head.entries[HEAD_NEWEST]!;
    expect(withAppended(head, [{ ...olderOpen, listing: { ...olderOpen.listing!, status: 'resolved' } }], next)).toBeNull();
    expect(withAppended(head, [{ ...olderOpen, listing: { ...olderOpen.listing!, status: 'monitoring' } }], next)?.entries[HEAD_NEWEST]?.listing?.status).toBe('monitoring');
  });

  it('round-trips, and refuses anything it did not write whole', () => {
    const head = buildHead(sorted(250, 5), FOLDERS, INDEX, ['a']);
    const text = serializeHead(head);
    expect(parseHead(text)).toEqual(head);
    expect(parseHead(text.slice(0, text.length / 2))).toBeNull();
    expect(parseHead('')).toBeNull();
    const doc = JSON.parse(text) as Record<string, unknown>;
    for (const broken of [
      { ...doc, version: 2 },
      { ...doc, kind: 'warroom-incident-index' },
      { ...doc, complete: (doc.rows as unknown[]).length + 1 },
      { ...doc, omitted: { total: 1, open: 2 } },
      { ...doc, index: { generation: 'g1', size: -1 } },
      { ...doc, rows: [...(doc.rows as unknown[]), ['only an id']] },
    ]) {
      expect(parseHead(JSON.stringify(broken))).toBeNull();
    }
  });
});
