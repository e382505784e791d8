// Two rows that answer "how bad, who leads, how long, what's next" at a glance:
//   SEV-2  API High Latency                           INVESTIGATING · IC alice
//   ⏱ 00:12:34   EM in 04:12   update in 09:30
import React, { memo } from 'react';
import { Box, Text } from 'ink';
import type { IncidentState } from '../core/incident/state.ts';
import { nextEscalation } from '../core/clock/escalation.ts';
import { pageState, pageStateText } from '../core/comms/delivery-state.ts';
import { updateStatus } from '../core/clock/cadence.ts';
import { formatClock, formatCountdown } from '../core/time.ts';
import { severityStyle, statusColor, useTheme } from './theme.tsx';
import { shortTarget as initials, truncate } from './text.ts';
import { AlertHeaderSegment, alertHeaderText } from './header-alert.tsx';
import { StatusPageHeaderSegment } from './header-statuspage.tsx';
import { ShareBadge } from './share-badge.tsx';

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

/**
 * `Engineering Manager in 04:12` before the next threshold; `paged CTO 02:10 ago` once every one
 * has passed and the page was accepted (else `CTO page not sent: no pager configured`). `short` gives initials (`EM in 04:12`) for when the full names do not fit: at
 * 3 a.m. "Database On-Call" reads better than "DO", so initials are only the fallback.
 */
export function escalationText(state: IncidentState, now: number, short = true): EscalationView | null {
  if (state.status === 'resolved') return null;
  const next = nextEscalation(state, new Date(now));
  const lastFired = state.escalations.at(-1);
  const shortTarget = short ? initials : (target: string) => target;
  // "paged X" only once Slack or PagerDuty accepted the page; otherwise what happened to it,
  // for as long as it is the last escalation (no notice that fades).
  const page = lastFired ? pageState(state, lastFired) : null;
  const pageText = lastFired && page ? pageStateText(shortTarget(lastFired.target), page, short) : null;
  if (next) {
    const paged = pageText ? ` · ${pageText}` : '';
    if (next.msUntil <= 0) return { text: `${shortTarget(next.target)} due now${paged}`, passed: true };
    return { text: `${shortTarget(next.target)} in ${formatCountdown(next.msUntil)}${paged}`, passed: page !== null && page.word !== 'sent' };
  }
  if (lastFired && page?.word === 'sent') {
    const ago = Math.max(0, now - Date.parse(lastFired.at));
    return { text: `${pageText} ${formatCountdown(ago)} ago`, passed: true };
  }
  if (pageText) return { text: pageText, passed: true };
  return null;
}

export function updateText(state: IncidentState, now: number): { text: string; overdue: boolean } | null {
  const status = updateStatus(state, new Date(now));
  if (!status) return null;
  if (status.overdue) return { text: `update OVERDUE ${formatCountdown(-status.msUntil)}`, overdue: true };
  return { text: `update in ${formatCountdown(status.msUntil)}`, overdue: false };
}

/** `resolved 18:24 UTC`: on a resumed, resolved incident the stopped clock needs its reason. */
function resolvedText(state: IncidentState): string | null {
  return state.resolvedAt ? `resolved ${state.resolvedAt.slice(11, 16)} UTC` : null;
}

/**
 * The first row's right side, ` INVESTIGATING · IC alice`. A long commander name is cut
 * before the title is: the title says which incident this is.
 */
export function headerRight(state: IncidentState, width: number): { right: string; titleWidth: number } {
  const badge = state.severity.length + 2;
  const fixed = ` ${state.status.toUpperCase()} · IC `;
  const titleWanted = Math.min(state.title.length, Math.max(12, Math.floor((width - badge - 2) / 2)));
  const commanderRoom = Math.max(3, width - badge - 2 - titleWanted - fixed.length);
  const right = `${fixed}${truncate(state.commander, commanderRoom)}`;
  return { right, titleWidth: Math.max(4, width - badge - right.length - 2) };
}

export const Header = memo(function Header({ state, now, width, postmortemPath }: HeaderProps) {
  const theme = useTheme();
  const badge = ` ${state.severity} `;
  const { right, titleWidth } = headerRight(state, width);
  const update = updateText(state, now);
  const mode = state.mode.dryRun ? 'DRILL' : state.mode.readonly ? 'READ-ONLY' : null;
  const resolved = resolvedText(state);
  // Full escalation names when the whole second row fits, initials when it does not.
  const rowLength = (e: EscalationView | null) =>
    2 + elapsedText(state, now).length + [e?.text, update?.text, resolved, mode, alertHeaderText(state)?.text].reduce((n, t) => n + (t ? t.length + 3 : 0), 0);
  const full = escalationText(state, now, false);
  const escalation = rowLength(full) <= width ? full : escalationText(state, now, true);
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
          {/* Right after the clock: on a narrow terminal the end of the row is cut, and whether
              commands really run must never be what gets cut. */}
          {mode ? (
            <Text color={theme.color('magenta')} bold>
              {'   '}
              {mode}
            </Text>
          ) : null}
          <AlertHeaderSegment state={state} />
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
          <ShareBadge />
          {resolved ? <Text color={theme.color('green')}>{`   ${resolved}`}</Text> : null}
          <StatusPageHeaderSegment state={state} />
          {state.status === 'resolved' && postmortemPath ? (
            <Text>
              {'   '}post-mortem draft: {postmortemPath}
            </Text>
          ) : null}
        </Text>
      </Box>
    </Box>
  );
});
