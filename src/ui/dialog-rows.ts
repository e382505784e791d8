// How the confirmation dialog fits its box: every line wrapped (never cut), the box as tall as
// its content, and a script taller than the room left scrolling inside it. Pure arithmetic over
// wrapped rows, so the dialog and its tests agree on what is on screen.
import { wrapRows } from './wrap.ts';

/** The script's rows: `$ ` before the first, its continuations indented under it. */
export function scriptRows(script: string, width: number): string[] {
  const rows: string[] = [];
  const inner = Math.max(1, width - 2);
  for (const row of wrapRows(script, inner)) rows.push(`${rows.length === 0 ? '$ ' : '  '}${row}`);
  return rows;
}

export interface ScriptWindow {
  /** Rows of the script shown now. */
  rows: string[];
  /** First shown row (0-based). */
  offset: number;
  total: number;
  /** The script does not fit: a scroll line is shown under it. */
  scrolls: boolean;
  /** The last row of the script is on screen now. */
  atEnd: boolean;
}

/**
 * The part of the script the box has room for: `room` rows at most (less one for the scroll
 * line when it does not fit), starting at `offset` (clamped).
 */
export function scriptWindow(all: readonly string[], room: number, offset: number): ScriptWindow {
  const total = all.length;
  if (total <= room) return { rows: [...all], offset: 0, total, scrolls: false, atEnd: true };
  const shown = Math.max(1, room - 1);
  const start = Math.max(0, Math.min(offset, total - shown));
  return { rows: all.slice(start, start + shown), offset: start, total, scrolls: true, atEnd: start + shown >= total };
}

/** The line under a scrolling script: where the operator is, and why y waits. */
export function scrollLine(window: ScriptWindow, seenEnd: boolean): string {
  const last = window.offset + window.rows.length;
  const place = `lines ${window.offset + 1}-${last} of ${window.total}`;
  if (window.atEnd) return `${place} · end of the command (↑ scrolls back)`;
  return seenEnd ? `${place} · ↓ scrolls` : `${place} · ↓ scrolls: the command goes on; it cannot run until you have seen its end`;
}
