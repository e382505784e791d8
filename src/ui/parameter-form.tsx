// The command's parameters, asked one field at a time before the confirmation: the first
// parameter without a value gets the text field; enter records it (the parent appends a
// parameter.set and passes the new value back down), and the next empty one takes the focus.
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';

export interface ParameterField {
  name: string;
  /** As written in the runbook, e.g. `<pod-name>`. */
  raw: string;
  /** '' while unset. */
  value: string;
}

export interface ParameterFormProps {
  parameters: readonly ParameterField[];
  onSubmit: (name: string, value: string) => void;
  /** Whether the field takes keys (false while another part of the dialog has them). */
  focus?: boolean;
}

function Field({ field, focus, onSubmit }: { field: ParameterField; focus: boolean; onSubmit: (value: string) => void }) {
  const [draft, setDraft] = useState('');
  const [empty, setEmpty] = useState(false);
  return (
    <Box flexDirection="column">
      <Box>
        <Text bold>{field.raw} </Text>
        <Text>› </Text>
        <TextInput
          value={draft}
          focus={focus}
          placeholder={`value for ${field.name}`}
          onChange={(value) => {
            setDraft(value);
            setEmpty(false);
          }}
          onSubmit={(value) => {
            // An empty value would leave the command unrunnable anyway: say so instead.
            if (value === '') setEmpty(true);
            else onSubmit(value);
          }}
        />
      </Box>
      {empty ? <Text color="yellow">a value is required (esc cancels the command)</Text> : null}
    </Box>
  );
}

export function ParameterForm({ parameters, onSubmit, focus = true }: ParameterFormProps) {
  const current = parameters.find((p) => p.value === '');
  return (
    <Box flexDirection="column">
      <Text dimColor>Parameters (values are shell-quoted when filled in):</Text>
      {parameters.map((p) =>
        p === current ? (
          // key: a fresh draft for each parameter.
          <Field key={p.name} field={p} focus={focus} onSubmit={(value) => onSubmit(p.name, value)} />
        ) : (
          <Text key={p.name} wrap="truncate-end">
            <Text bold>{p.raw}</Text>
            {p.value === '' ? <Text dimColor> (next)</Text> : <Text> = {p.value}</Text>}
          </Text>
        ),
      )}
    </Box>
  );
}
