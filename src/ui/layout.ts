// Where each pane goes for a terminal size. Pure, so a test can check every size fits: the
// live frame is exactly the terminal's height, never taller (a taller frame makes Ink repaint
// the whole screen on every update, which flickers).

export interface Rect {
  width: number;
  height: number;
}

export interface Layout {
  width: number;
  height: number;
  header: Rect;
  body: Rect;
  /** Side by side (wide terminals) or stacked (80 columns). */
  wide: boolean;
  /** Each pane's rect includes its one-row title, except the detail which has none. */
  checklist: Rect;
  detail: Rect;
  output: Rect;
  /** The timeline takes the place of detail + output. */
  timeline: Rect;
  statusRows: number;
  helpRows: number;
}

export const WIDE_COLUMNS = 120;

/**
 * What the panes would show whole: the checklist's rows, the step detail's lines, and whether the
 * output pane has anything yet. Rows a pane cannot use go to the step detail, so a step that says
 * where to type its command is read whole instead of ending in "… 3 more lines".
 */
export interface PaneNeeds {
  checklistRows: number;
  detailRows: number;
  outputEmpty: boolean;
}

/** The fewest rows the output keeps when the detail grows: its title and hint, or 40 % once it has output. */
function outputFloor(rest: number, needs: PaneNeeds): number {
  return needs.outputEmpty ? Math.min(2, rest) : Math.max(3, Math.ceil(rest * 0.4));
}

function grownDetail(detailRows: number, rest: number, needs: PaneNeeds | undefined): number {
  if (!needs || needs.detailRows <= detailRows) return detailRows;
  return Math.max(detailRows, Math.min(needs.detailRows, rest - outputFloor(rest, needs)));
}

export function computeLayout(columns: number, rows: number, focus: 'checklist' | 'output', needs?: PaneNeeds): Layout {
  const width = Math.max(20, columns);
  const height = Math.max(1, rows);
  const headerRows = height >= 8 ? 2 : height >= 4 ? 1 : 0;
  const statusRows = height >= 6 ? 1 : 0;
  const helpRows = height >= 3 ? 1 : 0;
  const bodyRows = Math.max(0, height - headerRows - statusRows - helpRows);
  const body = { width, height: bodyRows };
  const wide = width >= WIDE_COLUMNS && bodyRows >= 10;

  if (wide) {
    const leftWidth = Math.floor(width * 0.45);
    const rightWidth = width - leftWidth - 1;
    const detailRows = grownDetail(Math.min(10, Math.floor(bodyRows * 0.35)), bodyRows, needs);
    return {
      width,
      height,
      header: { width, height: headerRows },
      body,
      wide,
      checklist: { width: leftWidth, height: bodyRows },
      detail: { width: rightWidth, height: detailRows },
      output: { width: rightWidth, height: bodyRows - detailRows },
      timeline: { width: rightWidth, height: bodyRows },
      statusRows,
      helpRows,
    };
  }

  // Stacked: the focused pane gets the larger share; the detail collapses first when short.
  const share = focus === 'output' ? 0.35 : 0.5;
  const shared = bodyRows < 6 ? bodyRows : Math.max(3, Math.floor(bodyRows * share));
  // A short runbook does not keep empty checklist rows (its title row included).
  const checklistRows = needs && bodyRows >= 6 ? Math.max(3, Math.min(shared, needs.checklistRows + 1)) : shared;
  const rest = bodyRows - checklistRows;
  const detailRows = grownDetail(rest >= 12 ? 4 : rest >= 8 ? 3 : rest >= 5 ? 2 : 0, rest, rest >= 5 ? needs : undefined);
  return {
    width,
    height,
    header: { width, height: headerRows },
    body,
    wide,
    checklist: { width, height: checklistRows },
    detail: { width, height: detailRows },
    output: { width, height: rest - detailRows },
    timeline: { width, height: rest },
    statusRows,
    helpRows,
  };
}
