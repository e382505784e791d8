// The runbook as a checklist: section rows with progress (`Investigation 2/3`) and step rows
// with their tick state, nesting and markers. Only the rows that fit are rendered (a window
// that follows the cursor), so a 500-step runbook costs what a 20-step one does.
import React, { memo, useRef } from 'react';
import { Box, Text } from 'ink';
import type { RunbookStep } from '../core/runbook/types.ts';
import type { IncidentState, StepState } from '../core/incident/state.ts';
import type { FlatStep } from '../core/incident/selectors.ts';
import { useTheme } from './theme.tsx';
import { truncate } from './text.ts';

export interface SectionProgressView {
  sectionId: string;
  title: string;
  done: number;
  total: number;
}

export interface ChecklistProps {
  steps: readonly FlatStep[];
  sections: readonly SectionProgressView[];
  stateOf: (stepId: string) => StepState;
  parameters: IncidentState['parameters'];
  cursor: number;
  height: number;
  width: number;
  focused: boolean;
}

type Row =
  | { kind: 'section'; section: SectionProgressView }
  | { kind: 'step'; index: number; item: FlatStep };

/** Markers: ▶ command, ⚑ flag, ? query, ✎ a command parameter still unfilled. */
export function stepMarkers(step: RunbookStep, parameters: Record<string, string>): string {
  let markers = '';
  if (step.action?.kind === 'flag') markers += '⚑';
  else if (step.commands.length > 0) markers += '▶';
  if (step.queries.length > 0) markers += '?';
  const unfilled = step.commands.some((c) => c.parameters.some((p) => !(p.name in parameters)));
  if (unfilled) markers += '✎';
  return markers;
}

export function tickMark(state: StepState): string {
  return state === 'checked' ? '[x]' : state === 'skipped' ? '[-]' : '[ ]';
}

/** Rows the whole checklist takes: its section and step rows. */
export function checklistRowCount(steps: readonly FlatStep[], sections: readonly SectionProgressView[]): number {
  return buildRows(steps, sections).length;
}

function buildRows(steps: readonly FlatStep[], sections: readonly SectionProgressView[]): Row[] {
  const rows: Row[] = [];
  const byId = new Map(sections.map((s) => [s.sectionId, s]));
  let current: string | null = null;
  steps.forEach((item, index) => {
    if (item.sectionId !== current) {
      current = item.sectionId;
      const section = byId.get(item.sectionId);
      if (section) rows.push({ kind: 'section', section });
    }
    rows.push({ kind: 'step', index, item });
  });
  return rows;
}

/**
 * First row to show. The window stays put while the cursor is inside it (a list that scrolls
 * on every keypress is hard to read under stress) and moves just enough when it leaves, keeping
 * one row of context above or below.
 */
export function windowStart(previous: number, cursorRow: number, rowCount: number, height: number): number {
  if (rowCount <= height || height <= 0) return 0;
  const margin = height > 4 ? 1 : 0;
  let start = Math.min(previous, rowCount - height);
  if (cursorRow - margin < start) start = cursorRow - margin;
  if (cursorRow + margin >= start + height) start = cursorRow + margin - height + 1;
  return Math.max(0, Math.min(rowCount - height, start));
}

export const Checklist = memo(function Checklist(props: ChecklistProps) {
  const { steps, sections, stateOf, parameters, cursor, height, width, focused } = props;
  const theme = useTheme();
  const rows = buildRows(steps, sections);
  const cursorRow = Math.max(0, rows.findIndex((r) => r.kind === 'step' && r.index === cursor));
  const startRef = useRef(0);
  const start = windowStart(startRef.current, cursorRow, rows.length, height);
  startRef.current = start;
  const visible = rows.slice(start, start + height);
  if (steps.length === 0) {
    return (
      <Box height={height} width={width}>
        <Text dimColor>This runbook has no steps.</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      {visible.map((row) => {
        if (row.kind === 'section') {
          const { title, done, total } = row.section;
          const complete = total > 0 && done === total;
          return (
            <Text key={`s-${row.section.sectionId}`} bold wrap="truncate-end" color={theme.color(complete ? 'green' : 'blue')}>
              {truncate(`${title} ${done}/${total}`, width)}
            </Text>
          );
        }
        const { step, depth } = row.item;
        const selected = row.index === cursor;
        const state = stateOf(step.id);
        const markers = stepMarkers(step, parameters);
        const prefix = `${selected ? '›' : ' '}${'  '.repeat(depth + 1)}${tickMark(state)} `;
        const label = step.label && !step.text.startsWith(step.label) ? `${step.label}: ` : '';
        const textWidth = Math.max(1, width - prefix.length - (markers ? markers.length + 1 : 0));
        const body = truncate(`${label}${step.text}`, textWidth);
        return (
          <Box key={`p-${step.id}`} height={1} width={width}>
            <Text inverse={selected && focused} bold={selected} wrap="truncate-end" dimColor={state !== 'open' && !selected}>
              {prefix}
              {body}
            </Text>
            {markers ? (
              <Text color={theme.color('cyan')} wrap="truncate-end">
                {' '}
                {markers}
              </Text>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
});
