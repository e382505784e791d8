// `?`: every key of the dashboard, with what it does, from the same active bindings that
// handle the keys; keys that do nothing right now are dimmed and say why. Two columns when one
// does not fit the height.
import React, { memo } from 'react';
import { Box, Text } from 'ink';
import { keysText, type ActiveBinding } from '../core/keys/bindings.ts';
import { truncate, wrapLines } from './text.ts';

interface HelpRow {
  keys: string;
  text: string;
  disabled: string | null;
}

const shownKeys = (binding: ActiveBinding) => keysText(binding.keys);

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

export const HelpScreen = memo(function HelpScreen({ bindings, height, width }: { bindings: readonly ActiveBinding[]; height: number; width: number }) {
  const rows = helpRows(bindings);
  const bodyHeight = Math.max(1, height - 1);
  // Two columns cut every sentence short; only when one column cannot hold the list.
  const columns = rows.length > bodyHeight ? 2 : 1;
  const keyWidth = Math.max(...rows.map((r) => [...r.keys].length)) + 1;
  const perColumn = Math.ceil(rows.length / columns);
  const columnWidth = Math.floor(width / columns);
  const chunks = Array.from({ length: columns }, (_, c) => rows.slice(c * perColumn, (c + 1) * perColumn));
  // One column with rows to spare: a sentence that does not fit continues on the next line,
  // indented under its text, instead of losing its end (often the reason a key is off).
  const textWidth = Math.max(1, columnWidth - 1 - keyWidth - 1);
  const wrapped = rows.map((row) => wrapLines(rowText(row), textWidth));
  const wrap = columns === 1 && wrapped.reduce((n, lines) => n + lines.length, 0) <= bodyHeight;
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text bold wrap="truncate-end">
        Keys (dimmed: not available now) · ? or esc closes
      </Text>
      <Box>
        {chunks.map((chunk, c) => (
          <Box key={c} flexDirection="column" width={columnWidth}>
            {chunk.slice(0, bodyHeight).map((row, i) => {
              const lines = wrap ? (wrapped[c * perColumn + i] ?? []) : [truncate(rowText(row), textWidth)];
              return (
                <Text key={row.keys} dimColor={row.disabled !== null} wrap="truncate-end">
                  {lines.map((line, n) => `${(n === 0 ? row.keys : '').padEnd(keyWidth)} ${line}`).join('\n')}
                </Text>
              );
            })}
          </Box>
        ))}
      </Box>
    </Box>
  );
});
