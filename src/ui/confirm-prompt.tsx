// A yes/no question whose default is No: `y` confirms; Esc, `n` or enter keep things as they are.
import React, { useRef } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './keys/use-keys.ts';
import { useTheme } from './theme.tsx';

export interface ConfirmPromptProps {
  question: string;
  detail?: string;
  height: number;
  width: number;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmPrompt({ question, detail, height, width, onConfirm, onCancel }: ConfirmPromptProps) {
  const theme = useTheme();
  const done = useRef(false);
  const answer = (then: () => void) => () => {
    done.current = true;
    then();
  };
  const { ready } = useKeys(
    'question',
    { 'question-yes': answer(onConfirm), 'question-no': answer(onCancel), cancel: answer(onCancel) },
    { listening: () => !done.current },
  );
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text bold color={theme.color('yellow')} wrap="truncate-end">
        {question}
      </Text>
      {detail ? <Text wrap="wrap">{detail}</Text> : null}
      {ready ? <Text dimColor>y yes · esc / n / enter no</Text> : null}
    </Box>
  );
}
