// The keys that work right now, from the keymap table; as many as fit, `? help` kept last.
import React, { memo } from 'react';
import { Text } from 'ink';
import { helpBarItems, type HelpBarItem, type KeyContext, type KeymapMode } from '../core/keymap.ts';

export function fitHelpItems(items: HelpBarItem[], width: number): HelpBarItem[] {
  const help = items.find((i) => i.label === 'help');
  const rest = items.filter((i) => i !== help);
  const size = (i: HelpBarItem) => i.keys.length + 1 + i.label.length + 2;
  let used = help ? size(help) : 0;
  const kept: HelpBarItem[] = [];
  for (const item of rest) {
    if (used + size(item) > width) break;
    kept.push(item);
    used += size(item);
  }
  return help ? [...kept, help] : kept;
}

export const HelpBar = memo(function HelpBar({ mode, ctx, width }: { mode: KeymapMode; ctx: KeyContext; width: number }) {
  const items = fitHelpItems(helpBarItems(mode, ctx), width);
  return (
    <Text wrap="truncate-end">
      {items.map((item, i) => (
        <Text key={`${item.keys}-${i}`}>
          <Text bold>{item.keys}</Text>
          <Text dimColor> {item.label}</Text>
          {i < items.length - 1 ? '  ' : ''}
        </Text>
      ))}
    </Text>
  );
});
