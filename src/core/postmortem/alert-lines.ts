// The post-mortem's words for the alert the war room was opened from and what became of it:
// the alert itself (first line of the timeline), stopping or firing again, related alerts, and
// the Alertmanager silence made from the war room.
import type { AlertEvent, AlertLinkedEvent } from '../incident/alert-events.ts';
import { utcTime } from './clock-text.ts';
import { codeSpan, inlineText, mention } from './markdown.ts';

const labelList = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels)
    .filter(([k]) => k !== 'alertname')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

export function alertLine(e: AlertLinkedEvent): string {
  if (e.source === 'pagerduty') {
    const url = e.pagerdutyUrl ? ` (${e.pagerdutyUrl})` : '';
    return `PagerDuty incident ${codeSpan(inlineText(e.fingerprint, 40))} triggered: ${inlineText(e.name, 200)}${url}.`;
  }
  const summary = e.annotations.summary ? `: ${inlineText(e.annotations.summary, 200)}` : '';
  const source = e.generatorURL ? ` ([source](${e.generatorURL}))` : '';
  return `Alert ${codeSpan(inlineText(e.name, 100))} fired${summary} (${codeSpan(inlineText(labelList(e.labels), 300))})${source}.`;
}

export function alertEventLine(e: Exclude<AlertEvent, AlertLinkedEvent>, day: string): string {
  switch (e.type) {
    case 'alert.changed':
      return e.firing ? 'The alert fired again.' : 'The alert stopped firing.';
    case 'alert.related':
      return `Related alert ${codeSpan(inlineText(e.name, 100))} started firing (${codeSpan(inlineText(labelList(e.labels), 300))}).`;
    case 'alert.silenced':
      return `${mention(e.actor)} silenced the alert in Alertmanager until ${utcTime(e.endsAt, day)} (silence ${codeSpan(e.silenceId)}: ${codeSpan(inlineText(e.matchers.join(', '), 300))}; “${inlineText(e.comment, 200)}”).`;
    case 'alert.silence-expired':
      return `${mention(e.actor)} expired the Alertmanager silence ${codeSpan(e.silenceId)}.`;
  }
}
