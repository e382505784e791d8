// The header's second row when a damaged journal opened read-only: which line (`file:line`,
// the folder left out so the line number survives a narrow terminal), what is wrong with it
// (cut to fit), and the command that makes the incident writable again (never cut).
import React, { type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from './theme.tsx';
import { truncate } from './text.ts';

/** `read-only: /x/journal.jsonl:4: problem; ...` → `journal.jsonl:4: problem`. */
export function damageWhere(reason: string): string {
  return reason
    .replace(/^read-only:\s*/, '')
    .replace(/;\s*`warroom repair[^`]*`.*$/, '')
    .replace(/(?:\/[^\s:]+\/)(journal\.jsonl:\d+)/g, '$1');
}

export function readOnlyHeadline(reason: string, incidentId: string, width: number): string {
  const head = 'READ-ONLY ';
  const where = damageWhere(reason);
  const full = ` · fix: warroom repair ${incidentId}`;
  // The problem comes first; the id (on the status line too) gives way when the row is short.
  const fix = head.length + where.length + full.length <= width || width - head.length - full.length >= 48 ? full : ' · fix: warroom repair';
  return `${head}${truncate(where, Math.max(16, width - head.length - fix.length))}${fix}`;
}

/** The header's first row (title, status, commander) with the damage in place of the clocks row. */
export function ReadOnlyHeader({ header, notice, width }: { header: ReactNode; notice: string; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width} height={2}>
      <Box height={1} overflow="hidden">
        {header}
      </Box>
      <Text wrap="truncate-end" bold color={theme.color('red')}>
        {notice}
      </Text>
    </Box>
  );
}
