// One row for short-lived messages ("update posted", "Slack unreachable, 2 queued").
import React, { memo } from 'react';
import { Text } from 'ink';
import type { StatusMessage } from '../app/session.ts';
import { useTheme } from './theme.tsx';

export const StatusLine = memo(function StatusLine({ message, idle }: { message: StatusMessage | null; idle?: string }) {
  const theme = useTheme();
  if (!message) {
    return (
      <Text dimColor wrap="truncate-end">
        {idle ?? ' '}
      </Text>
    );
  }
  const color = message.level === 'error' ? 'red' : message.level === 'warn' ? 'yellow' : 'green';
  const mark = message.level === 'error' ? '✖' : message.level === 'warn' ? '!' : '✓';
  return (
    <Text color={theme.color(color)} bold={message.level !== 'info'} wrap="truncate-end">
      {mark} {message.text}
    </Text>
  );
});
