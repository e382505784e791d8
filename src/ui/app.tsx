// The war room: header, checklist, step detail, command output or timeline, status line and
// help bar, sized to the terminal. Reads the session through useSyncExternalStore; keys go
// through the keymap table and the pure UI reducer, and whatever changes the incident is
// handed to the session, which journals it before the screen changes.
import React, { useCallback, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Box, Text, useInput, useStdin, useWindowSize } from 'ink';
import type { Key } from 'ink';
import { bindingFor, type KeyContext } from '../core/keymap.ts';
import { flatSteps, runningCommand, sectionProgress, stepStateOf } from '../core/incident/selectors.ts';
import { timelineFromEvents } from '../core/incident/timeline.ts';
import type { CommandRun, IncidentState } from '../core/incident/state.ts';
import type { UpdateKind } from '../core/incident/events.ts';
import type { Session } from '../app/session.ts';
import { Header } from './header.tsx';
import { Checklist } from './checklist.tsx';
import { StepDetail } from './step-detail.tsx';
import { OutputPane } from './output-pane.tsx';
import { TimelinePane } from './timeline-pane.tsx';
import { StatusLine } from './status-line.tsx';
import { HelpBar } from './help-bar.tsx';
import { computeLayout, type Rect } from './layout.ts';
import { overlayFor } from './overlay.tsx';
import { closeOverlay, initialUiState, modeOf, splitKeys, uiReduce, type UiEffect, type UiState } from './ui-state.ts';
import { useTheme } from './theme.tsx';

/** A live output tail (the command flow's), read like the session: subscribe + getSnapshot. */
export interface OutputSource {
  subscribe(listener: () => void): () => void;
  getLines(): readonly string[];
}

/**
 * What the command flow (issue 5) and the comms service (issue 6) plug into the dashboard.
 * Each is optional: without it, the keys that need it say "not available" instead of failing.
 */
export interface DashboardExtensions {
  /** `enter` on a step with a command or flag: opens the request; returns the dialog to show. */
  runStep?: (stepId: string) => Promise<{ requestSeq: number } | null>;
  commandDialog?: (props: { requestSeq: number; width: number; height: number; onClose: () => void }) => ReactNode;
  cancelCommand?: () => Promise<unknown> | unknown;
  output?: OutputSource;
  composer?: (props: { kind: UpdateKind; width: number; height: number; onClose: () => void }) => ReactNode;
}

export interface AppProps {
  session: Session;
  /** Called once when the operator leaves (q, or Ctrl-C confirmed). */
  onExit: () => void;
  /** People offered by C (hand over command) besides the current commander. */
  people?: string[];
  extensions?: DashboardExtensions;
  /** Fixed size for tests; default: the terminal's, following resizes. */
  size?: { columns: number; rows: number };
}

const noLines: readonly string[] = [];
const noSubscribe = () => () => undefined;

function keyContext(state: IncidentState, ui: UiState, extensions: DashboardExtensions): KeyContext {
  const steps = flatSteps(state);
  const current = steps[ui.cursor]?.step;
  const action = current ? (current.action?.kind === 'flag' ? 'flag' : current.commands.length > 0 ? 'command' : null) : null;
  return {
    status: state.status,
    hasStep: current !== undefined,
    stepAction: action,
    commandRunning: runningCommand(state) !== null,
    commandFlowAvailable: Boolean(extensions.runStep && extensions.commandDialog),
    commsAvailable: Boolean(extensions.composer),
    readonly: state.mode.readonly,
    previewOffered: ui.overlay.kind !== 'confirm',
  };
}

function useClock(session: Session): number {
  return useSyncExternalStore(session.subscribeClock, session.getNow);
}

function HeaderLive({ session, state, width }: { session: Session; state: IncidentState; width: number }) {
  const { postmortemPath } = useSyncExternalStore(session.subscribe, session.getSnapshot);
  return <Header state={state} now={useClock(session)} width={width} postmortemPath={postmortemPath} />;
}

function isActive(run: CommandRun | null): run is CommandRun {
  return run !== null && (run.phase === 'running' || run.phase === 'confirmed');
}

/** The lines the output pane shows: the live tail while a command runs, else the journal's. */
function outputLinesOf(state: IncidentState, source: OutputSource | undefined): readonly string[] {
  const run = state.commands.at(-1) ?? null;
  return isActive(run) && source ? source.getLines() : (run?.tail ?? noLines);
}

function OutputLive(props: { session: Session; state: IncidentState; source?: OutputSource; scroll: number } & Rect) {
  const { session, state, source, scroll, width, height } = props;
  const run = state.commands.at(-1) ?? null;
  const active = isActive(run);
  const live = useSyncExternalStore(active && source ? source.subscribe : noSubscribe, source?.getLines ?? (() => noLines));
  const lines = active && source ? live : (run?.tail ?? noLines);
  // Only a running command shows a ticking duration; an idle pane does not re-render each second.
  if (active) return <RunningOutput session={session} run={run} lines={lines} scroll={scroll} width={width} height={height} />;
  return <OutputPane run={run} lines={lines} scroll={scroll} now={0} width={width} height={height} />;
}

function RunningOutput(props: { session: Session; run: CommandRun; lines: readonly string[]; scroll: number } & Rect) {
  const now = useClock(props.session);
  return <OutputPane run={props.run} lines={props.lines} scroll={props.scroll} now={now} width={props.width} height={props.height} />;
}

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

export function App({ session, onExit, people = [], extensions = {}, size }: AppProps) {
  const { state, events, message } = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const window = useWindowSize();
  const columns = size?.columns ?? window.columns;
  const rows = size?.rows ?? window.rows;
  const { isRawModeSupported } = useStdin();
  const [ui, setUi] = useState<UiState>(initialUiState);
  const uiRef = useRef(ui);
  const exited = useRef(false);

  const steps = flatSteps(state);
  const sections = useMemo(() => sectionProgress(state), [state.steps, state.runbook]);
  const stateOf = useCallback((id: string) => stepStateOf(state, id), [state.steps, state.runbook]);
  const timeline = useMemo(() => (ui.timeline ? timelineFromEvents(events) : []), [ui.timeline, events]);
  const layout = computeLayout(columns, rows, ui.pane);
  const cursor = Math.min(ui.cursor, Math.max(0, steps.length - 1));
  const ctx = keyContext(state, { ...ui, cursor }, extensions);

  const leave = useCallback(() => {
    if (exited.current) return;
    exited.current = true;
    onExit();
  }, [onExit]);

  const commit = (next: UiState) => {
    uiRef.current = next;
    setUi(next);
  };

  const runEffect = (effect: UiEffect) => {
    const current = session.state;
    const stepAt = (index: number) => flatSteps(current)[index]?.step ?? null;
    switch (effect.kind) {
      case 'toggle-step': {
        const step = stepAt(effect.index);
        if (step) void session.toggleStep(step.id);
        return;
      }
      case 'run-step': {
        const step = stepAt(effect.index);
        if (!step || !extensions.runStep) return;
        void extensions
          .runStep(step.id)
          .then((opened) => {
            if (opened) commit({ ...uiRef.current, overlay: { kind: 'command', requestSeq: opened.requestSeq } });
          })
          .catch((error: unknown) => session.notify('error', error instanceof Error ? error.message : String(error)));
        return;
      }
      case 'set-status':
        void session.setStatus(effect.to);
        return;
      case 'escalate':
        void session.escalateNow();
        return;
      case 'cancel-command':
        void Promise.resolve(extensions.cancelCommand?.()).catch((error: unknown) =>
          session.notify('error', error instanceof Error ? error.message : String(error)),
        );
        return;
      case 'open-composer':
        commit({ ...uiRef.current, overlay: { kind: 'composer', updateKind: effect.updateKind } });
        return;
      case 'quit':
        leave();
        return;
      case 'notice':
        session.notify('warn', effect.text);
        return;
    }
  };

  const handleInput = (input: string, key: Key) => {
    // Printable keys of one chunk ("jj ") each count; escape sequences arrive parsed already.
    const presses = key.ctrl || key.meta || key.escape ? [input] : splitKeys(input);
    for (const press of presses) {
      // A chunk such as "jj\r" arrives with the flags of the whole chunk; each character
      // carries its own here (enter and tab are characters too).
      const pressKey = presses.length > 1 ? { ...key, return: press === '\r', tab: press === '\t', shift: /[A-Z]/.test(press) } : key;
      const current = uiRef.current;
      const mode = modeOf(current);
      const binding = bindingFor(mode, press, pressKey);
      if (!binding) continue;
      // Dialogs, prompts and the composer own their keys; only Ctrl-C reaches the app there.
      if (mode !== 'dashboard' && mode !== 'timeline' && mode !== 'help' && binding.action !== 'interrupt') continue;
      const enabled = binding.enabledWhen(keyContext(session.state, current, extensions));
      if (enabled !== true) {
        session.notify('warn', `${binding.keys.join('/')}: ${enabled}`);
        continue;
      }
      const panes = computeLayout(columns, rows, current.pane);
      const view = {
        stepCount: flatSteps(session.state).length,
        outputLines: outputLinesOf(session.state, extensions.output).length,
        timelineLines: current.timeline ? timelineFromEvents(session.getSnapshot().events).length : 0,
        // Less the pane's title and the output's summary row.
        outputRows: Math.max(1, panes.output.height - 2),
        timelineRows: Math.max(1, panes.timeline.height - 1),
      };
      const result = uiReduce(current, binding.action, view);
      uiRef.current = result.ui;
      if (result.effect) runEffect(result.effect);
    }
    setUi(uiRef.current);
  };

  useInput(handleInput, { isActive: isRawModeSupported === true });

  const close = () => commit(closeOverlay(uiRef.current));
  const mode = modeOf(ui);
  const body = layout.body;

  let main: ReactNode = overlayFor({
    overlay: ui.overlay,
    session,
    state,
    ctx,
    extensions,
    people,
    body,
    close,
    leave,
    open: (overlay) => commit({ ...uiRef.current, overlay }),
  });

  if (main === null) {
    const current = steps[cursor]?.step ?? null;
    const done = sections.reduce((n, s) => n + s.done, 0);
    const total = sections.reduce((n, s) => n + s.total, 0);
    const checklist = (
      <Box flexDirection="column" width={layout.checklist.width} height={layout.checklist.height}>
        <PaneTitle title="Checklist" focused={ui.pane === 'checklist'} width={layout.checklist.width} extra={`${done}/${total}`} />
        <Checklist
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
        <TimelinePane entries={timeline} scroll={ui.timelineScroll} width={layout.timeline.width} height={Math.max(0, layout.timeline.height - 1)} />
      </Box>
    ) : (
      <Box flexDirection="column" width={layout.output.width} height={layout.detail.height + layout.output.height}>
        {layout.detail.height > 0 ? (
          <StepDetail step={current} parameters={state.parameters} width={layout.detail.width} height={layout.detail.height} />
        ) : null}
        {layout.output.height > 0 ? (
          <Box flexDirection="column" height={layout.output.height}>
            <PaneTitle title="Output" focused={ui.pane === 'output'} width={layout.output.width} notice={scrolledText(ui.outputScroll, 'lines')} />
            <OutputLive
              session={session}
              state={state}
              source={extensions.output}
              scroll={ui.outputScroll}
              width={layout.output.width}
              height={Math.max(0, layout.output.height - 1)}
            />
          </Box>
        ) : null}
      </Box>
    );
    main = layout.wide ? (
      <Box flexDirection="row" height={body.height}>
        {checklist}
        <Box width={1} />
        {side}
      </Box>
    ) : (
      <Box flexDirection="column" height={body.height}>
        {checklist}
        {layout.body.height > layout.checklist.height ? side : null}
      </Box>
    );
  }

  const idle = state.mode.dryRun ? 'dry run: confirmed commands are recorded, nothing runs' : ' ';
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height} overflow="hidden">
      {layout.header.height > 0 ? <HeaderLive session={session} state={state} width={layout.width} /> : null}
      <Box height={body.height} width={body.width} overflow="hidden" flexDirection="column">
        {main}
      </Box>
      {layout.statusRows > 0 ? <StatusLine message={message} idle={idle} /> : null}
      {layout.helpRows > 0 ? <HelpBar mode={mode} ctx={ctx} width={layout.width} /> : null}
    </Box>
  );
}
