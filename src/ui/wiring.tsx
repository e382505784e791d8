// Plugs the command flow (issue 5) and the comms service (issue 6) into a dashboard session.
// They append through the session (journal first, then the screen), and the dashboard gets
// the hooks its keys call (enter, c, s, p) and the dialogs it mounts.
import React, { useState } from 'react';
import type { Session, CommsPort } from '../app/session.ts';
import type { WarroomConfig } from '../adapters/config.ts';
import type { IncidentEvent, NewEvent } from '../core/incident/events.ts';
import { findStep } from '../core/incident/selectors.ts';
import { usesKubectl } from '../core/command/kubectl.ts';
import { CommandFlow, type CommandDialog } from '../app/command-flow.ts';
import { FlagFlow } from '../app/flag-flow.ts';
import { createComms } from '../app/comms.ts';
import { createCommandRunner } from '../adapters/runner.ts';
import { kubeContext } from '../adapters/kube-context.ts';
import { ConfirmDialog, type PreviewView } from './confirm-dialog.tsx';
import { Composer, composerSetup } from './composer.tsx';
import type { DashboardExtensions } from './app.tsx';

export interface WireOptions {
  incidentDir: string;
  config: WarroomConfig;
  env: NodeJS.ProcessEnv;
  cwd: string;
  mode: { dryRun: boolean; readonly: boolean };
}

export type Wire = (session: Session) => { comms?: CommsPort; commandFlow?: unknown; extensions?: DashboardExtensions };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/** The services append through the session so the screen follows the journal. */
function appendVia(session: Session) {
  return async (event: NewEvent): Promise<IncidentEvent> => {
    const stored = await session.dispatch(event);
    if (stored === null) throw new Error('event was not recorded');
    return stored;
  };
}

interface CommandDialogHostProps {
  session: Session;
  flow: CommandFlow;
  requestSeq: number;
  width: number;
  height: number;
  onClose: () => void;
}

/** The confirmation dialog for one command request: parameters, preview, confirm or cancel. */
function CommandDialogHost({ session, flow, requestSeq, width, height, onClose }: CommandDialogHostProps) {
  const [dialog, setDialog] = useState<CommandDialog | null>(() => flow.dialog(requestSeq));
  const [preview, setPreview] = useState<PreviewView | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!dialog) return null;
  const title = findStep(session.state, dialog.stepId)?.step.text ?? dialog.stepId;
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
      fromEnvironment={dialog.fromEnvironment}
      confirmation={dialog.confirmation}
      dryRun={dialog.dryRun}
      previewAvailable={dialog.previewAvailable}
      preview={preview}
      error={error}
      width={width}
      height={height}
      onParameter={(name, value) => {
        flow
          .setParameter(name, value)
          .then(() => setDialog(flow.dialog(requestSeq)))
          .catch((e: unknown) => setError(message(e)));
      }}
      onPreview={() => {
        setPreview({ running: true, lines: [], exitCode: null, error: null });
        flow
          .preview(requestSeq)
          .then((r) => setPreview({ running: false, lines: r.lines, exitCode: r.exitCode, error: r.error }))
          .catch((e: unknown) => setPreview({ running: false, lines: [], exitCode: null, error: message(e) }));
      }}
      onConfirm={(typed) => {
        flow
          .confirm(requestSeq, typed)
          .then(({ finished }) => {
            onClose();
            finished
              .then((f) => session.notify(f.exitCode === 0 || f.dryRun ? 'info' : 'warn', `${dialog.template.split('\n')[0]}: ${f.dryRun ? 'dry run, recorded' : f.cancelled ? 'cancelled' : f.timedOut ? 'timed out' : `exit ${f.exitCode ?? f.signal ?? f.error}`}`))
              .catch((e: unknown) => session.notify('error', message(e)));
          })
          .catch((e: unknown) => setError(message(e)));
      }}
      onCancel={() => {
        onClose();
        flow.cancelBeforeRun(requestSeq).catch((e: unknown) => session.notify('error', message(e)));
      }}
    />
  );
}

function FlagDialogHost(props: { session: Session; flags: FlagFlow; id: number; cwd: string; width: number; height: number; onClose: () => void }) {
  const { session, flags, id, cwd, width, height, onClose } = props;
  const [dialog] = useState(() => flags.dialog(id));
  const [error, setError] = useState<string | null>(null);
  if (!dialog) return null;
  return (
    <ConfirmDialog
      title={`Feature flag ${dialog.flag} → ${dialog.value} (${dialog.via})`}
      script={dialog.script}
      risk="change"
      riskReason="feature flag"
      cwd={cwd}
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
        flags
          .confirm(id)
          .then((e) => {
            onClose();
            session.notify(e.ok ? 'info' : 'warn', `flag ${e.flag} → ${e.value}: ${e.detail ?? (e.ok ? 'done' : 'failed')}`);
          })
          .catch((e: unknown) => setError(message(e)));
      }}
      onCancel={() => {
        flags.cancel(id);
        onClose();
      }}
    />
  );
}

export async function wireServices(options: WireOptions): Promise<Wire> {
  const { config, mode } = options;
  return (session) => {
    const append = appendVia(session);
    const getState = () => session.state;
    const runner = createCommandRunner();
    const timeoutMs = config.commands.timeoutSeconds ? config.commands.timeoutSeconds * 1000 : undefined;
    const flow = new CommandFlow({
      append,
      getState,
      runner,
      kube: () => kubeContext(options.env),
      incidentDir: options.incidentDir,
      cwd: options.cwd,
      mode,
      actor: session.actor,
      ...(timeoutMs ? { defaultTimeoutMs: timeoutMs } : {}),
    });
    const flags = new FlagFlow({
      append,
      getState,
      runner,
      incidentDir: options.incidentDir,
      cwd: options.cwd,
      mode,
      actor: session.actor,
      settings: { command: config.flags.command, url: config.flags.url },
      ...(timeoutMs ? { timeoutMs } : {}),
    });
    const comms = createComms({ append, getState, config, incidentDir: options.incidentDir, actor: session.actor });
    comms.subscribe((status) => session.notify(status.level, status.text));

    const extensions: DashboardExtensions = {
      async runStep(stepId) {
        const step = findStep(session.state, stepId)?.step;
        if (step?.action?.kind === 'flag') return { requestSeq: flags.request(stepId).id };
        // Asking kubectl which cluster a command will hit can take a moment: say so at once.
        if (step?.commands.some((c) => usesKubectl(c.script))) session.notify('info', 'checking the kube context…', 1500);
        return { requestSeq: (await flow.request(stepId)).requestSeq };
      },
      // Flag dialogs have negative ids (see flag-flow.ts); command requests are journal seqs.
      commandDialog: ({ requestSeq, width, height, onClose }) =>
        requestSeq < 0 ? (
          <FlagDialogHost key={requestSeq} session={session} flags={flags} id={requestSeq} cwd={options.cwd} width={width} height={height} onClose={onClose} />
        ) : (
          <CommandDialogHost key={requestSeq} session={session} flow={flow} requestSeq={requestSeq} width={width} height={height} onClose={onClose} />
        ),
      cancelCommand: () => flow.cancelRunning(),
      output: flow.output,
      composer: ({ kind, width, height, onClose }) => (
        <Composer
          key={kind}
          {...composerSetup(comms, kind, session.state)}
          width={width}
          height={height}
          onCancel={onClose}
          onSend={(values) => {
            onClose();
            comms.postComposed(kind, values).catch((e: unknown) => session.notify('error', `update not sent: ${message(e)}`));
          }}
        />
      ),
    };
    return { comms, commandFlow: flow, extensions };
  };
}
