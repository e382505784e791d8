// The shared room in the header's second row: who is in the room (heartbeats within 30 s) and
// whether this terminal is in sync, `   ● alice, bob · online` or `   offline · 3 to sync`.
// Nothing at all when the incident is not shared.
import React, { createContext, useContext, useSyncExternalStore } from 'react';
import { Text } from 'ink';
import type { ShareSnapshot } from '../app/share/share-view.ts';
import { useTheme } from './theme.tsx';

export interface ShareSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): ShareSnapshot;
}

export const ShareContext = createContext<ShareSource | null>(null);

const noSubscribe = () => () => undefined;
const noSnapshot = () => null;

export function useShare(): ShareSnapshot | null {
  const source = useContext(ShareContext);
  return useSyncExternalStore(source ? source.subscribe : noSubscribe, source ? source.getSnapshot : noSnapshot);
}

/** `alice (IC), bob`: each operator once, with the role they announced. */
export function presenceText(snapshot: ShareSnapshot): string {
  const seen = new Map<string, string | null>();
  for (const p of snapshot.present) if (!seen.has(p.operator) || p.role) seen.set(p.operator, p.role);
  if (!seen.has(snapshot.operator)) seen.set(snapshot.operator, null);
  return [...seen].map(([name, role]) => (role ? `${name} (${role})` : name)).join(', ');
}

export function ShareBadge() {
  const theme = useTheme();
  const share = useShare();
  if (share === null) return null;
  return (
    <Text>
      {'   '}
      <Text color={theme.color(share.offline ? 'red' : 'green')} bold={share.offline}>
        {share.line}
      </Text>
      {` · ${presenceText(share)}`}
    </Text>
  );
}
