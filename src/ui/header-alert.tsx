// The header's word on the alert the war room was opened from: `alert firing`, `alert firing ·
// silenced`, or `alert resolved 10:25` (UTC, like the other header times). Nothing without one.
import React from 'react';
import { Text } from 'ink';
import type { IncidentState } from '../core/incident/state.ts';
import { useTheme } from './theme.tsx';

export function alertHeaderText(state: IncidentState): { text: string; firing: boolean } | null {
  const alert = state.alert;
  if (!alert || alert.source !== 'alertmanager') return null;
  if (!alert.firing) return { text: `alert resolved ${alert.stoppedAt?.slice(11, 16) ?? ''}`.trimEnd(), firing: false };
  const silenced = alert.silence && !alert.silence.expired ? ' · silenced' : '';
  return { text: `alert firing${silenced}`, firing: true };
}

export function AlertHeaderSegment({ state }: { state: IncidentState }) {
  const theme = useTheme();
  const segment = alertHeaderText(state);
  if (!segment) return null;
  return <Text color={theme.color(segment.firing ? 'red' : 'green')}>{`   ${segment.text}`}</Text>;
}
