// The step under the cursor in full: its text, its commands with their risk, its queries and
// flag. Wrapped to the pane's width and cut to its height.
import React, { memo } from 'react';
import { Box, Text } from 'ink';
import { runbookScript } from '../core/command/runbook-script.ts';
import { fillParameters } from '../core/command/substitute.ts';
import type { Risk, Runbook, RunbookStep } from '../core/runbook/types.ts';
import { useTheme } from './theme.tsx';
import { wrapLines } from './text.ts';

export interface StepDetailProps {
  step: RunbookStep | null;
  /** For the step's variables and where its commands run; without it, the commands as written. */
  runbook?: Runbook;
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

export function detailLines(step: RunbookStep, parameters: Record<string, string>, width: number, runbook?: Runbook): Line[] {
  const lines: Line[] = [];
  const push = (text: string, style: Omit<Line, 'text'> = {}) => {
    for (const piece of wrapLines(text, width)) lines.push({ text: piece, ...style });
  };
  push(step.label && !step.text.startsWith(step.label) ? `${step.label}: ${step.text}` : step.text, { bold: true });
  if (step.action?.kind === 'flag') {
    push(`⚑ flag ${step.action.flag} → ${step.action.value}   (enter toggles)`, { color: 'yellow' });
  }
  for (const v of runbook?.variables.filter((d) => d.stepId === step.id) ?? []) {
    // A variable is set, not run: its value (never a secret's) and where it comes from.
    const value = v.secret
      ? '(a secret: set it in your environment)'
      : v.fromCommand !== null && parameters[v.name] !== undefined
        ? `${parameters[v.name]} (from ${v.fromCommand})`
        : fillParameters(v.value, v.parameters, parameters).script;
    push(`= $${v.name} ${v.fromCommand !== null && parameters[v.name] === undefined ? `← output of ${v.fromCommand}` : `= ${value}`}`, { color: 'cyan' });
  }
  for (const command of step.commands) {
    const prepared = runbook ? runbookScript(runbook, command, parameters, { computeReads: false }) : null;
    const missing = (prepared ? prepared.placeholders.filter((p) => prepared.missing.includes(p.name)) : command.parameters.filter((p) => !(p.name in parameters))).map((p) => p.raw);
    const risk = `[${prepared?.risk ?? command.risk}]`;
    push(`▶ ${risk} ${command.script}`, { color: riskColor(prepared?.risk ?? command.risk) });
    if (prepared?.manual) push(`  ↳ not run from here: type it ${prepared.manual.where}`, { color: 'yellow' });
    else if (command.context.kind !== 'local' && prepared) push(`  ↳ runs there as: ${prepared.script}`, { dim: true });
    if (command.interactive) push('  ↳ needs the terminal: enter hands it over, warroom comes back when it exits', { dim: true });
    if (missing.length > 0) push(`  needs ${missing.join(', ')}`, { dim: true });
  }
  if (step.commands.length > 1) push(`enter chooses one of the ${step.commands.length} commands · x runs them in order`, { dim: true });
  for (const query of step.queries) push(`? ${query.text}`, { color: 'cyan' });
  for (const child of step.children) push(`  • ${child.text}`, { dim: true });
  return lines;
}

export const StepDetail = memo(function StepDetail({ step, runbook, parameters, height, width }: StepDetailProps) {
  const theme = useTheme();
  const lines = step ? detailLines(step, parameters, width, runbook) : [{ text: 'No step selected.', dim: true }];
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
