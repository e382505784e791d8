// The keys that work right now, as the listening mode published them (keys/key-scope.tsx); as
// many as fit, `? help` kept last.
import React, { memo } from 'react';
import { Text } from 'ink';
import { helpBarItems, type HelpBarItem } from '../core/keys/bindings.ts';
import { usePublishedKeys, type KeyRegistry } from './keys/key-scope.tsx';

const ALWAYS = new Set(['leave', 'help']);
/** What an operator under stress needs first when the bar cannot show everything. */
const PRIORITY = ['move', 'tick', 'run', 'cancel cmd', 'update', 'public', 'note', 'status', 'escalate', 'timeline', 'pane', 'severity', 'commander'];
const rank = (label: string) => {
  const i = PRIORITY.indexOf(label);
  return i < 0 ? PRIORITY.length : i;
};

/**
 * The items that fit, chosen by priority and shown in table order; `q leave` and `? help`
 * always stay, at the end.
 */
export function fitHelpItems(items: HelpBarItem[], width: number): HelpBarItem[] {
  const size = (i: HelpBarItem) => [...i.keys].length + 1 + i.label.length + 2;
  const fixed = items.filter((i) => ALWAYS.has(i.label)).sort((a, b) => (a.label === 'help' ? 1 : b.label === 'help' ? -1 : 0));
  let used = fixed.reduce((n, i) => n + size(i), 0);
  const chosen = new Set<HelpBarItem>();
  for (const item of [...items].sort((a, b) => rank(a.label) - rank(b.label))) {
    if (ALWAYS.has(item.label) || used + size(item) > width) continue;
    chosen.add(item);
    used += size(item);
  }
  return [...items.filter((i) => chosen.has(i)), ...fixed];
}

export const HelpBar = memo(function HelpBar({ registry, width }: { registry: KeyRegistry; width: number }) {
  const top = usePublishedKeys(registry);
  const items = fitHelpItems(helpBarItems(top?.bindings ?? []), width);
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
