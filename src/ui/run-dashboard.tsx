// Mounts the war room on the terminal for one incident and resolves when the operator leaves.
// Shared by `warroom run`, `warroom resume` and the picker. The first complete frame, keys bound
// and help bar drawn, comes before the services load (execa, ky, the outbox: a block of module
// initialisation); a key pressed meanwhile waits at the key gate and is handled once they are
// attached.
import React from 'react';
import { render } from 'ink';
import type { WarRoom } from '../app/war-room.ts';
import { shutDownRoom } from '../app/hang-up.ts';
import type { WarRoomServices } from '../app/war-room-services.ts';
import { pendingDeliveries } from '../core/incident/selectors.ts';
import type { IncidentState } from '../core/incident/state.ts';
import { errorMessage, WarroomError } from '../errors.ts';
import { App } from './app.tsx';
import type { DashboardExtensions } from './extensions.ts';
import { serviceExtensions } from './service-extensions.tsx';
import { KeyGate } from './keys/key-gate.ts';
import { guardTerminal, takeTerminal } from './terminal.ts';
import { ThemeProvider, makeTheme } from './theme.tsx';
import { ShareContext } from './share-badge.tsx';
import { recordReturn, type PlacePort } from '../app/operator-place.ts';

export interface DashboardLaunch {
  room: WarRoom;
  stdout: NodeJS.WriteStream | NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin?: NodeJS.ReadStream;
  color: boolean;
  /** Builds the services around the room; called after the first frame is on screen. */
  loadServices?: () => Promise<WarRoomServices>;
  people?: string[];
  /** Where this operator was when they last left (restored on open, saved on leaving). */
  place?: PlacePort;
  /** Told when start-up passes a phase (the start-up trace: WARROOM_TRACE_STARTUP). */
  onPhase?: (phase: 'render-start' | 'first-frame' | 'keys-ready' | 'services-loaded') => void;
  /**
   * Hang-up and termination (src/adapters/shutdown.ts, installed by the command): SIGHUP,
   * SIGTERM, SIGINT twice and stdin closing each call `onShutdown` once, then the process exits.
   */
  installShutdown?: (handlers: ShutdownHandlers) => { dispose(): void };
  /** Ends the process (after leaving with a detach=true command still running). */
  exit?: (code: number) => void;
}

export interface ShutdownHandlers {
  stdin: NodeJS.ReadableStream;
  onShutdown(reason: string): Promise<void>;
  onInterrupt(): void;
}

export async function runDashboard(launch: DashboardLaunch): Promise<number> {
  const { room, stdout, stderr } = launch;
  const { session } = room;
  const stdin = launch.stdin ?? process.stdin;
  const guard = guardTerminal({ stdout, stdin, stderr }, () => session.close(), 2000, launch.installShutdown === undefined);
  let instance: ReturnType<typeof render> | null = null;
  let services: WarRoomServices | null = null;
  const shutdown = launch.installShutdown?.({
    stdin,
    // The running command is stopped and recorded, the journal flushed; then the terminal is
    // put back (if it is still there) and the process exits.
    onShutdown: async (reason) => {
      try {
        await shutDownRoom(session, services?.commands ?? null, reason, services?.leftovers, services?.flags);
      } finally {
        guard.restore();
      }
    },
    onInterrupt: () => session.notify('warn', 'interrupted: once more leaves (a running command is stopped and recorded)'),
  });
  const leave = () => instance?.unmount();
  const gate = new KeyGate(launch.loadServices !== undefined);
  let frames = 0;
  const tree = (extensions: DashboardExtensions) => (
    <ThemeProvider theme={makeTheme(launch.color)}>
      <ShareContext.Provider value={room.share?.view ?? null}>
        <App session={session} onExit={leave} extensions={extensions} people={launch.people} keyGate={gate} {...(launch.place ? { place: launch.place } : {})} />
      </ShareContext.Provider>
    </ThemeProvider>
  );
  const onPhase = launch.onPhase;
  try {
    takeTerminal(stdin, stdout);
    onPhase?.('render-start');
    instance = render(tree(launch.loadServices ? SERVICES_LOADING : {}), {
      stdout: stdout as NodeJS.WriteStream,
      stdin,
      stderr: stderr as NodeJS.WriteStream,
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
      // Ink calls this once a frame is written. The first is complete, help bar included (the
      // board publishes its keys while it first renders); Ink binds the key listener just after.
      onRender: () => {
        frames += 1;
        if (frames === 1) onPhase?.('first-frame');
      },
    });
    gate.onceBound(() => onPhase?.('keys-ready'));
    session.start();
    void recordReturn(session);
    const exited = instance.waitUntilExit();
    if (launch.loadServices) {
      // The services' module initialisation blocks this thread for a while: it starts only once
      // the keys are bound under the first frame, never in front of them.
      await gate.whenBound();
      // Let Ink write what binding the keys changed before the thread is busy.
      await new Promise((resolve) => setImmediate(resolve));
      // The first Intl.Segmenter loads ICU's break data (~8 ms). The first frame needs none (the
      // bundle's segmenter patches), the text of a later one may: load it here, with the services,
      // rather than in the frame of a key.
      new Intl.Segmenter();
      try {
        services = await launch.loadServices();
        onPhase?.('services-loaded');
        instance.rerender(tree(serviceExtensions(session, services)));
      } catch (error) {
        // The checklist, notes and clocks still work; say what does not.
        instance.rerender(tree({}));
        session.notify('error', `commands and Slack unavailable: ${errorMessage(error)}`, 60_000);
      } finally {
        // After the render above: the presses that waited meet the board with its services.
        gate.release();
      }
    }
    await exited;
  } catch (error) {
    guard.restore();
    throw new WarroomError(`the war room stopped: ${errorMessage(error)}`, { cause: error });
  } finally {
    services?.leftovers.close();
    // A flag change still in flight is stopped and recorded, never left to finish unrecorded.
    await services?.flags.stop('left the war room').catch(() => undefined);
    // The alert watch appends through the session: stopped before the journal closes.
    await services?.alerts?.stop().catch(() => undefined);
    await session.close().catch(() => undefined);
    shutdown?.dispose();
    guard.restore();
    guard.dispose();
  }
  stdout.write(farewell(session.state, session.getSnapshot().postmortemPath));
  const detached = services?.commands.runningHere().filter((run) => run.detach) ?? [];
  if (detached.length > 0) {
    // Left running on purpose: the next resume finds it. This process must not stay behind
    // holding the terminal until it ends, so it lets go of it and exits now.
    const which = detached.map((run) => `#${run.requestSeq}`).join(', ');
    stdout.write(`Left running on purpose (detach=true): request ${which}; \`warroom resume ${session.state.incidentId}\` shows it and records its end.\n`);
    launch.exit?.(0);
  }
  return 0;
}

const SERVICES_LOADING: DashboardExtensions = { servicesLoading: true };

/** What the main screen says after the war room closes: where things stand and how to go on. */
function farewell(state: IncidentState, postmortemPath: string | null): string {
  const lines = [
    state.status === 'resolved'
      ? `Incident ${state.incidentId} is resolved. Post-mortem draft: ${postmortemPath ?? `warroom postmortem ${state.incidentId}`}`
      : `Left the war room; incident ${state.incidentId} is still open (${state.status}). Reopen it: warroom resume ${state.incidentId}`,
  ];
  const queued = pendingDeliveries(state);
  if (queued.length > 0) {
    // Nothing is lost, but the operator must know the stakeholders have not heard yet.
    const reason = queued.find((d) => d.lastError)?.lastError ?? 'waiting to be sent';
    lines.push(`${queued.length} message${queued.length === 1 ? '' : 's'} not delivered yet (${reason}); they go out when you run: warroom resume ${state.incidentId}`);
  }
  return `${lines.join('\n')}\n`;
}
