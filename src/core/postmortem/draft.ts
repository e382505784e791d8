// The post-mortem draft: journal events in, Markdown out. Pure and deterministic (the same
// journal gives the same bytes): every time comes from the events, nothing from the clock.
// Sections follow the seed's template, in its order, then an Appendix with the evidence.
import type { IncidentEvent } from '../incident/events.ts';
import { replay } from '../incident/reduce.ts';
import { appendixMarkdown } from './appendix.ts';
import { correctiveActionsMarkdown } from './actions.ts';
import { incidentStartedAt, utcDay } from './clock-text.ts';
import { fiveWhysMarkdown } from './five-whys.ts';
import { headerMarkdown } from './header.ts';
import { impactMarkdown, summaryMarkdown } from './summary.ts';
import { postmortemTimeline, timelineMarkdown } from './timeline.ts';

export interface PostmortemOptions {
  /** Lines of each command's output in the appendix (default 10). */
  outputTailLines?: number;
}

export function postmortemMarkdown(events: readonly IncidentEvent[], opts: PostmortemOptions = {}): string {
  const opened = events[0];
  if (opened?.type !== 'incident.opened') {
    throw new Error('journal does not start with incident.opened');
  }
  const state = replay(events);
  const day = utcDay(incidentStartedAt(opened));
  const sections: string[][] = [
    headerMarkdown(state, day),
    ['## Summary', ...summaryMarkdown(state, day)],
    ['## Impact', ...impactMarkdown(state, day)],
    ['## Timeline', ...timelineMarkdown(postmortemTimeline(events), day)],
    ['## Root Cause Analysis (5 Whys)', ...fiveWhysMarkdown(state.notes)],
    ['## Corrective Actions', ...correctiveActionsMarkdown(state)],
    ['## Appendix', '', ...appendixMarkdown(state, day, { outputTailLines: opts.outputTailLines ?? 10 })],
  ];
  return `${sections.map((lines) => lines.join('\n').trimEnd()).join('\n\n')}\n`;
}
