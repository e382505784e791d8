// `e` asks before paging: who (the lowest level of the policy nobody paged yet) and how (Slack,
// PagerDuty, only the outbox file, or a drill), so nobody is woken by a stray key, and nobody
// believes a page went out when only a file was written.
import React from 'react';
import { escalateConfirmed, escalationPreview } from '../app/operator-actions.ts';
import { ConfirmPrompt } from './confirm-prompt.tsx';
import type { Rect } from './layout.ts';
import { useSessionContext } from './session-context.tsx';

export function EscalatePrompt({ body, close }: { body: Rect; close: () => void }) {
  const { session } = useSessionContext();
  const preview = escalationPreview(session);
  if (!preview) {
    return (
      <ConfirmPrompt question="Every level of the escalation policy was already paged." width={body.width} height={body.height} onConfirm={close} onCancel={close} />
    );
  }
  return (
    <ConfirmPrompt
      question={`Page ${preview.target} now (level ${preview.level} of ${preview.of})?`}
      detail={`${preview.route}. Its ${preview.afterMinutes}-minute threshold will not page again.`}
      width={body.width}
      height={body.height}
      onConfirm={() => {
        close();
        void escalateConfirmed(session);
      }}
      onCancel={close}
    />
  );
}
