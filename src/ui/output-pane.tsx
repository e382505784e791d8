// The live tail of the running (or last) command: a status line with exit code and duration,
// then the last lines that fit. The full output is on disk (commands/<seq>.log, named in the
// pane's title); this pane only ever holds what it shows. Focused (tab), long lines wrap so
// each can be read whole; unfocused, a line cut at the pane's edge ends in `→`.
import React, { memo } from 'react';
import { Box, Text } from 'ink';
import type { CommandRun } from '../core/incident/state.ts';
import { formatDuration } from '../core/time.ts';
import { useTheme } from './theme.tsx';
import { truncate } from './text.ts';

export interface OutputPaneProps {
  run: CommandRun | null;
  /** Live tail from the command flow while it runs, else the tail recorded in the journal. */
  lines: readonly string[];
  /** Lines scrolled up from the end (0 follows the end). */
  scroll: number;
  now: number;
  height: number;
  width: number;
  /** Wrap long lines (the pane is focused); otherwise cut them with a `→` marker. */
  wrap?: boolean;
}

/** Marks a line that continues past the pane's edge. */
export const CONTINUES = '→';

/**
 * The rows the pane shows for these lines at this width: cleaned, and either cut exactly at
 * the width (every character kept, so the rows read back as the line) or cut with a marker.
 */
export function outputRows(lines: readonly string[], width: number, wrap: boolean): string[] {
  const w = Math.max(2, width);
  return lines.flatMap((raw) => rowsOfLine(raw, w, wrap));
}

/** The rows of one line (see outputRows). */
function rowsOfLine(raw: string, w: number, wrap: boolean): string[] {
  const line = [...cleanLine(raw)];
  if (line.length <= w) return [line.join('')];
  if (!wrap) return [`${line.slice(0, w - 1).join('')}${CONTINUES}`];
  const rows: string[] = [];
  for (let i = 0; i < line.length; i += w) rows.push(line.slice(i, i + w).join(''));
  return rows;
}

/**
 * The last rows of outputRows(lines, …): at least `need` of them when there are that many, read
 * from the end, so a pane showing 20 rows of a 2,000-line tail cleans ~20 lines per frame, not
 * 2,000. Shown through the pane's scroll rule, they give the same rows as all of them would.
 */
export function tailOutputRows(lines: readonly string[], width: number, wrap: boolean, need: number): string[] {
  const w = Math.max(2, width);
  const chunks: string[][] = [];
  let count = 0;
  for (let i = lines.length - 1; i >= 0 && count < need; i--) {
    const rows = rowsOfLine(lines[i]!, w, wrap);
    chunks.push(rows);
    count += rows.length;
  }
  return chunks.reverse().flat();
}

const rowCounts = new WeakMap<readonly string[], Map<string, number>>();

/** How many rows outputRows(lines, …) has, remembered per lines array (the feed keeps one until it changes). */
export function outputRowCount(lines: readonly string[], width: number, wrap: boolean): number {
  const key = `${width}:${wrap}`;
  let counts = rowCounts.get(lines);
  if (!counts) rowCounts.set(lines, (counts = new Map()));
  let count = counts.get(key);
  if (count === undefined) {
    const w = Math.max(2, width);
    count = 0;
    for (const raw of lines) count += rowsOfLine(raw, w, wrap).length;
    counts.set(key, count);
  }
  return count;
}

export function runSummary(run: CommandRun, now: number): { text: string; tone: 'ok' | 'bad' | 'busy' | 'info' } {
  switch (run.phase) {
    case 'requested':
      return { text: 'waiting for confirmation', tone: 'info' };
    case 'confirmed':
      return { text: 'starting', tone: 'busy' };
    case 'running': {
      const since = run.startedAt ? now - Date.parse(run.startedAt) : 0;
      return { text: `running ${formatDuration(Math.max(0, since))}`, tone: 'busy' };
    }
    case 'cancelled':
      return { text: `cancelled before run${run.cancelReason ? `: ${run.cancelReason}` : ''}`, tone: 'info' };
    case 'finished': {
      const took = run.durationMs === null ? '' : ` in ${formatDuration(run.durationMs)}`;
      if (run.dryRun) return { text: 'drill: would have run, nothing ran', tone: 'info' };
      // Nobody saw it end (its warroom died, or its terminal left the room): no exit, no duration.
      if (run.outcomeUnknown) return { text: 'outcome unknown', tone: 'bad' };
      if (run.error) return { text: `failed: ${run.error}`, tone: 'bad' };
      if (run.timedOut) return { text: `timed out${took}`, tone: 'bad' };
      if (run.cancelled) return { text: `cancelled${took}`, tone: 'bad' };
      if (run.signal) return { text: `killed by ${run.signal}${took}`, tone: 'bad' };
      return { text: `exit ${run.exitCode ?? '?'}${took}`, tone: run.exitCode === 0 ? 'ok' : 'bad' };
    }
  }
}

/** Command output may carry colours, cursor moves and tabs; the pane shows plain text only. */
export function cleanLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[\]P^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b./g, '').replace(/\t/g, '  ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

export const OutputPane = memo(function OutputPane({ run, lines: logical, scroll, now, height, width, wrap = false }: OutputPaneProps) {
  const theme = useTheme();
  if (!run) {
    return (
      <Box height={height} width={width}>
        <Text dimColor wrap="truncate-end">
          No command run yet. Enter on a step marked ▶ starts its command.
        </Text>
      </Box>
    );
  }
  const summary = runSummary(run, now);
  const toneColor = { ok: 'green', bad: 'red', busy: 'yellow', info: undefined }[summary.tone];
  const bodyHeight = Math.max(0, height - 1);
  // Only the rows the window can reach (the view plus the scroll): the same rows as from all lines.
  const lines = tailOutputRows(logical, width, wrap, bodyHeight + scroll);
  // Never scrolled past the first line (the pane may have grown since the scroll was set).
  const end = Math.max(0, lines.length - Math.min(scroll, Math.max(0, lines.length - bodyHeight)));
  const start = Math.max(0, end - bodyHeight);
  const shown = lines.slice(start, end);
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text wrap="truncate-end">
        <Text color={toneColor ? theme.color(toneColor) : undefined} bold>
          {summary.text}
        </Text>
        <Text dimColor> $ {truncate((run.script ?? run.template).replace(/\s*\n\s*/g, ' ⏎ '), Math.max(0, width - summary.text.length - 3))}</Text>
      </Text>
      {shown.map((line, i) => (
        <Text key={start + i} wrap="truncate-end">
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
});
