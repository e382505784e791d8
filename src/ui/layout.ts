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

export function computeLayout(columns: number, rows: number, focus: 'checklist' | 'output'): Layout {
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
    const detailRows = Math.min(10, Math.floor(bodyRows * 0.35));
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
  const checklistRows = bodyRows < 6 ? bodyRows : Math.max(3, Math.floor(bodyRows * share));
  const rest = bodyRows - checklistRows;
  const detailRows = rest >= 12 ? 4 : rest >= 8 ? 3 : rest >= 5 ? 2 : 0;
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
