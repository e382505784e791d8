// After resolving, where the post-mortem draft was written, in full: a path cut at the screen's
// edge is a path nobody can open. It wraps over as many rows as it needs (cut exactly at the
// width, so the rows read back as the path), between the header and the panes.
import React from 'react';
import { Box, Text } from 'ink';
import { useTheme } from './theme.tsx';

const LABEL = 'post-mortem draft: ';

/** The banner's rows at this width (none when there is nothing to say). */
export function postmortemBannerRows(path: string | null, resolved: boolean, width: number): string[] {
  if (!path || !resolved) return [];
  const text = [...`${LABEL}${path}`];
  const w = Math.max(10, width);
  const rows: string[] = [];
  for (let i = 0; i < text.length; i += w) rows.push(text.slice(i, i + w).join(''));
  return rows;
}

export function PostmortemBanner({ rows, width }: { rows: readonly string[]; width: number }) {
  const theme = useTheme();
  if (rows.length === 0) return null;
  return (
    <Box flexDirection="column" width={width} height={rows.length}>
      {rows.map((row, i) => (
        <Text key={i} color={theme.color('green')} wrap="truncate-end">
          {row}
        </Text>
      ))}
    </Box>
  );
}
