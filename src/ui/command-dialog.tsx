// Plugs the command flow into the dashboard (DashboardExtensions in app.tsx): `enter` on a step
// opens a request, the dialog shows it live from the session state (parameter values arrive
// through the journal), `c` cancels the running command, and the output pane follows its tail.
// The flows do the work and the recording; this file only connects keys to them.
import React, { useMemo, useState, useSyncExternalStore } from 'react';
import type { CommandFlow } from '../app/command-flow.ts';
import type { FlagFlow } from '../app/flag-flow.ts';
import type { IncidentState } from '../core/incident/state.ts';
import { findStep } from '../core/incident/selectors.ts';
import type { DashboardExtensions } from './app.tsx';
import { ConfirmDialog, type PreviewView } from './confirm-dialog.tsx';

export interface CommandExtensionDeps {
  flow: CommandFlow;
  flags?: FlagFlow;
  /** The session store: re-render when the journal moves (parameters, phases). */
  subscribe: (listener: () => void) => () => void;
  getState: () => IncidentState;
  /** Status-line message (session.notify). */
  notify: (level: 'info' | 'warn' | 'error', text: string) => void;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface ViewProps {
  deps: CommandExtensionDeps;
  requestSeq: number;
  width: number;
  height: number;
  onClose: () => void;
}

function CommandDialogView({ deps, requestSeq, width, height, onClose }: ViewProps) {
  const state = useSyncExternalStore(deps.subscribe, deps.getState);
  // `state` is a dependency on purpose: dialog() reads the parameters from the session state.
  const dialog = useMemo(() => deps.flow.dialog(requestSeq), [deps.flow, requestSeq, state]);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<PreviewView | null>(null);
  if (!dialog) return null;
  const title = findStep(state, dialog.stepId)?.step.label ?? dialog.commandId;
  return (
    <ConfirmDialog
      title={title}
      script={dialog.script}
      risk={dialog.risk}
      riskReason={dialog.riskReason}
      cwd={dialog.cwd}
      kube={dialog.kube}
      parameters={dialog.parameters}
      missing={dialog.missing}
      confirmation={dialog.confirmation}
      dryRun={dialog.dryRun}
      previewAvailable={dialog.previewAvailable && !preview?.running}
      preview={preview}
      error={error}
      width={width}
      height={height}
      onParameter={(name, value) => void deps.flow.setParameter(name, value).catch((e: unknown) => setError(message(e)))}
      onCancel={() => {
        onClose();
        void deps.flow.cancelBeforeRun(requestSeq).catch((e: unknown) => deps.notify('error', message(e)));
      }}
      onConfirm={(typed) => {
        deps.flow
          .confirm(requestSeq, typed)
          .then(({ finished }) => {
            onClose();
            return finished;
          })
          .then((event) => deps.notify(event.exitCode === 0 || event.dryRun ? 'info' : 'warn', `command #${requestSeq} finished`))
          .catch((e: unknown) => setError(message(e)));
      }}
      onPreview={() => {
        setPreview({ running: true, lines: [], exitCode: null, error: null });
        deps.flow
          .preview(requestSeq)
          .then((result) => setPreview({ running: false, lines: result.lines, exitCode: result.exitCode, error: result.error }))
          .catch((e: unknown) => setPreview({ running: false, lines: [], exitCode: null, error: message(e) }));
      }}
    />
  );
}

function FlagDialogView({ deps, requestSeq, width, height, onClose }: ViewProps) {
  const [error, setError] = useState<string | null>(null);
  const dialog = deps.flags?.dialog(requestSeq) ?? null;
  if (!dialog || !deps.flags) return null;
  const flags = deps.flags;
  return (
    <ConfirmDialog
      title={`feature flag ${dialog.flag} → ${dialog.value} (${dialog.via === 'manual' ? 'by hand: y when done' : `via ${dialog.via}`})`}
      script={dialog.script}
      risk="change"
      cwd={deps.flow.mode.dryRun ? 'dry run' : '-'}
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
      onCancel={() => {
        flags.cancel(requestSeq);
        onClose();
      }}
      onConfirm={() => {
        flags
          .confirm(requestSeq)
          .then((event) => {
            onClose();
            deps.notify(event.ok ? 'info' : 'warn', `flag ${event.flag}: ${event.detail ?? (event.ok ? 'done' : 'failed')}`);
          })
          .catch((e: unknown) => setError(message(e)));
      }}
    />
  );
}

export function commandExtensions(deps: CommandExtensionDeps): DashboardExtensions {
  return {
    async runStep(stepId) {
      const step = findStep(deps.getState(), stepId)?.step;
      if (step?.action?.kind === 'flag' && deps.flags) return { requestSeq: deps.flags.request(stepId).id };
      return { requestSeq: (await deps.flow.request(stepId)).requestSeq };
    },
    commandDialog: ({ requestSeq, width, height, onClose }) =>
      requestSeq < 0 ? (
        <FlagDialogView deps={deps} requestSeq={requestSeq} width={width} height={height} onClose={onClose} />
      ) : (
        <CommandDialogView deps={deps} requestSeq={requestSeq} width={width} height={height} onClose={onClose} />
      ),
    cancelCommand: async () => {
      const finished = await deps.flow.cancelRunning();
      if (!finished) deps.notify('warn', 'no command is running');
    },
    output: deps.flow.output,
  };
}
