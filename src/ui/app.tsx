// The war room: header, checklist, step detail, command output or timeline, status line and help
// bar, sized to the terminal. Small parts: the UI state is a reducer hook (use-ui-state.ts), the
// keys are the keymap's bindings given handlers (use-dashboard-keys.ts), the panes are laid out by
// DashboardBody, dialogs by Overlay, and every view reads the session from SessionContext.
import React, { useCallback, useMemo, useRef, useState } from 'react';
import { Box, useWindowSize } from 'ink';
import type { Session } from '../app/session.ts';
import type { KeyHandlers } from '../core/keys/bindings.ts';
import { DashboardBody } from './dashboard-body.tsx';
import type { DashboardExtensions } from './extensions.ts';
import { Header } from './header.tsx';
import { HelpBar } from './help-bar.tsx';
import type { KeyGate } from './keys/key-gate.ts';
import { KeyRegistry, KeyScope } from './keys/key-scope.tsx';
import { computeLayout } from './layout.ts';
import { usePaneNeeds } from './pane-needs.ts';
import { Overlay } from './overlay.tsx';
import { PostmortemBanner, postmortemBannerRows } from './postmortem-banner.tsx';
import { ReadOnlyHeader, readOnlyHeadline } from './read-only-notice.tsx';
import { probed, RenderProbeProvider, type RenderProbe } from './render-probe.tsx';
import { SessionProvider, useNow, useSession, useSnapshot } from './session-context.tsx';
import { StatusLine, statusRowsFor } from './status-line.tsx';
import { useLeftoverPrompt } from './run-dialogs.tsx';
import { closeOverlay, uiReduce, type UiState } from './ui-state.ts';
import { useDashboardKeys } from './use-dashboard-keys.ts';
import { useUiState, type UiStore } from './use-ui-state.ts';
import { recordLeave, type PlacePort } from '../app/operator-place.ts';
import { restoredUi, savePlace } from './place.ts';
import { DraftContext, DraftKeeper } from './draft-context.tsx';

export type { DashboardExtensions, OutputSource } from './extensions.ts';

export interface AppProps {
  session: Session;
  /** Called once when the operator leaves (q, or Ctrl-C confirmed). */
  onExit: () => void;
  /** People offered by C (hand over command) besides the current commander. */
  people?: string[];
  extensions?: DashboardExtensions;
  /** Fixed size for tests; default: the terminal's, following resizes. */
  size?: { columns: number; rows: number };
  /** Where this operator was when they left: restored on open, saved when they leave. */
  place?: PlacePort;
  /** Told which parts re-render (tests of what a tick or a key redraws); see render-probe.tsx. */
  probe?: RenderProbe;
  /** Holds key presses while the services load (runDashboard opens it once they are attached). */
  keyGate?: KeyGate;
}

// The clock ticks every second: only the header reads it, so only the header redraws.
const HeaderLive = probed('header', function HeaderLive({ width }: { width: number }) {
  const { state } = useSnapshot();
  const reason = useSession().readOnlyReason;
  const notice = reason === null ? null : readOnlyHeadline(reason, state.incidentId, width);
  // The post-mortem path is the banner's, whole, under the header: cut here it would be twice on screen.
  const header = <Header state={state} now={useNow()} width={width} />;
  return notice === null ? header : <ReadOnlyHeader header={header} notice={notice} width={width} />;
});
const StatusLive = probed('status', StatusLine);
const HelpBarLive = probed('help', HelpBar);

interface DashboardProps {
  store: UiStore;
  size: { columns: number; rows: number };
  leave: () => void;
  leaveNow: () => void;
  registry: KeyRegistry;
}

function Dashboard({ store, size, leave, leaveNow, registry }: DashboardProps) {
  const { state, message, postmortemPath } = useSnapshot();
  const { ui } = store;
  const openOverlay = useCallback((overlay: UiState['overlay']) => store.commit({ ...store.current(), overlay }), [store]);
  useLeftoverPrompt(ui, openOverlay);
  // At most a third of the screen, so the panes and keys stay usable on a tiny terminal.
  const banner = postmortemBannerRows(postmortemPath, state.status === 'resolved', size.columns).slice(0, Math.floor(size.rows / 3));
  const statusRows = statusRowsFor(message, Math.max(20, size.columns), size.rows - banner.length);
  const taken = banner.length + statusRows - 1;
  // The detail's width does not depend on what the panes need: ask the plain layout for it.
  const detailWidth = useMemo(() => computeLayout(size.columns, size.rows - taken, ui.pane).detail.width, [size.columns, size.rows, taken, ui.pane]);
  const needs = usePaneNeeds(state, ui.cursor, detailWidth);
  const layout = useMemo(() => computeLayout(size.columns, size.rows - taken, ui.pane, needs), [size.columns, size.rows, taken, ui.pane, needs]);
  const { board } = useDashboardKeys(store, size, leave);
  const close = () => store.commit(closeOverlay(store.current()));
  const body = layout.body;
  const idle = state.mode.dryRun ? 'drill: nothing runs and nothing is sent (messages go to outbox.jsonl)' : ' ';
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height + taken} overflow="hidden">
      {layout.header.height > 0 ? <HeaderLive width={layout.width} /> : null}
      <PostmortemBanner rows={banner} width={layout.width} />
      <Box height={body.height} width={body.width} overflow="hidden" flexDirection="column">
        {ui.overlay.kind === 'none' ? (
          <DashboardBody ui={ui} layout={layout} />
        ) : (
          <Overlay overlay={ui.overlay} board={board} body={body} close={close} leave={leave} leaveNow={leaveNow} open={openOverlay} current={() => store.current().overlay} />
        )}
      </Box>
      {layout.statusRows > 0 ? <StatusLive message={message} idle={idle} width={layout.width} rows={statusRows} /> : null}
      {layout.helpRows > 0 ? <HelpBarLive registry={registry} width={layout.width} /> : null}
    </Box>
  );
}

// Defaults that keep their identity: a new `[]` each render would change the session context
// and redraw every view that reads it on every key.
const NO_PEOPLE: string[] = [];
const NO_EXTENSIONS: DashboardExtensions = {};

export function App({ session, onExit, people = NO_PEOPLE, extensions = NO_EXTENSIONS, size, probe, place, keyGate }: AppProps) {
  const window = useWindowSize();
  const columns = size?.columns ?? window.columns;
  const rows = size?.rows ?? window.rows;
  const [restored] = useState(() => restoredUi(session, place));
  const [keeper] = useState(() => new DraftKeeper(place?.load()?.draft ?? null));
  const store = useUiState(restored);
  const { current, commit } = store;
  const exited = useRef(false);
  const leaveNow = useCallback(() => {
    if (exited.current) return;
    exited.current = true;
    // The place first (a sync write), then the journal's word that this operator left: the
    // session closes after onExit and waits for queued appends.
    savePlace(session, store.current(), place, keeper.draft);
    void recordLeave(session);
    onExit();
  }, [onExit, session, store, place, keeper]);
  // Leaving with a command of this warroom running first asks: stop it, or wait for it.
  const leave = useCallback(() => {
    if ((extensions.runningHere?.().length ?? 0) > 0) store.commit({ ...store.current(), overlay: { kind: 'leave-running' }, interruptArmed: false });
    else leaveNow();
  }, [extensions, store, leaveNow]);
  const registry = useMemo(() => new KeyRegistry(), []);
  // Ctrl-C works the same in every mode: the first asks, the second leaves.
  const shared = useMemo<KeyHandlers>(
    () => ({
      interrupt: () => {
        const result = uiReduce(current(), 'interrupt', { stepCount: 0, outputLines: 0, timelineLines: 0 });
        commit(result.ui);
        if (result.effect?.kind === 'quit') leave();
        else if (result.effect?.kind === 'notice') session.notify('warn', result.effect.text);
      },
    }),
    [current, commit, leave, session],
  );
  const value = useMemo(() => ({ session, extensions, people }), [session, extensions, people]);
  return (
    <RenderProbeProvider probe={probe}>
      <SessionProvider value={value}>
        <DraftContext.Provider value={keeper}>
          <KeyScope shared={shared} registry={registry} gate={keyGate ?? null}>
            <Dashboard store={store} size={{ columns, rows }} leave={leave} leaveNow={leaveNow} registry={registry} />
          </KeyScope>
        </DraftContext.Provider>
      </SessionProvider>
    </RenderProbeProvider>
  );
}
