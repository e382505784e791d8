// The confirmation dialog: the exact command as it will run, its risk, where it runs (cwd, kube
// context), its parameters first, then the confirmation the risk demands. Props in, callbacks
// out: the command flow decides and records; this only shows and listens.
//   read        → enter or y runs it
//   change      → only y runs it; enter (the default) is No
//   destructive → type the word shown, then enter
//   disabled    → says why (read-only mode); only esc
// `d` previews with --dry-run=server when offered (tab while a word is being typed, where `d`
// is a letter). Esc cancels at any point. The keys are the keymap's `dialog` bindings, or its
// `dialog-text` ones while a word or a parameter is being typed. Every line wraps, none is cut:
// the box is as tall as its content, and a script taller than the screen scrolls inside it
// (↑/↓); it cannot be confirmed until its last line has been on screen.
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import type { Confirmation } from '../core/command/confirm-policy.ts';
import type { KeyHandlers } from '../core/keys/bindings.ts';
import type { Risk } from '../core/runbook/types.ts';
import { scriptRows, scriptWindow, scrollLine } from './dialog-rows.ts';
import { ParameterForm, type ParameterField } from './parameter-form.tsx';
import { useTheme } from './theme.tsx';
import { TextField, useTextField } from './keys/text-field.tsx';
import { useKeys } from './keys/use-keys.ts';
import { rowsOf, wrapRows } from './wrap.ts';

export interface KubeTarget {
  context: string | null;
  namespace: string | null;
  problem: string | null;
}

export interface DialogNotice {
  text: string;
  tone: 'info' | 'warn';
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
  /** Extra lines under the command (where it runs, what a drill does...), wrapped like the rest. */
  notices?: readonly DialogNotice[];
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

function kubeText(kube: KubeTarget): string {
  return kube.problem ? `kube: ${kube.problem}` : `kube context: ${kube.context} namespace: ${kube.namespace}`;
}

function KubeLine({ kube }: { kube: KubeTarget }) {
  const theme = useTheme();
  if (kube.problem) return <Text color={theme.color('red')} wrap="wrap">{kubeText(kube)}</Text>;
  return (
    <Text wrap="wrap">
      kube context: <Text bold>{kube.context}</Text> namespace: <Text bold>{kube.namespace}</Text>
    </Text>
  );
}

/** The prompt as plain text: what Prompt shows, for counting its rows. */
function promptText(confirmation: Confirmation, dryRun: boolean, preview: string): string {
  const suffix = dryRun ? ' (dry run: nothing will run, it is only recorded)' : '';
  switch (confirmation.kind) {
    case 'disabled':
      return `Cannot run: ${confirmation.reason}. esc closes`;
    case 'key':
      return `Run it? enter/y runs · esc cancels${preview}${suffix}`;
    case 'yes':
      return `Run it? y runs · enter/n/esc = No (default)${preview}${suffix}`;
    case 'typed':
      return `Type ${confirmation.word} and press enter to run · esc cancels${preview}${suffix}`;
  }
}

function Prompt({ confirmation, dryRun, preview }: { confirmation: Confirmation; dryRun: boolean; preview: string }) {
  const theme = useTheme();
  const suffix = dryRun ? ' (dry run: nothing will run, it is only recorded)' : '';
  switch (confirmation.kind) {
    case 'disabled':
      return <Text color={theme.color('red')} wrap="wrap">{promptText(confirmation, dryRun, preview)}</Text>;
    case 'key':
      return <Text wrap="wrap">{promptText(confirmation, dryRun, preview)}</Text>;
    case 'yes':
      return (
        <Text wrap="wrap">
          Run it? <Text bold>y</Text> runs · enter/n/esc = <Text bold>No</Text> (default){preview}
          {suffix}
        </Text>
      );
    case 'typed':
      return (
        <Text wrap="wrap">
          Type <Text bold color={theme.color('red')}>{confirmation.word}</Text> and press enter to run · esc cancels{preview}
          {suffix}
        </Text>
      );
  }
}

interface Scroll {
  /** Present only while the script does not fit. */
  up?: () => void;
  down?: () => void;
  pageUp?: () => void;
  pageDown?: () => void;
}

/** What each key does for this confirmation (the keymap's rows, given handlers). */
function dialogKeys(props: ConfirmDialogProps, typed: () => string, canPreview: boolean, confirm: (typed?: string) => void, scroll: Scroll): KeyHandlers {
  const { confirmation, onCancel, onPreview } = props;
  const preview = canPreview && onPreview ? { 'dialog-preview': onPreview, 'dialog-preview-tab': onPreview } : {};
  const scrolling: KeyHandlers = { 'dialog-scroll-up': scroll.up, 'dialog-scroll-down': scroll.down, 'dialog-page-up': scroll.pageUp, 'dialog-page-down': scroll.pageDown };
  switch (confirmation.kind) {
    case 'disabled':
      return { cancel: onCancel, ...preview, ...scrolling };
    case 'typed':
      return { 'dialog-submit': { label: 'run', run: () => confirm(typed()) }, cancel: onCancel, 'dialog-preview-tab': preview['dialog-preview-tab'], ...scrolling };
    case 'key':
      return { 'dialog-confirm': () => confirm(), 'dialog-enter': { label: 'run', run: () => confirm() }, 'dialog-decline': onCancel, cancel: onCancel, 'dialog-preview': preview['dialog-preview'], ...scrolling };
    case 'yes':
      // change: enter (the default) is No.
      return { 'dialog-confirm': () => confirm(), 'dialog-enter': { label: 'no', run: onCancel }, 'dialog-decline': onCancel, cancel: onCancel, 'dialog-preview': preview['dialog-preview'], ...scrolling };
  }
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { confirmation, missing, previewAvailable, onPreview, active = true } = props;
  const theme = useTheme();
  const word = useTextField('');
  const [offset, setOffset] = useState(0);
  const [seenEnd, setSeenEnd] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  // ctrl+e: the values already set (typed earlier, or taken from the alert) are asked again.
  const [redo, setRedo] = useState<readonly string[]>([]);
  const parameters = props.parameters.map((p) => (redo.includes(p.name) ? { ...p, value: '' } : p));
  const filling = (missing.length > 0 || redo.length > 0) && confirmation.kind !== 'disabled';
  const canPreview = previewAvailable && onPreview !== undefined && !filling;
  const inner = Math.max(1, props.width - 2);
  const previewHint = canPreview ? (confirmation.kind === 'typed' ? ' · tab previews' : ' · d previews (--dry-run=server)') : '';

  // Everything but the script first: the script gets the rows that are left.
  const title = `[${RISK_WORD[props.risk]}] ${props.title}${props.riskReason ? ` (${props.riskReason})` : ''}`;
  const titleRows = wrapRows(title, inner);
  const cwd = `cwd: ${props.cwd}`;
  const env = props.fromEnvironment && props.fromEnvironment.length > 0 ? `from your environment: ${props.fromEnvironment.map((name) => `$${name}`).join(', ')}` : null;
  const notices = props.notices ?? [];
  const previewLines = props.preview ? props.preview.lines.slice(-3) : [];
  const previewHead = props.preview
    ? `preview ${props.preview.running ? '(running…)' : props.preview.error ? `failed: ${props.preview.error}` : `exit ${props.preview.exitCode}`}:`
    : null;
  const error = refusal ?? props.error ?? null;
  const fixed =
    titleRows.length + rowsOf(cwd, inner) + (env ? rowsOf(env, inner) : 0) + (props.kube ? rowsOf(kubeText(props.kube), inner) : 0) +
    notices.reduce((n, notice) => n + rowsOf(notice.text, inner), 0) +
    (previewHead ? rowsOf(previewHead, inner) + previewLines.reduce((n, line) => n + rowsOf(`  ${line}`, inner), 0) : 0) +
    (filling ? 2 + parameters.reduce((n, p) => n + rowsOf(`${p.raw} ${p.value === '' ? '› ' : `= ${p.value}`}`, inner), 0) : rowsOf(promptText(confirmation, props.dryRun, previewHint), inner) + (confirmation.kind === 'typed' ? 1 : 0)) +
    (error ? rowsOf(error, inner) : 0);
  const all = scriptRows(props.script, inner);
  const room = Math.max(2, props.height - 2 - fixed);
  const window = scriptWindow(all, room, offset);
  const reachedEnd = seenEnd || window.atEnd;
  if (window.atEnd && !seenEnd) setSeenEnd(true);
  const page = Math.max(1, window.rows.length - 1);
  const scrollTo = (to: number) => {
    setRefusal(null);
    setOffset(Math.max(0, Math.min(to, all.length - window.rows.length)));
  };
  const scroll: Scroll = window.scrolls
    ? { up: () => scrollTo(window.offset - 1), down: () => scrollTo(window.offset + 1), pageUp: () => scrollTo(window.offset - page), pageDown: () => scrollTo(window.offset + page) }
    : {};
  const confirm = (typed?: string) => {
    // What is confirmed is what was seen: never a command whose end was not on screen.
    if (!reachedEnd) return setRefusal(`not run: scroll down (↓) to the end of the command first; ${all.length - window.offset - window.rows.length} more lines`);
    props.onConfirm(typed);
  };
  const change = props.parameters.length > 0 && confirmation.kind !== 'disabled' ? { 'dialog-change-values': () => setRedo(props.parameters.map((p) => p.name)) } : {};
  const handlers = { ...dialogKeys(props, () => word.current().value, canPreview, confirm, scroll), ...change };
  const { ready } = useKeys(confirmation.kind === 'typed' ? 'dialog-text' : 'dialog', handlers, {
    active: active && !filling,
    text: confirmation.kind === 'typed' ? word : null,
  });

  const riskColor = theme.color(RISK_COLOR[props.risk]);
  const riskWord = `[${RISK_WORD[props.risk]}]`;
  const height = Math.min(props.height, fixed + window.rows.length + (window.scrolls ? 1 : 0) + 2);
  return (
    <Box flexDirection="column" width={props.width} height={height} overflow="hidden" borderStyle="round" borderColor={riskColor}>
      {titleRows.map((row, i) =>
        i === 0 && row.startsWith(riskWord) ? (
          <Text key={i} wrap="wrap">
            <Text bold color={riskColor} inverse={!theme.enabled && props.risk !== 'read'}>
              {riskWord}
            </Text>
            <Text bold>{row.slice(riskWord.length)}</Text>
          </Text>
        ) : (
          <Text key={i} bold wrap="wrap">
            {row}
          </Text>
        ),
      )}
      {window.rows.map((row, i) => (
        <Text key={`s${window.offset + i}`} wrap="wrap">
          {row}
        </Text>
      ))}
      {window.scrolls ? (
        <Text wrap="wrap" color={reachedEnd ? undefined : theme.color('yellow')} dimColor={reachedEnd}>
          {scrollLine(window, reachedEnd)}
        </Text>
      ) : null}
      <Text wrap="wrap" dimColor>
        {cwd}
      </Text>
      {env ? (
        <Text wrap="wrap" dimColor>
          {env}
        </Text>
      ) : null}
      {props.kube ? <KubeLine kube={props.kube} /> : null}
      {notices.map((notice, i) => (
        <Text key={`n${i}`} wrap="wrap" color={notice.tone === 'warn' ? theme.color('yellow') : undefined}>
          {notice.text}
        </Text>
      ))}
      {previewHead ? (
        <Box flexDirection="column">
          <Text dimColor wrap="wrap">
            {previewHead}
          </Text>
          {previewLines.map((line, i) => (
            <Text key={i} wrap="wrap">
              {'  '}
              {line}
            </Text>
          ))}
        </Box>
      ) : null}
      {filling ? (
        <ParameterForm
          parameters={parameters}
          onSubmit={(name, value) => {
            setRedo((names) => names.filter((n) => n !== name));
            props.onParameter(name, value);
          }} onCancel={props.onCancel} focus={active} />
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
      {error ? (
        <Text color={theme.color('red')} wrap="wrap">
          {error}
        </Text>
      ) : null}
    </Box>
  );
}
