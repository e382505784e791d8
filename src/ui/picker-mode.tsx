// The picker's last question before a new incident opens: live or drill. It says what "live"
// will touch (the kube context commands will hit, the Slack channel, PagerDuty), and a drill is
// preselected when there is no kube context or no Slack (a first try, a laptop, a demo) or when
// `warroom --dry-run` asked for one. `?` explains the picker; esc goes back.
import React from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './keys/use-keys.ts';
import { SelectDialog } from './select-dialog.tsx';
import { useTheme } from './theme.tsx';
import { wrapLines } from './text.ts';

/** What a live incident would reach, as the picker's caller found it (no secret, only names). */
export interface LiveTargets {
  kubeContext: string | null;
  /** `#incidents (Web API)`, `webhook`, or null when Slack is not configured. */
  slack: string | null;
  pagerduty: boolean;
}

export function liveSummary(live: LiveTargets): string {
  const kube = live.kubeContext ? `kube context ${live.kubeContext}` : 'no kube context';
  const slack = live.slack ? `Slack ${live.slack}` : 'Slack not configured';
  const pager = live.pagerduty ? 'PagerDuty (routing key set)' : 'PagerDuty not configured';
  return `Live will touch: ${kube} · ${slack} · ${pager}`;
}

/** Drill first unless everything a live incident needs is there (or a drill was asked for). */
export function drillPreselected(live: LiveTargets, askedForDrill: boolean): boolean {
  return askedForDrill || live.kubeContext === null || live.slack === null;
}

const DRILL = 'Drill: nothing runs, nothing is sent (messages go to outbox.jsonl)';
const LIVE = 'Live: confirmed commands really run, messages really go out';

export function ModeChoice(props: {
  title: string;
  live: LiveTargets;
  askedForDrill: boolean;
  width: number;
  height: number;
  onChoose: (dryRun: boolean) => void;
  onBack: () => void;
  onHelp: () => void;
}) {
  const theme = useTheme();
  const info = wrapLines(liveSummary(props.live), props.width);
  const drill = drillPreselected(props.live, props.askedForDrill);
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      {info.map((line, i) => (
        <Text key={i} color={theme.color('yellow')} wrap="truncate-end">
          {line}
        </Text>
      ))}
      <SelectDialog
        title={`${props.title}: live or drill?`}
        hint={`${drill ? 'drill preselected' : 'live preselected'} · enter opens · ? help · esc goes back`}
        items={[
          { label: DRILL, value: true },
          { label: LIVE, value: false },
        ]}
        initialIndex={drill ? 0 : 1}
        width={props.width}
        height={Math.max(3, props.height - info.length)}
        onSelect={props.onChoose}
        onCancel={props.onBack}
        onHelp={props.onHelp}
      />
    </Box>
  );
}

const HELP = [
  'warroom: the picker',
  '',
  'Resume: reopen the war room of an incident that is still open, where you left it.',
  'Start: open a new incident from a runbook; it asks the severity (default: the runbook\'s), the commander (default: you), then live or drill.',
  '',
  'Live: commands you confirm really run (against the kube context shown), and the alert, updates and pages really go to Slack and PagerDuty.',
  'Drill: the same war room, but nothing runs and nothing leaves this machine. Every message is composed as usual and written to the incident\'s outbox.jsonl, marked [DRILL]. The incident is marked as a drill everywhere (list, show, the post-mortem), and pretend actions never count as mitigation.',
  '',
  'Keys: ↑/↓ choose · enter takes it · esc goes back · q leaves the list · ? (or esc, q) closes this help',
];

export function PickerHelp({ width, height, onClose }: { width: number; height: number; onClose: () => void }) {
  useKeys('select', { 'picker-help': onClose, cancel: onClose, 'leave-picker': onClose });
  const lines = HELP.flatMap((line) => (line === '' ? [''] : wrapLines(line, width)));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {lines.slice(0, height).map((line, i) => (
        <Text key={i} bold={i === 0} wrap="truncate-end">
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}
