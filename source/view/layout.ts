/** Terminal rows assumed when the output stream does not say (not a TTY, tests). */
export const DEFAULT_ROWS = 24;
/** Terminal columns assumed when the output stream does not say. */
export const DEFAULT_COLUMNS = 80;
/** At or above this many columns the executions and tree panes sit side by side. */
export const SIDE_BY_SIDE_COLUMNS = 160;
/** The metrics pane is shown only on terminals at least this tall; below, the panes need every line. */
export const METRICS_MIN_ROWS = 20;
/** Lines the metrics pane takes when shown. */
export const METRICS_PANE_HEIGHT = 3;

/** Alert rows the alerts pane shows at most; more scroll within it (the executions and tree need the lines). */
export const ALERTS_MAX_ROWS = 5;
/** Fewest lines the alerts pane is shown in: its title and one row. */
export const ALERTS_MIN_HEIGHT = 2;
/** Lines the executions and tree panes keep before the alerts pane gets any. */
export const PANES_MIN_ROWS = 6;

/** What the frame has to show besides the status bar and the two panes. */
export interface LayoutOptions {
  /** Metrics are available (the snapshot carries `windows` and `rates`). */
  readonly metrics?: boolean | undefined;
  /** Alerts shown (pending and firing); undefined when rules are not evaluated, and there is no alerts pane. */
  readonly alerts?: number | undefined;
}

/** Where each part of the dashboard goes. Heights are in lines, widths in columns. */
export interface Layout {
  readonly columns: number;
  /** Lines the whole frame may use. */
  readonly height: number;
  readonly sideBySide: boolean;
  readonly executions: { readonly width: number; readonly height: number };
  readonly tree: { readonly width: number; readonly height: number };
  /** Lines for the metrics pane, between the status bar and the panes (0 when not shown). */
  readonly metrics: number;
  /** Lines for the alerts pane, full width between the metrics and the panes (0 when not shown). */
  readonly alerts: number;
  /** Lines below the status bar (used whole by the help overlay). */
  readonly body: number;
}

/** Lines the alerts pane asks for: its title and a row per alert up to ALERTS_MAX_ROWS, or the empty-state line. */
function alertsWanted(alerts: number | undefined): number {
  return alerts === undefined ? 0 : 1 + Math.max(1, Math.min(alerts, ALERTS_MAX_ROWS));
}

/**
 * Splits the terminal between status bar, metrics pane (when asked for and there is room), alerts pane
 * (when alerts are evaluated, and the panes keep PANES_MIN_ROWS) and panes. The frame is one line shorter than the terminal:
 * when Ink's output is as tall as the screen it clears the whole terminal on every frame (flicker).
 */
export function computeLayout(rows: number, columns: number, options: LayoutOptions = {}): Layout {
  const height = Math.max(1, rows - 1);
  const cols = Math.max(1, columns);
  const body = height - 1;
  const metrics = options.metrics === true && rows >= METRICS_MIN_ROWS ? METRICS_PANE_HEIGHT : 0;
  // A title without a row would take the keys (a) with nothing to show for them: then no pane at all.
  const room = body - metrics - PANES_MIN_ROWS;
  const alerts = room >= ALERTS_MIN_HEIGHT ? Math.min(alertsWanted(options.alerts), room) : 0;
  const panes = body - metrics - alerts;
  if (cols >= SIDE_BY_SIDE_COLUMNS) {
    const execWidth = Math.floor(cols / 2);
    return {
      columns: cols, height, body, metrics, alerts, sideBySide: true,
      executions: { width: execWidth, height: panes },
      tree: { width: cols - execWidth - 1, height: panes },
    };
  }
  const execHeight = Math.min(panes, Math.max(3, Math.floor(panes * 0.4)));
  return {
    columns: cols, height, body, metrics, alerts, sideBySide: false,
    executions: { width: cols, height: execHeight },
    tree: { width: cols, height: panes - execHeight },
  };
}
