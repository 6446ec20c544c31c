/** Terminal rows assumed when the output stream does not say (not a TTY, tests). */
export const DEFAULT_ROWS = 24;
/** Terminal columns assumed when the output stream does not say. */
export const DEFAULT_COLUMNS = 80;
/** At or above this many columns the executions and tree panes sit side by side. */
export const SIDE_BY_SIDE_COLUMNS = 160;

/** Where each part of the dashboard goes. Heights are in lines, widths in columns. */
export interface Layout {
  readonly columns: number;
  /** Lines the whole frame may use. */
  readonly height: number;
  readonly sideBySide: boolean;
  readonly executions: { readonly width: number; readonly height: number };
  readonly tree: { readonly width: number; readonly height: number };
  /** Lines below the status bar (used whole by the help overlay). */
  readonly body: number;
}

/**
 * Splits the terminal between status bar and panes. The frame is one line shorter than the terminal:
 * when Ink's output is as tall as the screen it clears the whole terminal on every frame (flicker).
 */
export function computeLayout(rows: number, columns: number): Layout {
  const height = Math.max(1, rows - 1);
  const cols = Math.max(1, columns);
  const body = height - 1;
  if (cols >= SIDE_BY_SIDE_COLUMNS) {
    const execWidth = Math.floor(cols / 2);
    return {
      columns: cols, height, body, sideBySide: true,
      executions: { width: execWidth, height: body },
      tree: { width: cols - execWidth - 1, height: body },
    };
  }
  const execHeight = Math.min(body, Math.max(3, Math.floor(body * 0.4)));
  return {
    columns: cols, height, body, sideBySide: false,
    executions: { width: cols, height: execHeight },
    tree: { width: cols, height: body - execHeight },
  };
}
