// Slack's Block Kit limits. Too long a message is rejected with a 400 by Slack, which would
// lose an update in the middle of an incident; so everything is cut to fit, with a marker, and
// building a message never fails.
import type { KnownBlock, MessageAttachment } from '@slack/types';
import type { SlackMessage } from './types.ts';

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextText: 2000,
  text: 40_000,
} as const;

export const TRUNCATION_MARKER = '… (truncated)';

/** At most `max` characters, ending with the marker when cut; never splits a surrogate pair. */
export function truncate(text: string, max: number, marker = TRUNCATION_MARKER): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - marker.length);
  let cut = text.slice(0, room);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}${marker}`.slice(0, Math.max(max, 0));
}

/**
 * truncate() for Slack text, which is escaped (`&amp;`) and holds mentions (`<@U123>`): the cut
 * never leaves half an entity or half a mention, which Slack would show as `&am` or raw `<@U1`.
 */
export function truncateSlack(text: string, max: number, marker = TRUNCATION_MARKER): string {
  const cut = truncate(text, max, marker);
  if (cut === text || !cut.endsWith(marker)) return cut;
  const body = cut.slice(0, cut.length - marker.length);
  return `${body.replace(/&[a-z#0-9]{0,5}$/i, '').replace(/<[^<>]*$/, '')}${marker}`;
}

function fitBlock(block: KnownBlock): KnownBlock {
  switch (block.type) {
    case 'section': {
      const fitted = { ...block };
      if (fitted.text) fitted.text = { ...fitted.text, text: truncateSlack(fitted.text.text, SLACK_LIMITS.sectionText) };
      if (fitted.fields) {
        fitted.fields = fitted.fields
          .slice(0, SLACK_LIMITS.sectionFields)
          .map((f) => ({ ...f, text: truncateSlack(f.text, SLACK_LIMITS.fieldText) }));
      }
      return fitted;
    }
    case 'header':
      return { ...block, text: { ...block.text, text: truncateSlack(block.text.text, SLACK_LIMITS.headerText, '…') } };
    case 'context':
      return {
        ...block,
        elements: block.elements.map((e) =>
          'text' in e && typeof e.text === 'string' ? { ...e, text: truncateSlack(e.text, SLACK_LIMITS.contextText) } : e,
        ),
      };
    default:
      return block;
  }
}

function fitAttachment(attachment: MessageAttachment): MessageAttachment {
  const fitted = { ...attachment };
  if (fitted.text !== undefined) fitted.text = truncateSlack(fitted.text, SLACK_LIMITS.sectionText);
  if (fitted.fields) {
    fitted.fields = fitted.fields
      .slice(0, SLACK_LIMITS.sectionFields)
      .map((f) => ({ ...f, value: truncateSlack(f.value, SLACK_LIMITS.fieldText) }));
  }
  return fitted;
}

/** The same message cut to Slack's limits. */
export function fitSlackLimits(message: SlackMessage): SlackMessage {
  const fitted: SlackMessage = { text: truncateSlack(message.text, SLACK_LIMITS.text) };
  if (message.blocks) {
    let blocks = message.blocks.map(fitBlock);
    if (blocks.length > SLACK_LIMITS.blocks) {
      blocks = [
        ...blocks.slice(0, SLACK_LIMITS.blocks - 1),
        { type: 'context', elements: [{ type: 'mrkdwn', text: TRUNCATION_MARKER }] },
      ];
    }
    fitted.blocks = blocks;
  }
  if (message.attachments) fitted.attachments = message.attachments.map(fitAttachment);
  return fitted;
}
