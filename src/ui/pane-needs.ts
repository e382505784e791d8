// What the dashboard's panes would show whole (layout.ts PaneNeeds), for the layout to give the
// rows a short checklist or an empty output pane cannot use to the step under the cursor.
import { useMemo } from 'react';
import { flatSteps, sectionProgress } from '../core/incident/selectors.ts';
import type { IncidentState } from '../core/incident/state.ts';
import { checklistRowCount } from './checklist.tsx';
import type { PaneNeeds } from './layout.ts';
import { detailLines } from './step-detail.tsx';

export function usePaneNeeds(state: IncidentState, cursor: number, detailWidth: number): PaneNeeds {
  const checklistRows = useMemo(() => checklistRowCount(flatSteps(state), sectionProgress(state)), [state.runbook, state.steps]);
  const detailRows = useMemo(() => {
    const steps = flatSteps(state);
    const step = steps[Math.min(cursor, Math.max(0, steps.length - 1))]?.step;
    return step ? detailLines(step, state.parameters, detailWidth, state.runbook).length : 1;
  }, [state.runbook, state.parameters, cursor, detailWidth]);
  const outputEmpty = state.commands.length === 0;
  return useMemo(() => ({ checklistRows, detailRows, outputEmpty }), [checklistRows, detailRows, outputEmpty]);
}
