// Operators tag notes while they work so the post-mortem can place them: `why:` / `cause:`
// feed the 5 Whys, `action:` / `todo:` the corrective actions. Untagged notes stay in the
// timeline only.

export type NoteTag = 'cause' | 'action';

export interface TaggedNote {
  tag: NoteTag | null;
  /** The note without its tag. */
  body: string;
}

const TAGS: readonly { pattern: RegExp; tag: NoteTag }[] = [
  { pattern: /^\s*(?:why|cause|root[ -]?cause)\s*:\s*/i, tag: 'cause' },
  { pattern: /^\s*(?:action|todo|to-do|follow[ -]?up)\s*:\s*/i, tag: 'action' },
];

export function parseNoteTag(text: string): TaggedNote {
  for (const { pattern, tag } of TAGS) {
    const match = pattern.exec(text);
    if (match) return { tag, body: text.slice(match[0].length).trim() };
  }
  return { tag: null, body: text.trim() };
}
