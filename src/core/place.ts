// Where an operator was when they left, so `resume` puts them back: the step under the cursor
// (by id, so a changed step count cannot move it), the focused pane, the timeline, and a
// composer draft they had not sent. Stored per operator beside the journal, never sent.

export interface OperatorPlace {
  cursorStepId: string | null;
  pane: 'checklist' | 'output';
  timeline: boolean;
  /** An update being written when they left: its kind and field values. */
  draft: { kind: 'internal' | 'public'; values: Record<string, string> } | null;
}

/** Reads and writes one operator's place (src/adapters/place-file.ts). */
export interface PlacePort {
  load(): OperatorPlace | null;
  save(place: OperatorPlace): void;
}
