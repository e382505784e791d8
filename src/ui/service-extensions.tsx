// What a war room's services give the dashboard: the hooks its keys call (enter, c, s, p) and
// the dialogs it mounts. The services append through the war room's store, so the screen follows
// the journal; these views only show and listen. Which dialog a request gets is the journal's
// answer: a command request or a flag request, both keyed by the seq of their request event.
import { CommandRefusedError } from '../errors.ts';
import React, { useEffect, useState } from 'react';
import type { Session } from '../app/session.ts';
import type { WarRoomServices } from '../app/war-room-services.ts';
import type { CommandDialog, PreviewResult } from '../app/command-flow.ts';
import type { FlagDialog } from '../app/flag-flow.ts';
import { usesKubectl } from '../core/command/kubectl.ts';
import { requestOf } from '../core/incident/run-selectors.ts';
import { findStep } from '../core/incident/selectors.ts';
import { errorMessage } from '../errors.ts';
import { alertParameterNotices } from '../core/alerts/alert-notices.ts';
import { ConfirmDialog, type PreviewView } from './confirm-dialog.tsx';
import { Composer, composerSetup } from './composer.tsx';
import { useDraftKeeper } from './draft-context.tsx';
import type { UpdateKind } from '../core/incident/events.ts';
import { resendSetup, withStatusPage } from './public-composer.ts';
import { openPageIntent } from '../core/statuspage/requests.ts';
import { useHandOver } from './hand-over.ts';
import { ExpireSilenceDialog, SilenceDialog } from './alert-dialogs.tsx';
import type { DashboardExtensions, DialogSlotProps } from './extensions.ts';

type HostProps = DialogSlotProps & { session: Session; services: WarRoomServices; requestSeq: number; onDone?: (ok: boolean) => void };

/** A request whose dialog is gone (answered elsewhere, or never open) closes its overlay. */
function useCloseWhenGone(open: boolean, onClose: () => void): void {
  useEffect(() => {
    if (!open) onClose();
  }, [open, onClose]);
}

function previewView(result: PreviewResult): PreviewView {
  return { running: false, lines: result.lines, exitCode: result.exitCode, error: result.error };
}

const DETACH_NOTICE = { text: 'detach=true: it keeps running after warroom exits (closing the terminal or leaving does not stop it)', tone: 'warn' } as const;

/** The confirmation dialog for one command request: parameters, preview, confirm or cancel. */
function CommandDialogHost({ session, services, requestSeq, width, height, onClose, onDone }: HostProps) {
  const flow = services.commands;
  const handOver = useHandOver();
  const [dialog, setDialog] = useState<CommandDialog | null>(() => flow.dialog(requestSeq));
  const [preview, setPreview] = useState<PreviewView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useCloseWhenGone(dialog !== null, onClose);
  if (!dialog) return null;
  const refused = (e: unknown) => setError(errorMessage(e));
  return (
    <ConfirmDialog
      {...dialog}
      title={findStep(session.state, dialog.stepId)?.step.text ?? dialog.stepId}
      notices={[...dialog.notices, ...(dialog.roomNotices ?? []), ...alertParameterNotices(session.state, dialog.parameters), ...(dialog.detach ? [DETACH_NOTICE] : [])]}
      preview={preview}
      error={error}
      width={width}
      height={height}
      onParameter={(name, value) => {
        flow
          .setParameter(name, value)
          .then(() => setDialog(flow.dialog(requestSeq)))
          .catch(refused);
      }}
      onPreview={() => {
        setPreview({ running: true, lines: [], exitCode: null, error: null });
        flow
          .preview(requestSeq)
          .then((result) => setPreview(previewView(result)))
          .catch((e: unknown) => setPreview({ running: false, lines: [], exitCode: null, error: errorMessage(e) }));
      }}
      onConfirm={(typed) => {
        flow
          .confirm(requestSeq, typed, handOver)
          .then(({ finished }) => {
            onClose();
            // Said once the journal holds how it ended: never before.
            finished
              .then(() => {
                const run = session.state.commands.find((r) => r.requestSeq === requestSeq);
                if (!run) return;
                const ok = run.exitCode === 0 || run.dryRun;
                const outcome = run.dryRun ? 'drill: would have run, nothing ran' : run.cancelled ? 'cancelled' : run.timedOut ? 'timed out' : `exit ${run.exitCode ?? run.signal ?? run.error}`;
                session.notify(ok ? 'info' : 'warn', `${dialog.template.split('\n')[0]}: ${outcome}`);
                onDone?.(ok);
              })
              .catch((e: unknown) => session.notify('error', errorMessage(e)));
          })
          .catch(refused);
      }}
      onCancel={() => {
        onClose();
        flow.cancelBeforeRun(requestSeq).catch((e: unknown) => session.notify('error', errorMessage(e)));
      }}
    />
  );
}

/** `Feature flag x: now false → true (http)`; a manual one asks whether it was done by hand. */
export function flagDialogTitle(dialog: Pick<FlagDialog, 'flag' | 'value' | 'via' | 'current' | 'dryRun'>): string {
  const now = dialog.current ? `now ${dialog.current} → ` : dialog.dryRun ? '(not read: drill) → ' : '(current value unknown) → ';
  // The question itself ("Did you set X to Y?") is the dialog's script.
  if (dialog.via === 'manual') return `Feature flag ${dialog.flag}: ${now}${dialog.value}, by hand`;
  return `Feature flag ${dialog.flag}: ${now}${dialog.value} (${dialog.via})`;
}

function FlagDialogHost({ session, services, requestSeq, width, height, onClose }: HostProps) {
  const flags = services.flags;
  const [dialog] = useState<FlagDialog | null>(() => flags.dialog(requestSeq));
  const [error, setError] = useState<string | null>(null);
  useCloseWhenGone(dialog !== null, onClose);
  if (!dialog) return null;
  return (
    <ConfirmDialog
      title={flagDialogTitle(dialog)}
      script={dialog.script}
      risk="change"
      riskReason="feature flag"
      cwd={services.cwd}
      kube={null}
      parameters={[]}
      missing={[]}
      confirmation={dialog.confirmation}
      dryRun={dialog.dryRun}
      previewAvailable={false}
      error={error}
      width={width}
      height={height}
      onParameter={() => undefined}
      onConfirm={() => {
        let confirmed = false;
        flags
          .confirm(requestSeq, {
            onConfirmed: () => {
              confirmed = true;
              onClose();
              if (dialog.via !== 'manual') session.notify('info', `changing flag ${dialog.flag} → ${dialog.value}…`, 60_000);
            },
          })
          .then((finished) => {
            session.notify(finished.ok ? 'info' : 'warn', `flag ${dialog.flag} → ${dialog.value}: ${finished.detail ?? (finished.ok ? 'done' : 'failed')}`);
          })
          .catch((e: unknown) => (confirmed ? session.notify('error', errorMessage(e)) : setError(errorMessage(e))));
      }}
      onCancel={() => {
        onClose();
        flags.cancel(requestSeq).catch((e: unknown) => session.notify('error', errorMessage(e)));
      }}
    />
  );
}

/** The composer, starting from the operator's unsent draft of this kind when there is one. */
function ComposerHost({ kind, session, services, width, height, onClose }: { kind: UpdateKind; session: Session; services: WarRoomServices } & DialogSlotProps) {
  const keeper = useDraftKeeper();
  const [setup] = useState(() => {
    const base = withStatusPage(composerSetup(services.comms, kind, session.state), session, services);
    const draft = keeper?.draft?.kind === kind ? keeper.draft : null;
    return draft ? { ...base, initial: { ...base.initial, ...draft.values } } : base;
  });
  const restored = keeper?.draft?.kind === kind;
  useEffect(() => {
    if (restored) session.notify('info', 'your unsent draft is back (it was never sent)');
  }, []);
  return (
    <Composer
      {...setup}
      width={width}
      height={height}
      onDraft={(values) => keeper?.set(kind, values)}
      onCancel={() => {
        keeper?.clear();
        onClose();
      }}
      onSend={(values) => {
        keeper?.clear();
        onClose();
        services.comms.postComposed(kind, values).catch((e: unknown) => session.notify('error', `update not sent: ${errorMessage(e)}`));
      }}
    />
  );
}

export function serviceExtensions(session: Session, services: WarRoomServices): DashboardExtensions {
  const { alerts } = services;
  return {
    refusedStatusUpdate: () => services.statusPage.refused(session.state)?.deliveryId ?? null,
    resendDialog: ({ width, height, onClose }) => {
      const setup = resendSetup(session, services);
      if (!setup) return null;
      return (
        <Composer
          key="resend"
          {...setup}
          width={width}
          height={height}
          onCancel={onClose}
          onSend={(values) => {
            onClose();
            services.comms.resendStatusPage(values).catch((e: unknown) => session.notify('error', `not resent: ${errorMessage(e)}`));
          }}
        />
      );
    },
    statusPageOpen: () => services.statusPage.configured && openPageIntent(session.state.deliveries) !== null,
    ...(alerts
      ? {
          silenceUnavailable: () => alerts.silenceUnavailable(),
          activeSilence: () => alerts.activeSilence,
          alertDialog: ({ purpose, ...slot }) =>
            purpose === 'silence' ? <SilenceDialog session={session} alerts={alerts} {...slot} /> : <ExpireSilenceDialog session={session} alerts={alerts} {...slot} />,
        }
      : {}),
    async runStep(stepId, commandId) {
      const step = findStep(session.state, stepId)?.step;
      if (step?.action?.kind === 'flag') return { requestSeq: (await services.flags.request(stepId)).requestSeq };
      // Asking kubectl which cluster a command will hit can take a moment: say so at once.
      if (step?.commands.some((c) => usesKubectl(c.script))) session.notify('info', 'checking the kube context…', 1500);
      return { requestSeq: (await services.commands.request(stepId, commandId)).requestSeq };
    },
    commandDialog: ({ requestSeq, ...slot }) => {
      const Host = requestOf(session.state, requestSeq)?.kind === 'flag' ? FlagDialogHost : CommandDialogHost;
      return <Host key={requestSeq} session={session} services={services} requestSeq={requestSeq} {...slot} />;
    },
    cancelCommand: (reason) => {
      // A flag change of this warroom: its toggle command is stopped and recorded as such.
      if (services.flags.runningHere().length > 0 && services.commands.runningHere().length === 0) return services.flags.stop(reason ?? 'cancelled with c');
      // A run a dead warroom left (still alive here) is stopped through the leftover watch.
      const held = services.leftovers.live()[0];
      if (held && services.commands.runningHere().length === 0) return services.leftovers.stop(held.requestSeq);
      // Another responder's run, in their terminal: say whose and where, not just "not here".
      const other = services.commands.runningHere().length === 0 ? services.orphans?.elsewhere() : null;
      if (other) return Promise.reject(new CommandRefusedError(`request #${other.requestSeq} runs in ${other.requestedBy}'s terminal (${other.terminal}): only there can it be stopped`));
      return services.commands.cancelRunning(reason);
    },
    runningHere: () => [...services.commands.runningHere(), ...services.flags.runningHere()],
    ...(services.orphans
      ? { orphanedRun: () => services.orphans?.current() ?? null, closeOrphanedRun: (seq: number) => services.orphans?.close(seq) ?? Promise.resolve() }
      : {}),
    leftovers: {
      subscribe: (listener) => services.leftovers.subscribe(listener),
      snapshot: () => services.leftovers.snapshot(),
      watch: (requestSeq) => services.leftovers.watch(requestSeq),
      stop: (requestSeq) => services.leftovers.stop(requestSeq),
    },
    async shellOut(stepId, handOver) {
      const step = findStep(session.state, stepId)?.step;
      if (!step) return null;
      const last = [...session.state.commands].reverse().find((r) => r.stepId === stepId && r.phase === 'finished' && r.outputFile !== null);
      if (last) {
        await services.commands.viewLog(last.requestSeq, handOver);
        return null;
      }
      const interactive = step.commands.find((c) => c.interactive);
      if (interactive) return { requestSeq: (await services.commands.request(stepId, interactive.id)).requestSeq };
      session.notify('warn', 'v: no command of this step has finished yet (v opens its log), and none needs the terminal');
      return null;
    },
    output: services.commands.output,
    composer: ({ kind, width, height, onClose }) => <ComposerHost key={kind} kind={kind} session={session} services={services} width={width} height={height} onClose={onClose} />,
  };
}
