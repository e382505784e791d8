// Enter on a step with several commands: which one to run. Each row says the command as it will
// run (composed for where it is meant to run, or where to type it), whether it needs the
// terminal, and how its last run ended. Rows wrap, never cut; the list scrolls to keep the
// highlight in view. Enter opens the highlighted one's confirmation; x runs them all in order.
import React from 'react';
import { Box, Text } from 'ink';
import { runbookScript } from '../core/command/runbook-script.ts';
import type { CommandRun, IncidentState } from '../core/incident/state.ts';
import type { RunbookCommand, RunbookStep } from '../core/runbook/types.ts';
import { riskColor } from './step-detail.tsx';
import { useListKeys } from './keys/use-list-keys.ts';
import { useTheme } from './theme.tsx';
import { wrapRows } from './wrap.ts';

export interface CommandChooserProps {
  state: IncidentState;
  step: RunbookStep;
  width: number;
  height: number;
  onChoose: (commandId: string) => void;
  onRunAll: () => void;
  onCancel: () => void;
}

/** How a run ended, in a few words. */
export function runOutcome(run: CommandRun): string {
  if (run.phase !== 'finished' && run.phase !== 'cancelled') return run.phase === 'requested' ? 'dialog open' : 'running';
  if (run.phase === 'cancelled') return 'cancelled before it ran';
  if (run.dryRun) return 'drill: recorded, not run';
  if (run.outcomeUnknown) return 'outcome unknown';
  if (run.cancelled) return 'cancelled';
  if (run.timedOut) return 'timed out';
  if (run.error) return `failed: ${run.error}`;
  return run.signal ? `killed by ${run.signal}` : `exit ${run.exitCode}`;
}

/** The rows of one command in the list: the command, then what warroom knows about it. */
export function commandRows(state: IncidentState, command: RunbookCommand, index: number, width: number): { text: string; dim: boolean }[] {
  const prepared = runbookScript(state.runbook, command, state.parameters, { computeReads: false });
  const head = `${index + 1}. [${command.risk}] `;
  const rows = wrapRows(command.script, Math.max(1, width - head.length)).map((row, i) => ({ text: `${i === 0 ? head : ' '.repeat(head.length)}${row}`, dim: false }));
  const more = (text: string) => rows.push(...wrapRows(text, Math.max(1, width - 5)).map((row) => ({ text: `     ${row}`, dim: true })));
  if (prepared.manual) more(`not run from here: type it ${prepared.manual.where}`);
  else if (prepared.script !== command.script) more(`runs as: ${prepared.script}`);
  if (command.interactive) more('needs the terminal: warroom hands it over, and comes back when it exits');
  const last = [...state.commands].reverse().find((r) => r.commandId === command.id && r.phase !== 'cancelled');
  more(last ? `last run: ${runOutcome(last)}` : 'not run yet');
  return rows;
}

export function CommandChooser({ state, step, width, height, onChoose, onRunAll, onCancel }: CommandChooserProps) {
  const theme = useTheme();
  const commands = step.commands;
  const highlight = useListKeys({
    count: commands.length,
    choose: (i) => onChoose(commands[i]!.id),
    cancel: onCancel,
    more: (finish) => ({ 'run-all': () => finish(onRunAll) }),
  });
  const title = wrapRows(`${step.text}: ${commands.length} commands`, width);
  const hint = wrapRows('enter opens the highlighted one (its confirmation shows exactly what runs) · x runs them all in order · esc closes', width);
  const blocks = commands.map((command, i) => commandRows(state, command, i, width - 2));
  // From the highlight back, as many whole blocks as fit.
  const room = Math.max(1, height - title.length - hint.length);
  let first = highlight;
  let used = blocks[highlight]?.length ?? 0;
  while (first > 0 && used + (blocks[first - 1]?.length ?? 0) <= room) used += blocks[--first]?.length ?? 0;
  const rows: { text: string; dim: boolean; selected: boolean; color: string | undefined }[] = [];
  for (let i = first; i < blocks.length && rows.length < room; i++) {
    for (const [n, row] of (blocks[i] ?? []).entries()) {
      if (rows.length >= room) break;
      const selected = i === highlight;
      rows.push({ ...row, text: `${selected && n === 0 ? '❯ ' : '  '}${row.text}`, selected, color: row.dim ? undefined : theme.color(riskColor(commands[i]!.risk)) });
    }
  }
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      {title.map((row, i) => (
        <Text key={`t${i}`} bold wrap="wrap">
          {row}
        </Text>
      ))}
      {hint.map((row, i) => (
        <Text key={`h${i}`} dimColor wrap="wrap">
          {row}
        </Text>
      ))}
      {rows.map((row, i) => (
        <Text key={i} bold={row.selected && !row.dim} dimColor={row.dim} color={row.color} wrap="wrap">
          {row.text === '' ? ' ' : row.text}
        </Text>
      ))}
    </Box>
  );
}
