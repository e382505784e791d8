// The alert's dialogs: `z` asks how long and why, shows the exact matchers and creates the
// silence only on `y` (a drill says it creates nothing); after resolving, the offer to expire
// the silence this war room made.
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import type { Session } from '../app/session.ts';
import type { AlertService } from '../app/alert-service.ts';
import { parseSilenceDuration } from '../core/alerts/silence.ts';
import { SECRET_VALUE } from '../core/command/secret-parameter.ts';
import { errorMessage } from '../errors.ts';
import { ConfirmPrompt } from './confirm-prompt.tsx';
import type { DialogSlotProps } from './extensions.ts';
import { TextPrompt } from './text-prompt.tsx';

type Stage = { kind: 'duration'; error: string | null } | { kind: 'comment'; minutes: number } | { kind: 'confirm'; minutes: number; comment: string };

export function SilenceDialog({ session, alerts, width, height, onClose }: DialogSlotProps & { session: Session; alerts: AlertService }) {
  const [stage, setStage] = useState<Stage>({ kind: 'duration', error: null });
  const name = alerts.alert?.name ?? 'the alert';
  if (stage.kind === 'duration') {
    return (
      <TextPrompt
        key="duration"
        title={`Silence ${name} for how long? (30m, 2h, 1d)${stage.error ? ` · ${stage.error}` : ''}`}
        initialValue="2h"
        width={width}
        height={height}
        onSubmit={(text) => {
          const minutes = parseSilenceDuration(text);
          setStage(minutes === null || minutes < 1 ? { kind: 'duration', error: `"${text}" is not a duration` } : { kind: 'comment', minutes });
        }}
        onCancel={onClose}
      />
    );
  }
  if (stage.kind === 'comment') {
    return (
      <TextPrompt
        key="comment"
        title="Why? (the silence's comment in Alertmanager)"
        initialValue={`war room ${session.state.incidentId}: ${session.state.title}`}
        width={width}
        height={height}
        onSubmit={(comment) => setStage({ kind: 'confirm', minutes: stage.minutes, comment })}
        onCancel={onClose}
      />
    );
  }
  const until = new Date(Date.now() + stage.minutes * 60_000).toISOString().slice(11, 16);
  // Every matcher whole, one a line: what gets muted must be read, not guessed from a cut line.
  const matchers = alerts.silencePreview().split(', ');
  const detail = [
    session.state.mode.dryRun ? 'Drill: nothing is created in Alertmanager.' : '',
    matchers.some((m) => m.includes(SECRET_VALUE)) ? `${SECRET_VALUE} is a label the journal does not hold: the silence matches the value Alertmanager lists for this alert.` : '',
  ]
    .filter((text) => text !== '')
    .join(' ');
  const shown = matchers.slice(0, Math.max(1, height - 5));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold>Matchers:</Text>
      {shown.map((m) => (
        <Text key={m} wrap="wrap">{`  ${m}`}</Text>
      ))}
      <ConfirmPrompt
      question={`Silence until ${until} UTC (createdBy ${session.actor})?`}
      {...(detail ? { detail } : {})}
      width={width}
      height={Math.max(3, height - shown.length - 1)}
      onConfirm={() => {
        onClose();
        alerts
          .silence(stage.minutes, stage.comment)
          .then((outcome) => {
            if (outcome.kind === 'created') session.notify('info', `silence ${outcome.id} created until ${until} UTC`);
            else if (outcome.kind === 'drill') session.notify('warn', `drill: silence not created (${outcome.matchers})`);
            else session.notify('error', `silence not created: ${outcome.error}`);
          })
          .catch((error: unknown) => session.notify('error', `silence not created: ${errorMessage(error)}`));
      }}
      onCancel={onClose}
      />
    </Box>
  );
}

export function ExpireSilenceDialog({ session, alerts, width, height, onClose }: DialogSlotProps & { session: Session; alerts: AlertService }) {
  return (
    <ConfirmPrompt
      question={`Expire the silence ${alerts.activeSilence ?? ''} now that the incident is resolved?`}
      detail="The alert notifies again if it fires. No keeps the silence until it ends."
      width={width}
      height={height}
      onConfirm={() => {
        onClose();
        alerts
          .expireSilence()
          .then((text) => session.notify('info', text))
          .catch((error: unknown) => session.notify('error', `silence not expired: ${errorMessage(error)}`));
      }}
      onCancel={onClose}
    />
  );
}
