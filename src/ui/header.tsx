// Two rows that answer "how bad, who leads, how long, what's next" at a glance:
//   SEV-2  API High Latency                           INVESTIGATING · IC alice
//   ⏱ 00:12:34   EM in 04:12   update in 09:30
import React, { memo } from 'react';
import { Box, Text } from 'ink';
import type { IncidentState } from '../core/incident/state.ts';
import { nextEscalation } from '../core/clock/escalation.ts';
import { updateStatus } from '../core/clock/cadence.ts';
import { formatClock, formatCountdown } from '../core/time.ts';
import { severityStyle, statusColor, useTheme } from './theme.tsx';
import { shortTarget, truncate } from './text.ts';

export interface HeaderProps {
  state: IncidentState;
  /** Epoch ms; the app passes the ticking clock, tests a fixed value. */
  now: number;
  width: number;
  /** Shown once resolved: where the post-mortem draft was written. */
  postmortemPath?: string | null;
}

/** Where the incident clock counts from: detection when known, else when the war room opened. */
function clockOrigin(state: IncidentState): number {
  return Date.parse(state.detectedAt ?? state.openedAt);
}

export function elapsedText(state: IncidentState, now: number): string {
  const end = state.resolvedAt ? Date.parse(state.resolvedAt) : now;
  return formatClock(Math.max(0, end - clockOrigin(state)));
}

export interface EscalationView {
  text: string;
  passed: boolean;
}

/** `EM in 04:12` before the next threshold; `paged CTO 02:10 ago` once every one has passed. */
export function escalationText(state: IncidentState, now: number): EscalationView | null {
  if (state.status === 'resolved') return null;
  const next = nextEscalation(state, new Date(now));
  const lastFired = state.escalations.at(-1);
  if (next) {
    const paged = lastFired ? ` · paged ${shortTarget(lastFired.target)}` : '';
    if (next.msUntil <= 0) return { text: `${shortTarget(next.target)} due now${paged}`, passed: true };
    return { text: `${shortTarget(next.target)} in ${formatCountdown(next.msUntil)}${paged}`, passed: false };
  }
  if (lastFired) {
    const ago = Math.max(0, now - Date.parse(lastFired.at));
    return { text: `paged ${shortTarget(lastFired.target)} ${formatCountdown(ago)} ago`, passed: true };
  }
  return null;
}

export function updateText(state: IncidentState, now: number): { text: string; overdue: boolean } | null {
  const status = updateStatus(state, new Date(now));
  if (!status) return null;
  if (status.overdue) return { text: `update OVERDUE ${formatCountdown(-status.msUntil)}`, overdue: true };
  return { text: `update in ${formatCountdown(status.msUntil)}`, overdue: false };
}

export const Header = memo(function Header({ state, now, width, postmortemPath }: HeaderProps) {
  const theme = useTheme();
  const badge = ` ${state.severity} `;
  const status = state.status.toUpperCase();
  const right = ` ${status} · IC ${state.commander}`;
  const titleWidth = Math.max(4, width - badge.length - right.length - 2);
  const escalation = escalationText(state, now);
  const update = updateText(state, now);
  const mode = state.mode.dryRun ? 'DRY RUN' : state.mode.readonly ? 'READ-ONLY' : null;
  return (
    <Box flexDirection="column" width={width} height={2}>
      <Box height={1}>
        <Text {...severityStyle(state.severity, theme)} bold>
          {badge}
        </Text>
        <Text bold wrap="truncate-end">
          {' '}
          {truncate(state.title, titleWidth)}
        </Text>
        <Box flexGrow={1} />
        <Text bold color={theme.color(statusColor(state.status))}>
          {right}
        </Text>
      </Box>
      <Box height={1}>
        <Text wrap="truncate-end">
          <Text bold>⏱ {elapsedText(state, now)}</Text>
          {escalation ? (
            <Text color={theme.color(escalation.passed ? 'red' : 'yellow')} bold={escalation.passed}>
              {'   '}
              {escalation.text}
            </Text>
          ) : null}
          {update ? (
            <Text color={update.overdue ? theme.color('red') : undefined} bold={update.overdue}>
              {'   '}
              {update.text}
            </Text>
          ) : null}
          {state.status === 'resolved' && postmortemPath ? (
            <Text>
              {'   '}post-mortem draft: {postmortemPath}
            </Text>
          ) : null}
          {mode ? (
            <Text color={theme.color('magenta')}>
              {'   '}
              {mode}
            </Text>
          ) : null}
        </Text>
      </Box>
    </Box>
  );
});
