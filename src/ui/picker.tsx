// `warroom` with no arguments: choose an open incident to resume or a runbook to start from.
// Starting asks the two things an incident needs: severity (default the runbook's) and
// commander (default the operator). Esc on the list leaves without doing anything.
import React, { useMemo, useState } from 'react';
import { Box, Text, render, useWindowSize } from 'ink';
import { KeyRegistry, KeyScope } from './keys/key-scope.tsx';
import { useKeys } from './keys/use-keys.ts';
import { SelectDialog, type Choice } from './select-dialog.tsx';
import { TextPrompt } from './text-prompt.tsx';
import { ModeChoice, PickerHelp, type LiveTargets } from './picker-mode.tsx';
import { takeTerminal } from './terminal.ts';
import { ThemeProvider, makeTheme } from './theme.tsx';
import { alertItems, type AlertChoice, type AlertItem, type PickerAlert } from './picker-alerts.ts';
import { sharedItems, type PickerShared, type SharedItem } from './picker-shared.ts';

export type { AlertChoice, PickerAlert } from './picker-alerts.ts';
export type { PickerShared } from './picker-shared.ts';

export interface PickerIncident {
  id: string;
  title: string;
  severity: string;
  status: string;
  /** e.g. `12m`. */
  age: string;
}

export interface PickerRunbook {
  path: string;
  title: string;
  severity: string | null;
}

export type PickerChoice =
  | { kind: 'resume'; id: string }
  | { kind: 'run'; path: string; severity: string; commander: string; dryRun: boolean }
  | SharedItem
  | AlertChoice;

export interface PickerProps {
  /** Firing alerts and PagerDuty incidents: listed first, opened in one enter. */
  alerts?: PickerAlert[];
  /** One line per alert source that could not be read. */
  notices?: string[];
  incidents: PickerIncident[];
  /** Shared incidents to join (share.url set), listed after the local ones. */
  shared?: PickerShared[];
  runbooks: PickerRunbook[];
  operator: string;
  /** What a live incident would touch; drill is preselected without a kube context or Slack. */
  live?: LiveTargets;
  /** `warroom --dry-run`: start in drill mode. */
  drill?: boolean;
  onDone: (choice: PickerChoice | null) => void;
  size?: { columns: number; rows: number };
}

const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'];

type Stage =
  | { kind: 'list' }
  | { kind: 'help'; back: Stage }
  | { kind: 'severity'; runbook: PickerRunbook }
  | { kind: 'commander'; runbook: PickerRunbook; severity: string }
  | { kind: 'alert-severity'; alert: PickerAlert }
  | { kind: 'alert-runbook'; alert: PickerAlert; severity: string | null }
  | { kind: 'mode'; runbook: PickerRunbook; severity: string; commander: string };

const NOTHING_KNOWN: LiveTargets = { kubeContext: null, slack: null, pagerduty: false };

type Item = { kind: 'resume'; id: string } | { kind: 'run'; runbook: PickerRunbook } | SharedItem | AlertItem;

/** With nothing to choose, the only keys that matter are the ones that leave. */
function NothingToChoose({ onDone }: { onDone: (choice: null) => void }) {
  useKeys('select', { cancel: () => onDone(null), 'leave-picker': () => onDone(null) });
  return (
    <Box flexDirection="column">
      <Text bold>warroom</Text>
      <Text>No open incident and no runbook in ./runbooks or the configured folders.</Text>
      <Text dimColor>Start one with: warroom run &lt;runbook.md&gt; · q leaves</Text>
    </Box>
  );
}

export function Picker(props: PickerProps) {
  const registry = useMemo(() => new KeyRegistry(), []);
  // Ctrl-C leaves without a choice, whatever stage the picker is at.
  const shared = useMemo(() => ({ interrupt: () => props.onDone(null) }), [props.onDone]);
  return (
    <KeyScope shared={shared} registry={registry}>
      <PickerStages {...props} />
    </KeyScope>
  );
}

function PickerStages({ alerts = [], notices = [], incidents, shared = [], runbooks, operator, onDone, size, live = NOTHING_KNOWN, drill = false }: PickerProps) {
  const window = useWindowSize();
  const width = size?.columns ?? window.columns;
  const height = Math.max(5, (size?.rows ?? window.rows) - 1);
  const [stage, setStage] = useState<Stage>({ kind: 'list' });
  if (stage.kind === 'help') return <PickerHelp width={width} height={height} onClose={() => setStage(stage.back)} />;
  if (stage.kind === 'mode') {
    const { runbook, severity, commander } = stage;
    return (
      <ModeChoice
        title={`${runbook.title} (${severity})`}
        live={live}
        askedForDrill={drill}
        width={width}
        height={height}
        onChoose={(dryRun) => onDone({ kind: 'run', path: runbook.path, severity, commander, dryRun })}
        onBack={() => setStage({ kind: 'commander', runbook, severity })}
        onHelp={() => setStage({ kind: 'help', back: stage })}
      />
    );
  }

  // An alert opens in one enter; one that maps to no runbook (or several) asks which first.
  const openAlert = (alert: PickerAlert, severity: string | null) =>
    alert.runbook !== null ? onDone({ kind: 'alert', index: alert.index, severity, runbookPath: null }) : setStage({ kind: 'alert-runbook', alert, severity });
  if (stage.kind === 'alert-severity') {
    const initial = stage.alert.severity ?? 'SEV-3';
    const options = [...new Set([...SEVERITIES, initial])];
    return (
      <SelectDialog
        key={`alert-severity-${stage.alert.index}`}
        title={`${stage.alert.name}: severity`}
        hint={`default ${initial} (from the alert) · enter opens · esc goes back`}
        items={options.map((s) => ({ label: s, value: s }))}
        initialIndex={options.indexOf(initial)}
        width={width}
        height={height}
        onSelect={(severity) => openAlert(stage.alert, severity)}
        onCancel={() => setStage({ kind: 'list' })}
      />
    );
  }
  if (stage.kind === 'alert-runbook') {
    const files = stage.alert.runbookChoices.length > 0 ? stage.alert.runbookChoices : runbooks.map((r) => r.path);
    return (
      <SelectDialog
        key={`alert-runbook-${stage.alert.index}`}
        title={`${stage.alert.name}: which runbook?`}
        hint={stage.alert.runbookChoices.length > 0 ? 'several runbooks match the alert · enter opens · esc goes back' : 'no runbook maps to the alert · enter opens · esc goes back'}
        items={files.map((f) => ({ key: f, label: f, value: f }))}
        width={width}
        height={height}
        onSelect={(file) => onDone({ kind: 'alert', index: stage.alert.index, severity: stage.severity, runbookPath: file })}
        onCancel={() => setStage({ kind: 'list' })}
      />
    );
  }
  if (stage.kind === 'list') {
    const items: Choice<Item>[] = [
      ...alertItems(alerts),
      ...incidents.map((i) => ({
        key: `i-${i.id}`,
        label: `Resume  ${i.severity}  ${i.title} · ${i.status} · ${i.age} · ${i.id}`,
        value: { kind: 'resume' as const, id: i.id },
      })),
      ...sharedItems(shared),
      ...runbooks.map((r) => ({
        key: `r-${r.path}`,
        label: `Start   ${r.severity ?? 'SEV-?'}  ${r.title} · ${r.path}`,
        value: { kind: 'run' as const, runbook: r },
      })),
    ];
    if (items.length === 0) return <NothingToChoose onDone={onDone} />;
    return (
      <SelectDialog
        key="list"
        title={alerts.length > 0 ? 'warroom: open a firing alert, resume an incident or start from a runbook' : 'warroom: resume an open incident or start one from a runbook'}
        hint={[...notices, alerts.length > 0 ? '↑/↓ choose · enter opens · S severity · ? help · esc leaves' : '↑/↓ choose · enter opens · ? help · esc leaves', ...(drill ? ['new incidents start as drills'] : [])].join(' · ')}
        items={items}
        onHelp={() => setStage({ kind: 'help', back: stage })}
        width={width}
        height={height}
        onSelect={(item) =>
          item.kind === 'resume' || item.kind === 'join'
            ? onDone(item.kind === 'join' ? item : { kind: 'resume', id: item.id })
            : item.kind === 'alert'
              ? openAlert(item.alert, item.alert.severity)
              : setStage({ kind: 'severity', runbook: item.runbook })
        }
        onSeverity={(item) => {
          if (item.kind !== 'alert') return false;
          setStage({ kind: 'alert-severity', alert: item.alert });
          return true;
        }}
        onCancel={() => onDone(null)}
        onLeave={() => onDone(null)}
      />
    );
  }
  if (stage.kind === 'severity') {
    const initial = stage.runbook.severity ?? 'SEV-3';
    const options = [...new Set([...SEVERITIES, initial])];
    return (
      <SelectDialog
        // A new key per stage: a list keeps its highlight across props, and the
        // severity list must start on the runbook's severity, not where the list cursor was.
        key={`severity-${stage.runbook.path}`}
        title={`${stage.runbook.title}: severity`}
        hint={`default ${initial} (the runbook's) · enter takes it · esc goes back`}
        items={options.map((s) => ({ label: s, value: s }))}
        initialIndex={options.indexOf(initial)}
        width={width}
        height={height}
        onSelect={(severity) => setStage({ kind: 'commander', runbook: stage.runbook, severity })}
        onCancel={() => setStage({ kind: 'list' })}
      />
    );
  }
  return (
    <TextPrompt
      title={`${stage.runbook.title} (${stage.severity}): incident commander`}
      initialValue={operator}
      width={width}
      height={height}
      onSubmit={(name) => setStage({ kind: 'mode', runbook: stage.runbook, severity: stage.severity, commander: name.trim().replace(/^@+/, '') || operator })}
      onCancel={() => setStage({ kind: 'severity', runbook: stage.runbook })}
    />
  );
}

/** Shows the picker on the terminal and resolves with the choice (null: left without one). */
export async function runPicker(props: Omit<PickerProps, 'onDone'>, options: { color: boolean; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<PickerChoice | null> {
  let choice: PickerChoice | null = null;
  takeTerminal(process.stdin, options.stdout);
  const instance = render(
    <ThemeProvider theme={makeTheme(options.color)}>
      <Picker
        {...props}
        onDone={(c) => {
          choice = c;
          instance.unmount();
        }}
      />
    </ThemeProvider>,
    // Ctrl-C is a binding (it leaves without a choice); interactive: a TTY even when CI is set.
    { stdout: options.stdout, stderr: options.stderr, exitOnCtrlC: false, alternateScreen: true, interactive: true },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    // Ink gives raw mode back only if its listener took it; taken before that, it is ours to return.
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
  }
  return choice;
}
