// A titled list of choices: severity (S), commander (C) and the picker. ↑/↓ move, enter takes
// the highlighted choice, Esc cancels (the keymap's `select-*` and `cancel` bindings). Only the
// rows that fit are drawn, scrolled so the highlight stays in view.
import React from 'react';
import { Box, Text } from 'ink';
import { useListKeys } from './keys/use-list-keys.ts';
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
  /** `q` leaves too (the picker, where leaving is the only other thing to do). */
  onLeave?: () => void;
  /** `?` explains (the picker). */
  onHelp?: () => void;
  /** `S` on the highlighted choice (the picker: change an alert's severity before opening it); false: not for this one. */
  onSeverity?: (value: V) => boolean;
}

export function SelectDialog<V>({ title, hint, items, initialIndex, height, width, onSelect, onCancel, onLeave, onHelp, onSeverity }: SelectDialogProps<V>) {
  const theme = useTheme();
  const highlight = useListKeys({
    count: items.length,
    ...(initialIndex !== undefined ? { initialIndex } : {}),
    choose: (i) => onSelect(items[i]!.value),
    cancel: onCancel,
    more: (finish, index) => ({
      ...(onLeave ? { 'leave-picker': () => finish(onLeave) } : {}),
      ...(onHelp ? { 'picker-help': () => finish(onHelp) } : {}),
      ...(onSeverity
        ? {
            // Changing the severity first may keep the list open (the operator then picks).
            'picker-severity': () => {
              const item = items[index()];
              if (item && onSeverity(item.value)) finish(() => undefined);
            },
          }
        : {}),
    }),
  });
  const headerRows = hint ? 2 : 1;
  const limit = Math.max(1, Math.min(items.length, height - headerRows));
  const first = Math.max(0, Math.min(highlight - limit + 1, items.length - limit));
  const shown = items.slice(first, first + limit);
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
      {shown.map((item, i) => {
        const selected = first + i === highlight;
        return (
          <Text key={item.key ?? item.label} bold={selected} color={selected ? theme.color('cyan') : undefined} wrap="truncate-end">
            {selected ? '❯ ' : '  '}
            {truncate(item.label, width - 3)}
          </Text>
        );
      })}
    </Box>
  );
}
