// Mounts the war room on the terminal for one incident and resolves when the operator leaves.
// Shared by `warroom run`, `warroom resume` and the picker.
import React from 'react';
import { render } from 'ink';
import { writePostmortem } from '../app/postmortem.ts';
import { pendingDeliveries } from '../core/incident/selectors.ts';
import type { IncidentState } from '../core/incident/state.ts';
import { Session, type CommsPort, type JournalPort, type SessionClock } from '../app/session.ts';
import type { IncidentEvent } from '../core/incident/events.ts';
import type { CommandIo } from '../commands/io.ts';
import { WarroomError } from '../errors.ts';
import { App, type DashboardExtensions } from './app.tsx';
import { guardTerminal } from './terminal.ts';
import { ThemeProvider, makeTheme } from './theme.tsx';

export interface DashboardLaunch {
  incidentDir: string;
  journal: JournalPort;
  events: readonly IncidentEvent[];
  /** The operator: the actor of every event appended from a key. */
  actor: string;
  io: CommandIo;
  color: boolean;
  /**
   * Loads and builds the command flow and comms service once the session exists (they append
   * through it) and the dashboard hooks that drive them. Called after the first frame is on
   * screen: loading them (ky, undici, execa) would otherwise delay it by a third.
   */
  loadWire?: () => Promise<(session: Session) => { comms?: CommsPort; commandFlow?: unknown; extensions?: DashboardExtensions }>;
  people?: string[];
  clock?: SessionClock;
  stdin?: NodeJS.ReadStream;
}

export async function runDashboard(launch: DashboardLaunch): Promise<number> {
  const { io } = launch;
  const stdin = launch.stdin ?? process.stdin;
  const session = new Session({
    journal: launch.journal,
    events: launch.events,
    incidentDir: launch.incidentDir,
    actor: launch.actor,
    clock: launch.clock,
    writePostmortem: (events) => writePostmortem(launch.incidentDir, events),
  });
  const guard = guardTerminal({ stdout: io.stdout, stdin, stderr: io.stderr }, () => session.close());
  let instance: ReturnType<typeof render> | null = null;
  const leave = () => instance?.unmount();
  const tree = (extensions: DashboardExtensions) => (
    <ThemeProvider theme={makeTheme(launch.color)}>
      <App session={session} onExit={leave} extensions={extensions} people={launch.people} />
    </ThemeProvider>
  );
  try {
    instance = render(
      tree({}),
      {
        stdout: io.stdout,
        stdin,
        stderr: io.stderr,
        exitOnCtrlC: false,
        // requireTerminal() already checked for a TTY. Ink would otherwise go non-interactive
        // whenever CI is set (is-in-ci), and an engineer debugging from a CI shell or a
        // toolbox container would get a blank screen until exit.
        interactive: true,
        alternateScreen: true,
        incrementalRendering: true,
        // Keys must reach the screen within one frame (16 ms). Ink throttles renders to maxFps;
        // at 120 a key waits at most ~8 ms behind a clock tick or an output update.
        maxFps: 120,
      },
    );
    session.start();
    const exited = instance.waitUntilExit();
    if (launch.loadWire) {
      try {
        const wired = (await launch.loadWire())(session);
        session.attach({ comms: wired.comms, commandFlow: wired.commandFlow });
        instance.rerender(tree(wired.extensions ?? {}));
      } catch (error) {
        // The checklist, notes and clocks still work; say what does not.
        session.notify('error', `commands and Slack unavailable: ${error instanceof Error ? error.message : String(error)}`, 60_000);
      }
    }
    await exited;
  } catch (error) {
    guard.restore();
    throw new WarroomError(`the war room stopped: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  } finally {
    await session.close().catch(() => undefined);
    guard.restore();
    guard.dispose();
  }
  const state = session.state;
  io.stdout.write(
    state.status === 'resolved'
      ? `Incident ${state.incidentId} is resolved. Post-mortem draft: ${session.getSnapshot().postmortemPath ?? `warroom postmortem ${state.incidentId}`}\n`
      : `Left the war room; incident ${state.incidentId} is still open (${state.status}). Reopen it: warroom resume ${state.incidentId}\n`,
  );
  const queued = pendingDeliveries(state).length;
  if (queued > 0) {
    // Nothing is lost, but the operator must know the stakeholders have not heard yet.
    io.stdout.write(
      `${queued} message${queued === 1 ? '' : 's'} not delivered yet (${queuedReason(state)}); they go out when you run: warroom resume ${state.incidentId}\n`,
    );
  }
  return 0;
}

/** The last error the outbox saw for a queued message, e.g. `ECONNREFUSED`, or why it waits. */
function queuedReason(state: IncidentState): string {
  return pendingDeliveries(state).find((d) => d.lastError)?.lastError ?? 'waiting to be sent';
}
