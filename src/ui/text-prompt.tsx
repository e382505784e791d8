// One line of text: a note (n), a new commander's name (C → someone else), the picker's commander.
// Enter saves, Esc cancels (the keymap's `prompt-submit` and `cancel`); everything else is text.
import React, { useRef } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './keys/use-keys.ts';
import { TextField, useTextField } from './keys/text-field.tsx';

export interface TextPromptProps {
  title: string;
  initialValue?: string;
  placeholder?: string;
  height: number;
  width: number;
  onSubmit: (value: string) => void;
  onCancel: () => void;
}

export function TextPrompt({ title, initialValue, placeholder, height, width, onSubmit, onCancel }: TextPromptProps) {
  const field = useTextField(initialValue ?? '');
  const done = useRef(false);
  const finish = (then: () => void) => {
    done.current = true;
    then();
  };
  const { ready } = useKeys(
    'prompt',
    { 'prompt-submit': () => finish(() => onSubmit(field.current().value)), cancel: () => finish(onCancel) },
    { text: field, listening: () => !done.current },
  );
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text bold wrap="truncate-end">
        {title}
      </Text>
      <Box>
        <Text>› </Text>
        <TextField state={field} placeholder={placeholder} />
      </Box>
      {ready ? <Text dimColor>enter saves · esc cancels</Text> : null}
    </Box>
  );
}
