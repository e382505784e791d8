// The step under the cursor in full: its text, its commands with their risk, its queries and
// flag. Wrapped to the pane's width and cut to its height.
import React, { memo } from 'react';
import { Box, Text } from 'ink';
import type { Risk, RunbookStep } from '../core/runbook/types.ts';
import { useTheme } from './theme.tsx';
import { wrapLines } from './text.ts';

export interface StepDetailProps {
  step: RunbookStep | null;
  parameters: Record<string, string>;
  height: number;
  width: number;
}

interface Line {
  text: string;
  color?: string;
  bold?: boolean;
  dim?: boolean;
}

export function riskColor(risk: Risk): string {
  return risk === 'read' ? 'green' : risk === 'change' ? 'yellow' : 'red';
}

export function detailLines(step: RunbookStep, parameters: Record<string, string>, width: number): Line[] {
  const lines: Line[] = [];
  const push = (text: string, style: Omit<Line, 'text'> = {}) => {
    for (const piece of wrapLines(text, width)) lines.push({ text: piece, ...style });
  };
  push(step.label && !step.text.startsWith(step.label) ? `${step.label}: ${step.text}` : step.text, { bold: true });
  if (step.action?.kind === 'flag') {
    push(`⚑ flag ${step.action.flag} → ${step.action.value}   (enter toggles)`, { color: 'yellow' });
  }
  for (const command of step.commands) {
    const missing = command.parameters.filter((p) => !(p.name in parameters)).map((p) => p.raw);
    const risk = `[${command.risk}]`;
    push(`▶ ${risk} ${command.script}`, { color: riskColor(command.risk) });
    if (missing.length > 0) push(`  needs ${missing.join(', ')}`, { dim: true });
  }
  for (const query of step.queries) push(`? ${query.text}`, { color: 'cyan' });
  for (const child of step.children) push(`  • ${child.text}`, { dim: true });
  return lines;
}

export const StepDetail = memo(function StepDetail({ step, parameters, height, width }: StepDetailProps) {
  const theme = useTheme();
  const lines = step ? detailLines(step, parameters, width) : [{ text: 'No step selected.', dim: true }];
  const shown = lines.slice(0, height);
  if (lines.length > height && height > 0) {
    shown[height - 1] = { text: `… ${lines.length - height + 1} more lines`, dim: true };
  }
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate-end" bold={line.bold} dimColor={line.dim} color={line.color ? theme.color(line.color) : undefined}>
          {line.text === '' ? ' ' : line.text}
        </Text>
      ))}
    </Box>
  );
});
