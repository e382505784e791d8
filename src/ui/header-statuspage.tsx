// The header's word on the status page, once a public update went there: its public address,
// `sending…` while the outbox holds it, or the provider's refusal (the update stays queued).
import React from 'react';
import { Text } from 'ink';
import { statusPageIncident } from '../core/comms/status-page-link.ts';
import type { IncidentState } from '../core/incident/state.ts';
import { useTheme } from './theme.tsx';

export function statusPageHeaderText(state: IncidentState): { text: string; failed: boolean } | null {
  const page = statusPageIncident(state);
  if (!page) return null;
  if (page.failed) return { text: `status page refused: ${page.failed}`, failed: true };
  // Without the scheme: the address is what matters, and the row is short at 80 columns.
  return { text: `status page ${page.pending ? 'sending… ' : ''}${page.where.replace(/^https?:\/\//, '')}`, failed: false };
}

export function StatusPageHeaderSegment({ state }: { state: IncidentState }) {
  const theme = useTheme();
  const segment = statusPageHeaderText(state);
  if (!segment) return null;
  return <Text color={segment.failed ? theme.color('red') : undefined}>{`   ${segment.text}`}</Text>;
}
