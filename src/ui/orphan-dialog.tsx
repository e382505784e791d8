// `c` in a shared room when the run going on belongs to a terminal that left the room: nothing
// here can stop a process on another host, but the room need not wait for it forever. The dialog
// says whose run it is and what closing it means before anything is recorded.
import React, { useEffect, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { errorMessage } from '../errors.ts';
import { SelectDialog } from './select-dialog.tsx';
import { useSessionContext } from './session-context.tsx';

export interface OrphanDialogProps {
  width: number;
  height: number;
  close: () => void;
}

export function OrphanDialog({ width, height, close }: OrphanDialogProps): ReactNode {
  const { session, extensions } = useSessionContext();
  const orphan = extensions.closeOrphanedRun ? (extensions.orphanedRun?.() ?? null) : null;
  // Its terminal came back or the run ended before the dialog opened: nothing to decide.
  useEffect(() => {
    if (orphan === null) close();
  }, [orphan, close]);
  if (orphan === null) return null;
  const what = orphan.kind === 'flag' ? 'flag change' : 'command';
  const detail = [
    `Request #${orphan.requestSeq}, ${orphan.requestedBy}'s ${what}, runs in terminal ${orphan.terminal}${orphan.startedAt ? ` (started ${orphan.startedAt.slice(11, 19)} UTC)` : ''}.`,
    'That terminal has left the room: its heartbeat stopped. Nothing here can stop a process on its host.',
    'Closing records its end as unknown (with the output that reached the room), so the room can run commands again. It may still be running there.',
  ];
  const scriptLines = orphan.script.split('\n');
  const listHeight = Math.max(3, height - detail.length * 2 - scriptLines.length);
  const decide = (choice: 'close' | 'keep') => {
    close();
    if (choice === 'keep') return;
    extensions
      .closeOrphanedRun?.(orphan.requestSeq)
      .then(() => session.notify('warn', `request #${orphan.requestSeq} closed as unknown: it may still be running in ${orphan.terminal}`, 15_000))
      .catch((error: unknown) => session.notify('error', errorMessage(error)));
  };
  return (
    <Box flexDirection="column" width={width} height={height}>
      {detail.map((line) => (
        <Text key={line} wrap="wrap">
          {line}
        </Text>
      ))}
      {scriptLines.map((line, i) => (
        <Text key={`s${i}`} bold wrap="wrap">
          {i === 0 ? '$ ' : '  '}
          {line}
        </Text>
      ))}
      <SelectDialog
        title={`Close ${orphan.requestedBy}'s run #${orphan.requestSeq} as unknown?`}
        hint="enter decides · esc leaves it open"
        items={[
          { label: 'Leave it open: wait for that terminal to come back', value: 'keep' as const },
          { label: 'Close it as unknown: the room can run commands again', value: 'close' as const },
        ]}
        width={width}
        height={listHeight}
        onSelect={decide}
        onCancel={close}
      />
    </Box>
  );
}
