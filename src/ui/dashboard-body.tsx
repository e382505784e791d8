// The dashboard's panes laid out for the terminal: the checklist, and beside or below it either
// the step detail with the command output, or the timeline. Wide terminals put them side by side.
import React, { useCallback, useMemo } from 'react';
import { Box, Text } from 'ink';
import { flatSteps, sectionProgress, stepStateOf } from '../core/incident/selectors.ts';
import { timelineFromEvents } from '../core/incident/timeline.ts';
import { Checklist } from './checklist.tsx';
import type { Layout } from './layout.ts';
import { OutputLive, outputLogName } from './output-live.tsx';
import { probed } from './render-probe.tsx';
import { useSessionContext, useSnapshot } from './session-context.tsx';
import { StepDetail } from './step-detail.tsx';
import { useTheme } from './theme.tsx';
import { TimelinePane } from './timeline-pane.tsx';
import type { UiState } from './ui-state.ts';

// Each pane redraws only when what it shows changed: a key that moves the cursor redraws the
// checklist and the step detail, never the output of a command or the timeline.
const ChecklistPane = probed('checklist', Checklist);
const DetailPane = probed('detail', StepDetail);
const OutputLivePane = probed('output', OutputLive);
const TimelineLive = probed('timeline', TimelinePane);

/** Said in the pane's title while scrolled back, so nobody mistakes old lines for the latest. */
function scrolledText(scroll: number, unit: string): string | undefined {
  return scroll > 0 ? `scrolled back ${scroll} ${unit} · G shows the latest` : undefined;
}

function PaneTitle(props: { title: string; focused: boolean; width: number; extra?: string; notice?: string }) {
  const { title, focused, width, extra, notice } = props;
  const theme = useTheme();
  // The ▸ marks the focused pane also where inverse video is not shown (NO_COLOR turns every
  // style off); both labels are as wide, so tab never shifts the row.
  const label = `${focused ? '▸' : ' '}${title} `;
  const info = extra ? ` ${extra} ` : '';
  const warning = notice ? ` ${notice} ` : '';
  return (
    <Text wrap="truncate-end">
      <Text bold inverse={focused} color={focused ? undefined : theme.color('blue')}>
        {label}
      </Text>
      {info ? <Text dimColor>{info}</Text> : null}
      {warning ? (
        <Text bold color={theme.color('yellow')}>
          {warning}
        </Text>
      ) : null}
      <Text dimColor>{'─'.repeat(Math.max(0, width - label.length - info.length - warning.length))}</Text>
    </Text>
  );
}

export function DashboardBody({ ui, layout }: { ui: UiState; layout: Layout }) {
  const { session, extensions } = useSessionContext();
  const { state, eventCount } = useSnapshot();
  const steps = flatSteps(state);
  const sections = useMemo(() => sectionProgress(state), [state.steps, state.runbook]);
  const stateOf = useCallback((id: string) => stepStateOf(state, id), [state.steps, state.runbook]);
  // The session's event list grows in place: its length says when the timeline is stale.
  const timeline = useMemo(() => (ui.timeline ? timelineFromEvents(session.events) : []), [ui.timeline, eventCount, session]);
  const cursor = Math.min(ui.cursor, Math.max(0, steps.length - 1));
  const done = sections.reduce((n, s) => n + s.done, 0);
  const total = sections.reduce((n, s) => n + s.total, 0);

  const checklist = (
    <Box flexDirection="column" width={layout.checklist.width} height={layout.checklist.height}>
      <PaneTitle title="Checklist" focused={ui.pane === 'checklist'} width={layout.checklist.width} extra={`${done}/${total}`} />
      <ChecklistPane
        steps={steps}
        sections={sections}
        stateOf={stateOf}
        parameters={state.parameters}
        cursor={cursor}
        focused={ui.pane === 'checklist'}
        width={layout.checklist.width}
        height={Math.max(0, layout.checklist.height - 1)}
      />
    </Box>
  );
  const side = ui.timeline ? (
    <Box flexDirection="column" width={layout.timeline.width} height={layout.timeline.height}>
      <PaneTitle title="Timeline" focused={ui.pane === 'output'} width={layout.timeline.width} notice={scrolledText(ui.timelineScroll, 'entries')} />
      <TimelineLive entries={timeline} scroll={ui.timelineScroll} width={layout.timeline.width} height={Math.max(0, layout.timeline.height - 1)} />
    </Box>
  ) : (
    <Box flexDirection="column" width={layout.output.width} height={layout.detail.height + layout.output.height}>
      {layout.detail.height > 0 ? (
        <DetailPane step={steps[cursor]?.step ?? null} runbook={state.runbook} parameters={state.parameters} width={layout.detail.width} height={layout.detail.height} />
      ) : null}
      {layout.output.height > 0 ? (
        <Box flexDirection="column" height={layout.output.height}>
          <PaneTitle title="Output" focused={ui.pane === 'output'} width={layout.output.width} extra={outputLogName(state)} notice={scrolledText(ui.outputScroll, 'lines')} />
          <OutputLivePane run={state.commands.at(-1) ?? null} source={extensions.output} scroll={ui.outputScroll} wrap={ui.pane === 'output'} width={layout.output.width} height={Math.max(0, layout.output.height - 1)} />
        </Box>
      ) : null}
    </Box>
  );
  return layout.wide ? (
    <Box flexDirection="row" height={layout.body.height}>
      {checklist}
      <Box width={1} />
      {side}
    </Box>
  ) : (
    <Box flexDirection="column" height={layout.body.height}>
      {checklist}
      {layout.body.height > layout.checklist.height ? side : null}
    </Box>
  );
}
