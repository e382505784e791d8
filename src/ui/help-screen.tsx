// `?`: every key of the table, with what it does; keys that do nothing right now are dimmed
// and say why. Two columns when one does not fit the height.
import React, { memo } from 'react';
import { Box, Text } from 'ink';
import { keymap, type KeyContext } from '../core/keymap.ts';
import { truncate } from './text.ts';

interface HelpRow {
  keys: string;
  text: string;
  disabled: string | null;
}

export function helpRows(ctx: KeyContext): HelpRow[] {
  return keymap
    .filter((b) => b.modes.includes('dashboard'))
    .map((b) => {
      const enabled = b.enabledWhen(ctx);
      return { keys: b.keys.join('/'), text: b.help, disabled: enabled === true ? null : enabled };
    });
}

export const HelpScreen = memo(function HelpScreen({ ctx, height, width }: { ctx: KeyContext; height: number; width: number }) {
  const rows = helpRows(ctx);
  const bodyHeight = Math.max(1, height - 1);
  const columns = rows.length > bodyHeight ? 2 : 1;
  const perColumn = Math.ceil(rows.length / columns);
  const columnWidth = Math.floor(width / columns);
  const chunks = Array.from({ length: columns }, (_, c) => rows.slice(c * perColumn, (c + 1) * perColumn));
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text bold wrap="truncate-end">
        Keys (dimmed: not available now) · ? or esc closes · dialogs: y confirm, esc cancel · composer: tab, Ctrl-S send
      </Text>
      <Box>
        {chunks.map((chunk, c) => (
          <Box key={c} flexDirection="column" width={columnWidth}>
            {chunk.slice(0, bodyHeight).map((row) => {
              const text = `${row.keys.padEnd(7)} ${row.text}${row.disabled ? ` (${row.disabled})` : ''}`;
              return (
                <Text key={row.keys} dimColor={row.disabled !== null} wrap="truncate-end">
                  {truncate(text, columnWidth - 1)}
                </Text>
              );
            })}
          </Box>
        ))}
      </Box>
    </Box>
  );
});
