// The command's parameters, asked one field at a time before the confirmation: the first
// parameter without a value gets the text field and the keys (`dialog-text` mode); enter records
// it (the parent appends a parameter.set and passes the new value back down), and the next empty
// one takes the focus with a fresh field.
import React, { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './keys/use-keys.ts';
import { TextField, useTextField } from './keys/text-field.tsx';
import { isSecretParameter } from '../core/command/secret-parameter.ts';

export interface ParameterField {
  name: string;
  /** As written in the runbook, e.g. `<pod-name>`. */
  raw: string;
  /** '' while unset. */
  value: string;
  /** Known to be a secret (it was one before): typed as dots. */
  secret?: boolean;
}

export interface ParameterFormProps {
  parameters: readonly ParameterField[];
  onSubmit: (name: string, value: string) => void;
  onCancel: () => void;
  /** Whether the field takes keys (false while another part of the screen has them). */
  focus?: boolean;
}

function Field({ field, focus, onSubmit, onCancel }: { field: ParameterField; focus: boolean; onSubmit: (value: string) => void; onCancel: () => void }) {
  const [empty, setEmpty] = useState(false);
  const submitted = useRef(false);
  const draft = useTextField('', () => setEmpty(false));
  const secret = field.secret === true || isSecretParameter(field.name, '');
  useKeys(
    'dialog-text',
    {
      'dialog-submit': {
        label: 'save',
        run: () => {
          const value = draft.current().value;
          // An empty value would leave the command unrunnable anyway: say so instead.
          if (value === '') return setEmpty(true);
          submitted.current = true;
          onSubmit(value);
        },
      },
      cancel: onCancel,
    },
    { active: focus, text: draft, listening: () => !submitted.current },
  );
  return (
    <Box flexDirection="column">
      <Box>
        <Text bold>{field.raw} </Text>
        <Text>› </Text>
        <TextField state={draft} placeholder={`value for ${field.name}${secret ? ' (a secret: kept in memory only, never journaled)' : ''}`} focus={focus} mask={secret} />
      </Box>
      {empty ? <Text color="yellow">a value is required (esc cancels the command)</Text> : null}
    </Box>
  );
}

export function ParameterForm({ parameters, onSubmit, onCancel, focus = true }: ParameterFormProps) {
  const current = parameters.find((p) => p.value === '');
  return (
    <Box flexDirection="column">
      <Text dimColor>Parameters (values are shell-quoted when filled in):</Text>
      {parameters.map((p) =>
        p === current ? (
          // key: a fresh draft for each parameter.
          <Field key={p.name} field={p} focus={focus} onSubmit={(value) => onSubmit(p.name, value)} onCancel={onCancel} />
        ) : (
          <Text key={p.name} wrap="wrap">
            <Text bold>{p.raw}</Text>
            {p.value === '' ? <Text dimColor> (next)</Text> : <Text> = {p.value}</Text>}
          </Text>
        ),
      )}
    </Box>
  );
}
