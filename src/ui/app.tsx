// The war room: header, checklist, step detail, command output or timeline, status line and help
// bar, sized to the terminal. Small parts: the UI state is a reducer hook (use-ui-state.ts), the
// keys are the keymap's bindings given handlers (use-dashboard-keys.ts), the panes are laid out by
// DashboardBody, dialogs by Overlay, and every view reads the session from SessionContext.
import React, { useCallback, useMemo, useRef } from 'react';
import { Box, useWindowSize } from 'ink';
import type { Session } from '../app/session.ts';
import type { KeyHandlers } from '../core/keys/bindings.ts';
import { DashboardBody } from './dashboard-body.tsx';
import type { DashboardExtensions } from './extensions.ts';
import { Header } from './header.tsx';
import { HelpBar } from './help-bar.tsx';
import { KeyRegistry, KeyScope } from './keys/key-scope.tsx';
import { computeLayout } from './layout.ts';
import { Overlay } from './overlay.tsx';
import { ReadOnlyHeader, readOnlyHeadline } from './read-only-notice.tsx';
import { SessionProvider, useNow, useSession, useSnapshot } from './session-context.tsx';
import { StatusLine } from './status-line.tsx';
import { useLeftoverPrompt } from './run-dialogs.tsx';
import { closeOverlay, uiReduce, type UiState } from './ui-state.ts';
import { useDashboardKeys } from './use-dashboard-keys.ts';
import { useUiState, type UiStore } from './use-ui-state.ts';

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
}

function HeaderLive({ width }: { width: number }) {
  const { state, postmortemPath } = useSnapshot();
  const reason = useSession().readOnlyReason;
  const notice = reason === null ? null : readOnlyHeadline(reason, state.incidentId, width);
  const header = <Header state={state} now={useNow()} width={width} postmortemPath={postmortemPath} />;
  return notice === null ? header : <ReadOnlyHeader header={header} notice={notice} width={width} />;
}

interface DashboardProps {
  store: UiStore;
  size: { columns: number; rows: number };
  leave: () => void;
  leaveNow: () => void;
  registry: KeyRegistry;
}

function Dashboard({ store, size, leave, leaveNow, registry }: DashboardProps) {
  const { state, message } = useSnapshot();
  const { ui } = store;
  const openOverlay = useCallback((overlay: UiState['overlay']) => store.commit({ ...store.current(), overlay }), [store]);
  useLeftoverPrompt(ui, openOverlay);
  const layout = computeLayout(size.columns, size.rows, ui.pane);
  const { board } = useDashboardKeys(store, size, leave);
  const close = () => store.commit(closeOverlay(store.current()));
  const body = layout.body;
  const idle = state.mode.dryRun ? 'drill: nothing runs and nothing is sent (messages go to outbox.jsonl)' : ' ';
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height} overflow="hidden">
      {layout.header.height > 0 ? <HeaderLive width={layout.width} /> : null}
      <Box height={body.height} width={body.width} overflow="hidden" flexDirection="column">
        {ui.overlay.kind === 'none' ? (
          <DashboardBody ui={ui} layout={layout} />
        ) : (
          <Overlay overlay={ui.overlay} board={board} body={body} close={close} leave={leave} leaveNow={leaveNow} open={openOverlay} current={() => store.current().overlay} />
        )}
      </Box>
      {layout.statusRows > 0 ? <StatusLine message={message} idle={idle} /> : null}
      {layout.helpRows > 0 ? <HelpBar registry={registry} width={layout.width} /> : null}
    </Box>
  );
}

export function App({ session, onExit, people = [], extensions = {}, size }: AppProps) {
  const window = useWindowSize();
  const columns = size?.columns ?? window.columns;
  const rows = size?.rows ?? window.rows;
  const store = useUiState();
  const exited = useRef(false);
  const leaveNow = useCallback(() => {
    if (exited.current) return;
    exited.current = true;
    onExit();
  }, [onExit]);
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
        const result = uiReduce(store.current(), 'interrupt', { stepCount: 0, outputLines: 0, timelineLines: 0 });
        store.commit(result.ui);
        if (result.effect?.kind === 'quit') leave();
        else if (result.effect?.kind === 'notice') session.notify('warn', result.effect.text);
      },
    }),
    [store, leave, session],
  );
  const value = useMemo(() => ({ session, extensions, people }), [session, extensions, people]);
  return (
    <SessionProvider value={value}>
      <KeyScope shared={shared} registry={registry}>
        <Dashboard store={store} size={{ columns, rows }} leave={leave} leaveNow={leaveNow} registry={registry} />
      </KeyScope>
    </SessionProvider>
  );
}
