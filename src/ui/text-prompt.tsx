// One line of text: a note (n) or a new commander's name (C → someone else).
// Enter saves, Esc cancels (the keymap's `prompt-submit` and `cancel` bindings).
import React, { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';
import { bindingFor } from '../core/keymap.ts';

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
  const [value, setValue] = useState(initialValue ?? '');
  useInput((input, key) => {
    if (bindingFor('prompt', input, key)?.action === 'cancel') onCancel();
  });
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text bold wrap="truncate-end">
        {title}
      </Text>
      <Box>
        <Text>› </Text>
        <TextInput value={value} placeholder={placeholder} onChange={setValue} onSubmit={onSubmit} />
      </Box>
      <Text dimColor>enter saves · esc cancels</Text>
    </Box>
  );
}
