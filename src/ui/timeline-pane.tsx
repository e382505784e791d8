// The journal in human words with UTC times, newest at the bottom; scrolls when focused.
import React, { memo } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from './theme.tsx';

export interface TimelineLine {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  text: string;
}

export interface TimelinePaneProps {
  entries: readonly TimelineLine[];
  /** Entries scrolled up from the end (0 follows the end). */
  scroll: number;
  height: number;
  width: number;
}

const kindColor: Record<string, string> = {
  escalation: 'red',
  status: 'yellow',
  resolve: 'green',
  command: 'cyan',
  update: 'magenta',
  delivery: 'magenta',
};

export const TimelinePane = memo(function TimelinePane({ entries, scroll, height, width }: TimelinePaneProps) {
  const theme = useTheme();
  const end = Math.max(0, entries.length - Math.min(scroll, Math.max(0, entries.length - height)));
  const shown = entries.slice(Math.max(0, end - height), end);
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      {shown.length === 0 ? <Text dimColor>Nothing in the timeline yet.</Text> : null}
      {shown.map((entry) => (
        <Text key={entry.seq} wrap="truncate-end">
          <Text dimColor>{entry.at.slice(11, 19)} </Text>
          <Text color={kindColor[entry.kind] ? theme.color(kindColor[entry.kind]!) : undefined}>{entry.text.replace(/\s*\n\s*/g, ' ')}</Text>
          <Text dimColor> · {entry.actor}</Text>
        </Text>
      ))}
    </Box>
  );
});
