// The output pane fed live: the running command's tail (the command flow's feed) while a command
// runs, else the last run's tail from the journal. Only a running command shows a ticking
// duration, so an idle pane does not re-render each second.
import React, { useSyncExternalStore } from 'react';
import type { CommandRun, IncidentState } from '../core/incident/state.ts';
import type { OutputSource } from './extensions.ts';
import type { Rect } from './layout.ts';
import { OutputPane } from './output-pane.tsx';
import { useNow } from './session-context.tsx';

const noLines: readonly string[] = [];
const noSubscribe = () => () => undefined;

function isActive(run: CommandRun | null): run is CommandRun {
  return run !== null && (run.phase === 'running' || run.phase === 'confirmed');
}

/** The lines the output pane shows: the live tail while a command runs, else the journal's. */
export function outputLinesOf(state: IncidentState, source: OutputSource | undefined): readonly string[] {
  const run = state.commands.at(-1) ?? null;
  return isActive(run) && source ? source.getLines() : (run?.tail ?? noLines);
}

/** `run`: the last command run (the newest in the journal), or null. */
export function OutputLive(props: { run: CommandRun | null; source?: OutputSource; scroll: number; wrap: boolean } & Rect) {
  const { run, source, scroll, width, height, wrap } = props;
  const active = isActive(run);
  const live = useSyncExternalStore(active && source ? source.subscribe : noSubscribe, source?.getLines ?? (() => noLines));
  const lines = active && source ? live : (run?.tail ?? noLines);
  if (active) return <RunningOutput run={run} lines={lines} scroll={scroll} width={width} height={height} wrap={wrap} />;
  return <OutputPane run={run} lines={lines} scroll={scroll} now={0} width={width} height={height} wrap={wrap} />;
}

function RunningOutput(props: { run: CommandRun; lines: readonly string[]; scroll: number; wrap: boolean } & Rect) {
  const now = useNow();
  return <OutputPane run={props.run} lines={props.lines} scroll={props.scroll} now={now} width={props.width} height={props.height} wrap={props.wrap} />;
}

/** `commands/12.log`: where the whole output of the pane's command is kept. */
export function outputLogName(state: IncidentState): string | undefined {
  const run = state.commands.at(-1);
  if (!run || run.phase === 'requested' || run.phase === 'cancelled' || run.dryRun) return undefined;
  return run.outputFile ?? `commands/${run.requestSeq}.log`;
}
