// The row (two when a message needs them) for short-lived messages ("update posted", "Slack
// unreachable, 2 queued"). A message's end often carries the decision ("…: ENOSPC; the next action
// tries again"), so a long one wraps onto a second row on any terminal tall enough to spare it,
// rather than being cut where the operator needs it.
import React, { memo } from 'react';
import { Box, Text } from 'ink';
import type { StatusMessage } from '../app/session.ts';
import { useTheme } from './theme.tsx';
import { wrapRows } from './wrap.ts';

/** The most rows a message takes, and the terminal height from which it may take more than one. */
const MAX_ROWS = 2;
const TALL_ENOUGH = 16;

function markOf(message: Pick<StatusMessage, 'level'>): string {
  return message.level === 'error' ? '✖' : message.level === 'warn' ? '!' : '✓';
}

/** Rows the status line takes for `message` on a terminal of `columns` × `rows`. */
export function statusRowsFor(message: Pick<StatusMessage, 'level' | 'text'> | null, columns: number, rows: number): number {
  if (!message || rows < TALL_ENOUGH) return 1;
  return Math.min(MAX_ROWS, wrapRows(`${markOf(message)} ${message.text}`, columns).length);
}

interface StatusLineProps {
  message: StatusMessage | null;
  idle?: string;
  /** Columns and rows it may use (statusRowsFor). Default one row, cut by Ink at the edge. */
  width?: number;
  rows?: number;
}

export const StatusLine = memo(function StatusLine({ message, idle, width, rows = 1 }: StatusLineProps) {
  const theme = useTheme();
  if (!message) {
    return (
      <Text dimColor wrap="truncate-end">
        {idle ?? ' '}
      </Text>
    );
  }
  const color = message.level === 'error' ? 'red' : message.level === 'warn' ? 'yellow' : 'green';
  const text = `${markOf(message)} ${message.text}`;
  const lines = rows > 1 && width !== undefined ? wrapRows(text, width) : [text];
  const shown = lines.slice(0, rows);
  // What does not fit even on the last row is cut by Ink, with its mark.
  if (lines.length > rows) shown[rows - 1] = lines.slice(rows - 1).join(' ');
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => (
        <Text key={i} color={theme.color(color)} bold={message.level !== 'info'} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
});
