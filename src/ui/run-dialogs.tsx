// Two questions about a command that is running when the operator would rather not wait:
// leaving (q, Ctrl-C) with a command of this warroom running asks whether to stop it (and record
// that) or wait for it, with its elapsed time, so the war room never half-exits with a process
// holding the terminal; and a run a dead warroom left that still lives here asks whether to stop
// it or keep watching it. Both are SelectDialogs: ↑/↓, enter, esc.
import React, { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Box, Text } from 'ink';
import { formatDuration } from '../core/time.ts';
import { requestOf } from '../core/incident/run-selectors.ts';
import type { LiveLeftover } from '../app/leftover-watch.ts';
import { errorMessage } from '../errors.ts';
import { SelectDialog } from './select-dialog.tsx';
import { wrapRows } from './wrap.ts';
import { useNow, useSessionContext, useSnapshot } from './session-context.tsx';
import type { Rect } from './layout.ts';
import type { UiState } from './ui-state.ts';

export const STOPPED_TO_LEAVE = 'stopped to leave the war room';
const NO_LEFTOVERS: readonly LiveLeftover[] = [];

function elapsed(startedAt: string | null, now: number): string {
  return startedAt === null ? 'not started yet' : `running for ${formatDuration(Math.max(0, now - Date.parse(startedAt)))}`;
}

type LeaveChoice = 'stop' | 'wait' | 'detach' | 'stay';

/** q with a command of this warroom running: stop it and leave, wait for it, or stay. */
export function LeaveRunningDialog({ body, close, leaveNow }: { body: Rect; close: () => void; leaveNow: () => void }) {
  const { session, extensions } = useSessionContext();
  const { state } = useSnapshot();
  const now = useNow();
  const [waiting, setWaiting] = useState(false);
  const running = extensions.runningHere?.() ?? [];
  const first = running[0];
  const found = first ? requestOf(state, first.requestSeq) : null;
  const run = found === null ? undefined : { script: found.run.script, startedAt: found.kind === 'command' ? found.run.startedAt : (found.run.startedAt ?? found.run.confirmedAt) };
  const noun = found?.kind === 'flag' ? 'flag change' : 'command';
  const nothingLeft = running.length === 0;
  // It ended (by itself, or stopped and recorded): nothing holds the terminal any more.
  useEffect(() => {
    if (nothingLeft) leaveNow();
  }, [nothingLeft, leaveNow]);
  if (!first) return null;
  const what = run?.script ?? '?';
  const items: { label: string; value: LeaveChoice }[] = [
    { label: 'Stop it (SIGTERM, then SIGKILL), record it, and leave', value: 'stop' },
    ...(waiting ? [] : [{ label: 'Wait for it to finish, then leave', value: 'wait' as const }]),
    ...(first.detach ? [{ label: 'Leave it running (detach=true) and leave now', value: 'detach' as const }] : []),
    { label: 'Stay in the war room', value: 'stay' },
  ];
  const choose = (choice: LeaveChoice) => {
    if (choice === 'stay') return close();
    if (choice === 'detach') return leaveNow();
    if (choice === 'wait') return setWaiting(true);
    session.notify('info', `stopping ${what}…`, 10_000);
    Promise.resolve()
      .then(() => extensions.cancelCommand?.(STOPPED_TO_LEAVE))
      .catch((error: unknown) => session.notify('error', errorMessage(error)));
  };
  return (
    <Box flexDirection="column" height={body.height} width={body.width}>
      {/* Whole: whether to stop it depends on what it is. */}
      <Text wrap="wrap">$ {what}</Text>
      <SelectDialog
        key={waiting ? 'waiting' : 'asking'}
        title={waiting ? `Waiting for the ${noun} to finish (${elapsed(run?.startedAt ?? null, now)}), then leaving` : `A ${noun} is running (${elapsed(run?.startedAt ?? null, now)}). Leave?`}
        hint="enter chooses · esc stays"
        items={items}
        width={body.width}
        height={Math.max(4, body.height - wrapRows(`$ ${what}`, body.width).length)}
        onSelect={choose}
        onCancel={close}
      />
    </Box>
  );
}

/** Leftover runs of a dead warroom that still live here (the services' LeftoverWatch). */
export function useLiveLeftovers(): readonly LiveLeftover[] {
  const { extensions } = useSessionContext();
  const watch = extensions.leftovers;
  return useSyncExternalStore(watch?.subscribe ?? noSubscribe, () => watch?.snapshot() ?? NO_LEFTOVERS);
}

const noSubscribe = () => () => undefined;

/** Opens the leftover question once per run, as soon as the services report one. */
export function useLeftoverPrompt(ui: UiState, open: (overlay: UiState['overlay']) => void): void {
  const live = useLiveLeftovers();
  const asked = useRef(new Set<number>());
  const next = live.find((run) => run.decision === 'undecided' && !asked.current.has(run.requestSeq));
  useEffect(() => {
    if (next && ui.overlay.kind === 'none') {
      asked.current.add(next.requestSeq);
      open({ kind: 'leftover', requestSeq: next.requestSeq });
    }
  }, [next, ui.overlay.kind, open]);
}

/** A run a dead warroom left that still runs here: stop it, or keep watching it. */
export function LeftoverDialog({ requestSeq, body, close }: { requestSeq: number; body: Rect; close: () => void }) {
  const { session, extensions } = useSessionContext();
  const now = useNow();
  const run = useLiveLeftovers().find((r) => r.requestSeq === requestSeq);
  const gone = run === undefined;
  useEffect(() => {
    if (gone) close();
  }, [gone, close]);
  if (!run) return null;
  const pids = run.pids.length > 0 ? ` (pid ${run.pids.join(', ')})` : '';
  const what = run.kind === 'flag' ? ', a feature flag change,' : '';
  const headline = `Request #${run.requestSeq}${what} is still running${pids}, ${elapsed(run.startedAt, now)}, from a warroom that exited${run.detach ? ' (detach=true: it was meant to outlive it)' : ''}:`;
  // Whole: whether to stop it depends on what it is; the choices get the rows left.
  const script = wrapRows(`$ ${run.script}`, body.width);
  const used = wrapRows(headline, body.width).length + script.length;
  return (
    <Box flexDirection="column" height={body.height} width={body.width}>
      <Text>{wrapRows(headline, body.width).join('\n')}</Text>
      <Text>{script.join('\n')}</Text>
      <SelectDialog
        title="What should happen to it?"
        hint="enter chooses · esc keeps watching · either way its end is recorded"
        items={[
          { label: 'Keep watching it: its end is recorded when it exits', value: 'watch' as const },
          { label: 'Stop it (SIGTERM, then SIGKILL) and record that', value: 'stop' as const },
        ]}
        width={body.width}
        height={Math.max(4, body.height - used)}
        onSelect={(choice) => {
          close();
          if (choice === 'watch') return extensions.leftovers?.watch(requestSeq);
          session.notify('info', `stopping request #${requestSeq}…`, 10_000);
          extensions.leftovers
            ?.stop(requestSeq)
            .then(() => session.notify('info', `request #${requestSeq} stopped; its end is recorded as unknown (see the timeline)`, 15_000))
            .catch((error: unknown) => session.notify('error', errorMessage(error)));
        }}
        onCancel={() => {
          close();
          extensions.leftovers?.watch(requestSeq);
        }}
      />
    </Box>
  );
}
