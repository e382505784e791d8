// `?`: every key of the dashboard, with what it does, from the same active bindings that
// handle the keys; keys that do nothing right now are dimmed and say why. One column, every
// sentence whole: a row longer than the screen continues on the next line, indented under its
// text, and when the list is taller than the screen j/k scroll it (a last line says more follows).
// The checklist's markers are explained at the end.
import React, { memo } from 'react';
import { Box, Text } from 'ink';
import { keysText, type ActiveBinding } from '../core/keys/bindings.ts';
import { wrapLines } from './text.ts';

interface HelpRow {
  keys: string;
  text: string;
  disabled: string | null;
}

const shownKeys = (binding: ActiveBinding) => keysText(binding.keys);

/** The checklist's step markers, in words. */
export const MARKER_ROWS: readonly HelpRow[] = [
  { keys: '▶', text: 'The step has a command: enter runs it after the confirmation dialog.', disabled: null },
  { keys: '⚑', text: 'The step sets a feature flag: enter proposes the change and asks first.', disabled: null },
  { keys: '?', text: 'The step has a log or metrics query to copy into your tools.', disabled: null },
  { keys: '✎', text: "A parameter of the step's command is still unfilled: the dialog asks for it.", disabled: null },
];

export function helpRows(bindings: readonly ActiveBinding[]): HelpRow[] {
  const rows: HelpRow[] = [];
  for (let i = 0; i < bindings.length; i += 1) {
    const b = bindings[i]!;
    const next = bindings[i + 1];
    if (b.pairHelp && next) {
      // A pair is off only when both keys are.
      const disabled = next.disabled === null ? null : b.disabled;
      rows.push({ keys: `${shownKeys(b)} ${shownKeys(next)}`, text: b.pairHelp, disabled });
      i += 1;
      continue;
    }
    rows.push({ keys: shownKeys(b), text: b.help, disabled: b.disabled });
  }
  return rows;
}

function rowText(row: HelpRow): string {
  return `${row.text}${row.disabled ? ` (${row.disabled})` : ''}`;
}

interface HelpLine {
  key: string;
  text: string;
  dim: boolean;
  bold?: boolean;
}

/** Every line of the help screen at this width, keys and markers, long rows wrapped. */
export function helpLines(bindings: readonly ActiveBinding[], width: number): HelpLine[] {
  const rows = helpRows(bindings);
  const keyWidth = Math.max(...[...rows, ...MARKER_ROWS].map((r) => [...r.keys].length)) + 1;
  const textWidth = Math.max(1, width - keyWidth - 2);
  const lines: HelpLine[] = [];
  const push = (row: HelpRow) =>
    wrapLines(rowText(row), textWidth).forEach((line, n) =>
      lines.push({ key: `${row.keys}:${n}`, text: `${(n === 0 ? row.keys : '').padEnd(keyWidth)} ${line}`, dim: row.disabled !== null }),
    );
  rows.forEach(push);
  lines.push({ key: 'markers', text: 'Markers in the checklist', dim: false, bold: true });
  MARKER_ROWS.forEach(push);
  return lines;
}

export const HelpScreen = memo(function HelpScreen({
  bindings,
  height,
  width,
  scroll = 0,
}: {
  bindings: readonly ActiveBinding[];
  height: number;
  width: number;
  scroll?: number;
}) {
  const lines = helpLines(bindings, width);
  const bodyHeight = Math.max(1, height - 1);
  const fits = lines.length <= bodyHeight;
  // When it does not fit, the last row says so; scrolling stops once the end is on screen.
  const room = fits ? bodyHeight : Math.max(1, bodyHeight - 1);
  const top = fits ? 0 : Math.min(Math.max(0, scroll), lines.length - room);
  const shown = lines.slice(top, top + room);
  const below = lines.length - top - shown.length;
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text bold wrap="truncate-end">
        Keys (dimmed: not available now) · ? or esc closes
      </Text>
      {shown.map((line) => (
        <Text key={line.key} dimColor={line.dim} bold={line.bold === true} wrap="truncate-end">
          {line.text}
        </Text>
      ))}
      {fits ? null : (
        <Text dimColor wrap="truncate-end">
          {below > 0 ? `↓ ${below} more line${below === 1 ? '' : 's'}: j or ↓ scrolls, k or ↑ goes back` : 'end of the list · k or ↑ goes back'}
        </Text>
      )}
    </Box>
  );
});
