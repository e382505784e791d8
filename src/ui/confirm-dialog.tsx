// The confirmation dialog: the exact command as it will run, its risk, where it runs (cwd, kube
// context), its parameters first, then the confirmation the risk demands. Props in, callbacks
// out: the command flow decides and records; this only shows and listens.
//   read        → enter or y runs it
//   change      → only y runs it; enter (the default) is No
//   destructive → type the word shown, then enter
//   disabled    → says why (read-only mode); only esc
// `d` previews with --dry-run=server when offered (tab while a word is being typed, where `d`
// is a letter). Esc cancels at any point. The keys are the keymap's `dialog` bindings, or its
// `dialog-text` ones while a word or a parameter is being typed.
import React from 'react';
import { Box, Text } from 'ink';
import type { Confirmation } from '../core/command/confirm-policy.ts';
import type { KeyHandlers } from '../core/keys/bindings.ts';
import type { Risk } from '../core/runbook/types.ts';
import { ParameterForm, type ParameterField } from './parameter-form.tsx';
import { useTheme } from './theme.tsx';
import { TextField, useTextField } from './keys/text-field.tsx';
import { useKeys } from './keys/use-keys.ts';

export interface KubeTarget {
  context: string | null;
  namespace: string | null;
  problem: string | null;
}

export interface PreviewView {
  running: boolean;
  lines: readonly string[];
  exitCode: number | null;
  error: string | null;
}

export interface ConfirmDialogProps {
  title: string;
  /** The script with the values filled in so far. */
  script: string;
  risk: Risk;
  riskReason?: string;
  cwd: string;
  /** null: not a kubectl command (nothing to show). */
  kube: KubeTarget | null;
  parameters: readonly ParameterField[];
  missing: readonly string[];
  /** Shell variables the environment sets; the shell expands them when the command runs. */
  fromEnvironment?: readonly string[];
  confirmation: Confirmation;
  dryRun: boolean;
  previewAvailable: boolean;
  preview?: PreviewView | null;
  /** Extra lines under the command (where a value came from, what a drill does), wrapped. */
  notices?: readonly { text: string; tone: 'info' | 'warn' }[];
  /** A refusal from the flow (wrong word, context changed...), shown in red. */
  error?: string | null;
  width: number;
  height: number;
  /** false while something else owns the keyboard. Default true. */
  active?: boolean;
  onParameter: (name: string, value: string) => void;
  onConfirm: (typed?: string) => void;
  onCancel: () => void;
  onPreview?: () => void;
}

const RISK_COLOR: Record<Risk, string> = { read: 'green', change: 'yellow', destructive: 'red' };
const RISK_WORD: Record<Risk, string> = { read: 'READ', change: 'CHANGE', destructive: 'DESTRUCTIVE' };

function KubeLine({ kube }: { kube: KubeTarget }) {
  const theme = useTheme();
  if (kube.problem) return <Text color={theme.color('red')}>kube: {kube.problem}</Text>;
  return (
    <Text wrap="truncate-end">
      kube context: <Text bold>{kube.context}</Text> namespace: <Text bold>{kube.namespace}</Text>
    </Text>
  );
}

function Prompt({ confirmation, dryRun, preview }: { confirmation: Confirmation; dryRun: boolean; preview: string }) {
  const theme = useTheme();
  const suffix = dryRun ? ' (dry run: nothing will run, it is only recorded)' : '';
  switch (confirmation.kind) {
    case 'disabled':
      return <Text color={theme.color('red')}>Cannot run: {confirmation.reason}. esc closes</Text>;
    case 'key':
      return <Text>Run it? enter/y runs · esc cancels{preview}{suffix}</Text>;
    case 'yes':
      return (
        <Text>
          Run it? <Text bold>y</Text> runs · enter/n/esc = <Text bold>No</Text> (default){preview}
          {suffix}
        </Text>
      );
    case 'typed':
      return (
        <Text>
          Type <Text bold color={theme.color('red')}>{confirmation.word}</Text> and press enter to run · esc cancels{preview}
          {suffix}
        </Text>
      );
  }
}

/** What each key does for this confirmation (the keymap's rows, given handlers). */
function dialogKeys(props: ConfirmDialogProps, typed: () => string, canPreview: boolean): KeyHandlers {
  const { confirmation, onConfirm, onCancel, onPreview } = props;
  const preview = canPreview && onPreview ? { 'dialog-preview': onPreview, 'dialog-preview-tab': onPreview } : {};
  switch (confirmation.kind) {
    case 'disabled':
      return { cancel: onCancel, ...preview };
    case 'typed':
      return { 'dialog-submit': { label: 'run', run: () => onConfirm(typed()) }, cancel: onCancel, 'dialog-preview-tab': preview['dialog-preview-tab'] };
    case 'key':
      return { 'dialog-confirm': () => onConfirm(), 'dialog-enter': { label: 'run', run: () => onConfirm() }, 'dialog-decline': onCancel, cancel: onCancel, 'dialog-preview': preview['dialog-preview'] };
    case 'yes':
      // change: enter (the default) is No.
      return { 'dialog-confirm': () => onConfirm(), 'dialog-enter': { label: 'no', run: onCancel }, 'dialog-decline': onCancel, cancel: onCancel, 'dialog-preview': preview['dialog-preview'] };
  }
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { confirmation, missing, previewAvailable, onPreview, active = true } = props;
  const theme = useTheme();
  const word = useTextField('');
  const filling = missing.length > 0 && confirmation.kind !== 'disabled';
  const canPreview = previewAvailable && onPreview !== undefined && !filling;
  const handlers = dialogKeys(props, () => word.current().value, canPreview);
  const { ready } = useKeys(confirmation.kind === 'typed' ? 'dialog-text' : 'dialog', handlers, {
    active: active && !filling,
    text: confirmation.kind === 'typed' ? word : null,
  });

  const riskColor = theme.color(RISK_COLOR[props.risk]);
  const lines = props.script.split('\n');
  const previewHint = canPreview ? (confirmation.kind === 'typed' ? ' · tab previews' : ' · d previews (--dry-run=server)') : '';
  // Keep the frame inside its box: the script gets what the fixed lines leave.
  const scriptRoom = Math.max(1, props.height - 8 - (filling ? props.parameters.length + 1 : 0) - (props.preview ? 4 : 0) - (props.notices?.length ?? 0));
  const shown = lines.length > scriptRoom ? [...lines.slice(0, scriptRoom - 1), `… ${lines.length - scriptRoom + 1} more lines`] : lines;

  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden" borderStyle="round" borderColor={riskColor}>
      <Text wrap="truncate-end">
        <Text bold color={riskColor} inverse={!theme.enabled && props.risk !== 'read'}>
          [{RISK_WORD[props.risk]}]
        </Text>{' '}
        <Text bold>{props.title}</Text>
        {props.riskReason ? <Text dimColor> ({props.riskReason})</Text> : null}
      </Text>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {i === 0 ? '$ ' : '  '}
          {line}
        </Text>
      ))}
      <Text wrap="truncate-end" dimColor>
        cwd: {props.cwd}
      </Text>
      {props.fromEnvironment && props.fromEnvironment.length > 0 ? (
        <Text wrap="truncate-end" dimColor>
          from your environment: {props.fromEnvironment.map((name) => `$${name}`).join(', ')}
        </Text>
      ) : null}
      {props.kube ? <KubeLine kube={props.kube} /> : null}
      {(props.notices ?? []).map((notice, i) => (
        <Text key={`notice-${i}`} wrap="wrap" color={notice.tone === 'warn' ? theme.color('yellow') : undefined} dimColor={notice.tone === 'info'}>
          {notice.text}
        </Text>
      ))}
      {props.preview ? (
        <Box flexDirection="column">
          <Text dimColor>
            preview {props.preview.running ? '(running…)' : props.preview.error ? `failed: ${props.preview.error}` : `exit ${props.preview.exitCode}`}:
          </Text>
          {props.preview.lines.slice(-3).map((line, i) => (
            <Text key={i} wrap="truncate-end">
              {'  '}
              {line}
            </Text>
          ))}
        </Box>
      ) : null}
      {filling ? (
        <ParameterForm parameters={props.parameters} onSubmit={props.onParameter} onCancel={props.onCancel} focus={active} />
      ) : confirmation.kind === 'typed' ? (
        <Box flexDirection="column">
          {ready ? <Prompt confirmation={confirmation} dryRun={props.dryRun} preview={previewHint} /> : null}
          <Box>
            <Text>› </Text>
            <TextField state={word} focus={active} />
          </Box>
        </Box>
      ) : ready ? (
        <Prompt confirmation={confirmation} dryRun={props.dryRun} preview={previewHint} />
      ) : null}
      {props.error ? (
        <Text color={theme.color('red')} wrap="truncate-end">
          {props.error}
        </Text>
      ) : null}
    </Box>
  );
}
