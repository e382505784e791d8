// The update composer (s: internal, p: public): the fields the operator may edit, prefilled
// from the incident, and a preview of exactly what will be sent (the plain rendering of the
// same message the comms service posts). tab / shift+tab move between fields, ←/→ change the
// public status word, ctrl+s sends, esc discards (the keymap's `composer` bindings); what no
// binding takes is text for the focused field. Props in, callbacks out.
import React, { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { wrapLines } from './text.ts';
import type { KeyPress } from '../core/keys/key-press.ts';
import { textField } from '../core/keys/text-edit.ts';
import { useKeys } from './keys/use-keys.ts';
import { TextField, useTextFields } from './keys/text-field.tsx';
import type { UpdateKind } from '../core/incident/events.ts';
import type { IncidentState } from '../core/incident/state.ts';
import { PUBLIC_TEMPLATES, publicTextWarnings } from '../core/comms/public-update.ts';
import { STATUS_WORDS, type StatusWord } from '../core/comms/types.ts';

export type ComposerValues = Record<string, string>;

export interface ComposerField {
  name: string;
  label: string;
  /** `text`: free text; `choice`: one of `choices`, changed with ←/→; `fixed`: shown only. */
  kind: 'text' | 'choice' | 'fixed';
  choices?: readonly string[];
  hint?: string;
}

export const INTERNAL_FIELDS: readonly ComposerField[] = [
  { name: 'status', label: 'Status', kind: 'fixed', hint: 'i/m/r on the dashboard' },
  { name: 'impact', label: 'Impact', kind: 'text', hint: 'who is affected, how badly' },
  { name: 'actions', label: 'Actions', kind: 'text', hint: 'separate items with ;' },
  { name: 'nextUpdate', label: 'Next Update', kind: 'text', hint: 'minutes' },
];

export const PUBLIC_FIELDS: readonly ComposerField[] = [
  { name: 'status', label: 'Status', kind: 'choice', choices: STATUS_WORDS },
  { name: 'text', label: 'Text', kind: 'text', hint: 'plain words: no commands, hosts or names' },
];

export interface ComposerProps {
  kind: UpdateKind;
  fields: readonly ComposerField[];
  initial: ComposerValues;
  /** The plain text that will be sent for these values. */
  preview: (values: ComposerValues) => string;
  warnings?: (values: ComposerValues) => string[];
  /** Adjust values after a field changed (the public text follows the status template). */
  adjust?: (name: string, before: ComposerValues, after: ComposerValues) => ComposerValues;
  onSend: (values: ComposerValues) => void;
  /** Why these values may not be sent (said in red; the composer stays open), or null. */
  refuse?: (values: ComposerValues) => string | null;
  onCancel: () => void;
  /** Told the values as they change, so an unsent draft can outlive the composer. */
  onDraft?: (values: ComposerValues) => void;
  width: number;
  height: number;
}

const PREVIEW_INDENT = 2;

export function Composer(props: ComposerProps) {
  const { fields, width, height } = props;
  const editable = fields.map((f, i) => ({ f, i })).filter(({ f }) => f.kind !== 'fixed');
  const form = useTextFields(props.initial, (name, before, after) => (props.adjust ? props.adjust(name, before, after) : after));
  const values = form.values();
  useEffect(() => {
    if (!closedRef.current) props.onDraft?.(values);
  });
  const [focus, setFocusState] = useState(editable[0]?.i ?? 0);
  // The focus as of the last key (tab, then text, in one read: the text goes to the new field).
  const focusRef = useRef(focus);
  const setFocus = (i: number) => {
    focusRef.current = i;
    setFocusState(i);
  };
  const closedRef = useRef(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const close = (then: () => void) => {
    closedRef.current = true;
    then();
  };
  const moveFocus = (by: number) => {
    const at = editable.findIndex(({ i }) => i === focusRef.current);
    setFocus(editable[(at + by + editable.length) % editable.length]?.i ?? focusRef.current);
  };
  const focused = fields[focusRef.current];
  const chooseWord = (key: KeyPress) => {
    const field = fields[focusRef.current];
    if (field?.kind !== 'choice' || !field.choices) return;
    const current = field.choices.indexOf(form.values()[field.name] ?? '');
    const step = key.name === 'right' ? 1 : field.choices.length - 1;
    form.setValue(field.name, field.choices[(current + step) % field.choices.length] ?? '');
  };
  const { ready } = useKeys(
    'composer',
    {
      // ctrl+s sends the text exactly as it was when pressed, never with an `s` typed into it.
      'composer-send': () => {
        const refused = props.refuse?.(form.values()) ?? null;
        setRefusal(refused);
        if (refused === null) close(() => props.onSend(form.values()));
      },
      cancel: () => close(props.onCancel),
      ...(editable.length > 1 ? { 'composer-next-field': () => moveFocus(1), 'composer-prev-field': () => moveFocus(-1) } : {}),
      ...(focused?.kind === 'choice' ? { 'composer-status-word': chooseWord } : {}),
    },
    {
      text: {
        apply: (key) => {
          const field = fields[focusRef.current];
          if (field?.kind === 'text') form.target(field.name).apply(key);
        },
      },
      listening: () => !closedRef.current,
    },
  );

  const labelWidth = Math.max(...fields.map((f) => f.label.length)) + 2;
  // The preview is wrapped, never cut at the edge: "sent exactly as shown" must hold for every
  // word, and the public text is one long line.
  const previewLines = wrapLines(props.preview(values), width - PREVIEW_INDENT);
  const warnings = props.warnings?.(values) ?? [];
  // The focused text field wraps as the operator types; the other fields take one row each.
  const valueWidth = width - labelWidth - 2;
  const fieldRows = fields.reduce((rows, field, i) => {
    const focused = i === focus && field.kind === 'text';
    return rows + (focused ? wrapLines(values[field.name] || (field.hint ?? ''), valueWidth).length : 1);
  }, 0);
  // Title, fields, "Preview", warnings, help: the rest is for the preview.
  const room = Math.max(1, height - fieldRows - warnings.length - 4 - (refusal ? 2 : 0));
  const shown = previewLines.length > room ? [...previewLines.slice(0, room - 1), `… ${previewLines.length - room + 1} more lines`] : previewLines;

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        {props.kind === 'internal' ? 'Internal status update' : 'Public status update'}
      </Text>
      {fields.map((field, i) => {
        const focused = i === focus && field.kind !== 'fixed';
        const value = values[field.name] ?? '';
        return (
          <Box key={field.name}>
            <Box flexShrink={0}>
              <Text bold={focused}>{`${focused ? '›' : ' '} ${field.label.padEnd(labelWidth)}`}</Text>
            </Box>
            {field.kind === 'text' && focused ? (
              <TextField state={form.fields[field.name] ?? textField(value)} placeholder={field.hint ?? ''} />
            ) : field.kind === 'choice' ? (
              <Text wrap="truncate-end">{focused ? `‹ ${value} ›  (←/→)` : value}</Text>
            ) : (
              <Text wrap="truncate-end" dimColor={field.kind === 'fixed' || value === ''}>
                {value === '' ? (field.hint ?? '') : value}
                {field.kind === 'fixed' && field.hint ? `  (${field.hint})` : ''}
              </Text>
            )}
          </Box>
        );
      })}
      {/* The full heading appears once the keys are bound; the help bar (keymap) lists them. */}
      <Text dimColor>{ready ? 'Preview (sent exactly as shown):' : 'Preview'}</Text>
      <Box flexDirection="column" paddingLeft={PREVIEW_INDENT} flexGrow={1} overflow="hidden">
        {shown.map((line, i) => (
          <Text key={i} wrap="truncate-end">
            {line === '' ? ' ' : line}
          </Text>
        ))}
      </Box>
      {refusal ? (
        <Text color="red" wrap="wrap">
          not sent: {refusal}
        </Text>
      ) : null}
      {warnings.map((w) => (
        <Text key={w} color="yellow" wrap="truncate-end">
          ⚠ public text {w}
        </Text>
      ))}
    </Box>
  );
}

/** The public text follows the status word while the operator has not rewritten it. */
export function adjustPublic(name: string, before: ComposerValues, after: ComposerValues): ComposerValues {
  if (name !== 'status') return after;
  const oldTemplate = PUBLIC_TEMPLATES[before.status as StatusWord];
  if (before.text === oldTemplate) return { ...after, text: PUBLIC_TEMPLATES[after.status as StatusWord] ?? after.text };
  return after;
}

/** What the comms service offers the composer (CommsService fits). */
export interface ComposerComms {
  draft(kind: UpdateKind): object;
  compose(kind: UpdateKind, fields: never): { plain: string };
}

/** Everything but the callbacks and size, for an update kind: wire with `<Composer {...} />`. */
export function composerSetup(
  comms: ComposerComms,
  kind: UpdateKind,
  state: Pick<IncidentState, 'commander' | 'actors' | 'commands'>,
): Pick<ComposerProps, 'kind' | 'fields' | 'initial' | 'preview' | 'warnings' | 'adjust'> {
  const initial = { ...(comms.draft(kind) as ComposerValues) };
  const preview = (values: ComposerValues) => comms.compose(kind, values as never).plain;
  if (kind === 'internal') return { kind, fields: INTERNAL_FIELDS, initial, preview };
  return {
    kind,
    fields: PUBLIC_FIELDS,
    initial,
    preview,
    warnings: (values) => publicTextWarnings(values.text ?? '', state),
    adjust: adjustPublic,
  };
}
