import type { Pane } from './navigation.js';

/** Terminal rows assumed when the output stream does not say (not a TTY, tests). */
export const DEFAULT_ROWS = 24;
/** Terminal columns assumed when the output stream does not say. */
export const DEFAULT_COLUMNS = 80;
/** At or above this many columns the executions list and the selected execution's tree sit side by side. */
export const SIDE_BY_SIDE_COLUMNS = 160;
/** Smallest terminal the dashboard draws in; below it, a notice says how big it needs to be. */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 15;
/** The metrics pane is shown only on terminals at least this tall; below, the panes need every line. */
export const METRICS_MIN_ROWS = 20;
/** Lines the metrics pane takes when shown. */
export const METRICS_PANE_HEIGHT = 3;

/** Alert rows the alerts pane shows at most; more scroll within it (the executions need the lines). */
export const ALERTS_MAX_ROWS = 5;
/** Fewest lines the alerts pane is shown in: its title and one row. */
export const ALERTS_MIN_HEIGHT = 2;
/** Lines the executions list keeps before any other pane gets one: title, header and four rows. */
export const PANES_MIN_ROWS = 6;
/** Lines below the panes above the strip for the strip (queue, spend, sources) to be shown unasked. */
export const STRIP_MIN_BODY = 24;
/** Lines the strip takes at most (unless zoomed), and at least when a strip pane has the focus. */
export const STRIP_MAX_HEIGHT = 12;
export const STRIP_MIN_HEIGHT = 6;
/** At or above this many columns every strip pane shows side by side; below, only the focused one (or the first). */
export const STRIP_ALL_COLUMNS = 120;

/** What the frame has to show besides the status bar and the executions. */
export interface LayoutOptions {
  /** Metrics are available (the snapshot carries `windows` and `rates`). */
  readonly metrics?: boolean | undefined;
  /** Alerts shown (pending and firing); undefined when rules are not evaluated, and there is no alerts pane. */
  readonly alerts?: number | undefined;
  /** Rows of the executions list (groups included): the list is given no more lines than it can fill. */
  readonly executions?: number | undefined;
  /** The strip panes that have data to show, in order (queue, spend, sources). */
  readonly strip?: readonly Pane[] | undefined;
  /** The pane with the keys: a strip pane with the focus is shown even when the strip does not fit unasked. */
  readonly focus?: Pane | undefined;
  /** The focused pane takes the whole body. */
  readonly zoom?: boolean | undefined;
}

/** A box: width and height in columns and lines. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Where each part of the dashboard goes. Heights are in lines, widths in columns. */
export interface Layout {
  readonly columns: number;
  /** Lines the whole frame may use. */
  readonly height: number;
  /** Too small to draw in: the frame is a notice saying so. */
  readonly tooSmall: boolean;
  readonly sideBySide: boolean;
  readonly executions: Size;
  /** The selected execution's tree beside the list (side by side only; 0 × 0 otherwise). */
  readonly tree: Size;
  /** Lines for the metrics pane, between the status bar and the panes (0 when not shown). */
  readonly metrics: number;
  /** Lines for the alerts pane, full width between the metrics and the panes (0 when not shown). */
  readonly alerts: number;
  /** The strip at the bottom: its height and the panes in it with their widths. */
  readonly strip: { readonly height: number; readonly panes: readonly { readonly pane: Pane; readonly width: number }[] };
  /** Lines below the status bar (used whole by help, detail, and a zoomed pane). */
  readonly body: number;
  /** The zoomed pane, when zoom is on. */
  readonly zoomed: Pane | undefined;
}

/** Lines the alerts pane asks for: its title and a row per alert up to ALERTS_MAX_ROWS, or the empty-state line. */
function alertsWanted(alerts: number | undefined): number {
  return alerts === undefined ? 0 : 1 + Math.max(1, Math.min(alerts, ALERTS_MAX_ROWS));
}

/** Splits `columns` between `n` panes with a one-column gap between them. */
function splitWidths(columns: number, n: number): number[] {
  const gaps = n - 1;
  const each = Math.floor((columns - gaps) / n);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? columns - gaps - each * (n - 1) : each));
}

const NONE: Size = { width: 0, height: 0 };

/**
 * Splits the terminal between status bar, metrics (when there is room), alerts (when rules are evaluated),
 * the executions list (with the selected tree beside it on wide terminals) and the strip of queue, spend
 * and sources panes at the bottom. Every line is used: what the list cannot fill goes to the strip. The
 * frame is one line shorter than the terminal: when Ink's output is as tall as the screen it clears the
 * whole terminal on every frame (flicker).
 */
export function computeLayout(rows: number, columns: number, options: LayoutOptions = {}): Layout {
  const height = Math.max(1, rows - 1);
  const cols = Math.max(1, columns);
  const body = Math.max(0, height - 1);
  const sideBySide = cols >= SIDE_BY_SIDE_COLUMNS;
  const empty = { height: 0, panes: [] };
  const base = { columns: cols, height, body, sideBySide, zoomed: undefined };
  if (cols < MIN_COLUMNS || rows < MIN_ROWS) {
    return { ...base, tooSmall: true, executions: NONE, tree: NONE, metrics: 0, alerts: 0, strip: empty };
  }
  const focus = options.focus ?? 'executions';
  if (options.zoom === true) {
    const strip = focus === 'executions' || focus === 'alerts' ? empty : { height: body, panes: [{ pane: focus, width: cols }] };
    return {
      ...base, tooSmall: false, zoomed: focus, metrics: 0, strip,
      alerts: focus === 'alerts' ? body : 0,
      executions: focus === 'executions' ? { width: cols, height: body } : NONE,
      tree: NONE,
    };
  }
  const metrics = options.metrics === true && rows >= METRICS_MIN_ROWS ? METRICS_PANE_HEIGHT : 0;
  // A title without a row would take the keys (a) with nothing to show for them: then no pane at all.
  const alertsRoom = body - metrics - PANES_MIN_ROWS;
  const alerts = alertsRoom >= ALERTS_MIN_HEIGHT ? Math.min(alertsWanted(options.alerts), alertsRoom) : 0;
  const rest = body - metrics - alerts;

  const stripPanes = options.strip ?? [];
  const focusInStrip = stripPanes.includes(focus);
  let stripHeight = 0;
  if (stripPanes.length > 0) {
    if (rest >= STRIP_MIN_BODY) stripHeight = Math.min(STRIP_MAX_HEIGHT, Math.floor(rest * 0.3));
    else if (focusInStrip) stripHeight = Math.max(STRIP_MIN_HEIGHT, Math.floor(rest / 2));
    // The list gives what it cannot fill to the strip (a quiet runtime's few executions, a narrow filter):
    // no line is left blank while a strip pane could use it.
    const listed = options.executions ?? Number.POSITIVE_INFINITY;
    // Title and column header, and the line that says nothing matches when nothing does.
    const listWants = listed + (listed === 0 ? 3 : 2);
    if (rest - stripHeight > listWants) stripHeight = Math.max(stripHeight, rest - Math.max(PANES_MIN_ROWS, listWants));
    stripHeight = Math.min(stripHeight, rest - PANES_MIN_ROWS);
    if (stripHeight < STRIP_MIN_HEIGHT && !focusInStrip) stripHeight = 0;
  }
  const shown = stripHeight <= 0 ? [] : cols >= STRIP_ALL_COLUMNS ? stripPanes : [focusInStrip ? focus : stripPanes[0]!];
  const widths = splitWidths(cols, Math.max(1, shown.length));
  const strip = { height: shown.length === 0 ? 0 : stripHeight, panes: shown.map((pane, i) => ({ pane, width: widths[i]! })) };
  const panes = rest - strip.height;
  if (sideBySide) {
    const execWidth = Math.floor(cols / 2);
    return {
      ...base, tooSmall: false, metrics, alerts, strip,
      executions: { width: execWidth, height: panes },
      tree: { width: cols - execWidth - 1, height: panes },
    };
  }
  return { ...base, tooSmall: false, metrics, alerts, strip, executions: { width: cols, height: panes }, tree: NONE };
}
