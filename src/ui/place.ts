// The operator's place as UI state and back: the cursor is kept as the step's id (so the same
// step is under it on resume, whatever else changed) and the focused pane and timeline as they
// were. A file that cannot be written costs the place, never the exit.
import { flatSteps } from '../core/incident/selectors.ts';
import type { OperatorPlace, PlacePort } from '../core/place.ts';
import type { Session } from '../app/session.ts';
import { initialUiState, type UiState } from './ui-state.ts';

export function restoredUi(session: Session, place: PlacePort | undefined): UiState {
  const saved = place?.load() ?? null;
  if (!saved) return initialUiState;
  const index = flatSteps(session.state).findIndex((row) => row.step.id === saved.cursorStepId);
  return { ...initialUiState, cursor: Math.max(0, index), pane: saved.pane, timeline: saved.timeline };
}

export function placeOf(session: Session, ui: UiState, draft: OperatorPlace['draft'] = null): OperatorPlace {
  const steps = flatSteps(session.state);
  const step = steps[Math.min(ui.cursor, Math.max(0, steps.length - 1))]?.step ?? null;
  return { cursorStepId: step?.id ?? null, pane: ui.pane, timeline: ui.timeline, draft };
}

export function savePlace(session: Session, ui: UiState, place: PlacePort | undefined, draft: OperatorPlace['draft']): void {
  if (!place) return;
  try {
    place.save(placeOf(session, ui, draft));
  } catch {
    // Read-only folder or full disk: the operator starts at the top next time; nothing else is lost.
  }
}
