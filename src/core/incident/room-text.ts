// How the shared room's events read in the timelines (the dashboard's and the post-mortem's).
import type { ApprovalDecidedEvent, ApprovalRequestedEvent, RoleAssignedEvent } from './room-events.ts';

const firstLine = (script: string) => {
  const lines = script.trim().split('\n');
  return lines.length > 1 ? `${lines[0]} …` : (lines[0] ?? '');
};

export function roleText(event: RoleAssignedEvent): string {
  return `${event.to} is ${event.role}${event.from !== null && event.from !== event.to ? ` (handed over by ${event.from})` : ''}`;
}

export function approvalRequestedText(event: ApprovalRequestedEvent): string {
  return `${event.actor} asked for approval to run ${firstLine(event.script)} (${event.reason})`;
}

export function approvalDecidedText(event: ApprovalDecidedEvent, script: string | null): string {
  const what = script === null ? `request #${event.requestSeq}` : firstLine(script);
  const why = event.reason !== null && event.reason !== '' ? `: ${event.reason}` : '';
  return `${event.actor} ${event.approved ? 'approved' : 'rejected'} ${what}${why}`;
}
