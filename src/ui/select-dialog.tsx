// A titled list of choices (ink-select-input): severity (S), commander (C) and the picker.
// Enter takes the highlighted choice, Esc cancels (the keymap's `cancel` binding).
import React from 'react';
import { Box, Text, useInput } from 'ink';
import SelectInput from 'ink-select-input';
import { bindingFor } from '../core/keymap.ts';
import { useTheme } from './theme.tsx';
import { truncate } from './text.ts';

export interface Choice<V> {
  key?: string;
  label: string;
  value: V;
}

export interface SelectDialogProps<V> {
  title: string;
  hint?: string;
  items: Choice<V>[];
  initialIndex?: number;
  height: number;
  width: number;
  onSelect: (value: V) => void;
  onCancel: () => void;
}

export function SelectDialog<V>({ title, hint, items, initialIndex, height, width, onSelect, onCancel }: SelectDialogProps<V>) {
  const theme = useTheme();
  useInput((input, key) => {
    if (bindingFor('select', input, key)?.action === 'cancel') onCancel();
  });
  const headerRows = hint ? 2 : 1;
  const limit = Math.max(1, Math.min(items.length, height - headerRows));
  const Item = ({ isSelected, label }: { isSelected?: boolean; label: string }) => (
    <Text bold={isSelected} color={isSelected ? theme.color('cyan') : undefined} wrap="truncate-end">
      {truncate(label, width - 3)}
    </Text>
  );
  // ink-select-input's own indicator is always blue; this one follows NO_COLOR.
  const Indicator = ({ isSelected }: { isSelected?: boolean }) => (
    <Box marginRight={1}>
      <Text color={isSelected ? theme.color('cyan') : undefined}>{isSelected ? '❯' : ' '}</Text>
    </Box>
  );
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text bold wrap="truncate-end">
        {title}
      </Text>
      {hint ? (
        <Text dimColor wrap="truncate-end">
          {hint}
        </Text>
      ) : null}
      <SelectInput
        items={items}
        initialIndex={Math.max(0, Math.min(items.length - 1, initialIndex ?? 0))}
        limit={limit}
        itemComponent={Item}
        indicatorComponent={Indicator}
        onSelect={(item) => onSelect(item.value)}
      />
    </Box>
  );
}
