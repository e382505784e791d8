// The picker's shared incidents (share.url set): open incidents other responders published,
// with who is in each room now, joined in one enter (`warroom join`).
import type { Choice } from './select-dialog.tsx';

export interface PickerShared {
  id: string;
  title: string;
  severity: string;
  status: string;
  /** Operators heard from in the last 30 s. */
  present: string[];
}

export type SharedItem = { kind: 'join'; id: string };

export function sharedItems(shared: readonly PickerShared[]): Choice<SharedItem>[] {
  return shared.map((s) => ({
    key: `s-${s.id}`,
    label: `Join    ${s.severity}  ${s.title} · ${s.status} · ${s.present.length > 0 ? `in the room: ${s.present.join(', ')}` : 'nobody in the room'} · ${s.id}`,
    value: { kind: 'join' as const, id: s.id },
  }));
}
