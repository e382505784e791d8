// A yes/no question whose default is No: `y` confirms, Esc, `n` or enter cancel.
import React from 'react';
import { Box, Text, useInput } from 'ink';
import { useInputReady } from './use-input-ready.ts';
import { bindingFor } from '../core/keymap.ts';
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
  useInput((input, key) => {
    const action = bindingFor('dialog', input, key)?.action;
    if (action === 'dialog-confirm') onConfirm();
    else if (action === 'cancel' || input === 'n' || key.return) onCancel();
  });
  const ready = useInputReady();
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text bold color={theme.color('yellow')} wrap="truncate-end">
        {question}
      </Text>
      {detail ? <Text wrap="truncate-end">{detail}</Text> : null}
      {ready ? <Text dimColor>y yes · esc / n / enter no</Text> : null}
    </Box>
  );
}
