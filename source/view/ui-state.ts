import type { AlertView } from '../core/snapshot/snapshot.js';
import { filterFromLabels, type ExecutionFilter } from './filter/execution-filter.js';
import { nextSortMode, type SortMode } from './filter/execution-order.js';
import { MAX_QUERY_LENGTH } from './filter/execution-query.js';
import { NUMBERED_PANES, type KeyAction } from './keymap.js';
import { moveCursor, type Pane } from './navigation.js';
import { detailReducer, initialDetailState, type DetailAction, type DetailContext, type DetailState } from './detail-state.js';

/** The executions list narrowed to an alert's executions: the alert's name (for the indicator) and its filter. */
export interface AlertFilter {
  readonly alert: string;
  readonly filter: ExecutionFilter;
}

/** The execution detail (Enter): which execution, and its own state (tab, cursor, folds). */
export interface DetailView {
  readonly id: string;
  readonly view: DetailState;
}

/** The view's own state: focus, overlays, the list's cursor, order and filters. */
export interface UiState {
  readonly pane: Pane;
  readonly help: boolean;
  /** First line of help shown (help scrolls when taller than the screen). */
  readonly helpScroll: number;
  /** The focused pane takes the whole body. */
  readonly zoom: boolean;
  /**
   * Row of the cursor in the executions list. It stays on its row as the list changes under it (the list
   * never jumps), unless {@link followId} is set.
   */
  readonly cursor: number;
  /** `F`: the execution the cursor follows wherever it moves in the list; cleared by moving the cursor. */
  readonly followId: string | undefined;
  /** Row of the cursor in the alerts, queue, spend and sources panes. */
  readonly paneCursor: Readonly<Partial<Record<Pane, number>>>;
  /** Set by Enter on an alert, cleared by Esc in the executions list. */
  readonly alertFilter: AlertFilter | undefined;
  /** The `/` query applied to the list. */
  readonly query: string;
  /** While `/` is being typed: the text so far (applied live) and the query to go back to on Esc. */
  readonly editing: { readonly text: string; readonly before: string } | undefined;
  readonly sort: SortMode;
  readonly faultsOnly: boolean;
  readonly group: boolean;
  /** The execution open full-screen (Enter), if any. */
  readonly detail: DetailView | undefined;
}

/** What the reducer needs to know about the screen when a key arrives. */
export interface UiContext {
  /** The executions as listed (filtered, sorted), ids only. */
  readonly executionIds: readonly string[];
  readonly executionsPage: number;
  /** The alerts shown, when the alerts pane is on screen; undefined when it is not (no rules, or no room). */
  readonly alerts?: readonly AlertView[] | undefined;
  /** Rows each scrollable pane has, and shows at a time. */
  readonly paneRows?: Readonly<Partial<Record<Pane, number>>> | undefined;
  readonly panePage?: Readonly<Partial<Record<Pane, number>>> | undefined;
  /** The panes Tab cycles through: those on screen. */
  readonly panes?: readonly Pane[] | undefined;
  /** The open detail's rows and folds, as drawn (see detailContext). */
  readonly detail?: DetailContext | undefined;
  /** Lines of help, and how many show at a time. */
  readonly helpLines?: number | undefined;
  readonly helpPage?: number | undefined;
}

/** The state before any key. */
export const INITIAL_UI_STATE: UiState = {
  pane: 'executions', help: false, helpScroll: 0, zoom: false, cursor: 0, followId: undefined, paneCursor: {}, alertFilter: undefined,
  query: '', editing: undefined, sort: 'newest', faultsOnly: false, group: false, detail: undefined,
};

/** Row of the selection in `ids`: the followed execution's row, else the cursor (clamped). */
export function selectedRow(state: UiState, ids: readonly string[]): number {
  const followed = state.followId === undefined ? -1 : ids.indexOf(state.followId);
  return followed >= 0 ? followed : Math.min(state.cursor, Math.max(0, ids.length - 1));
}

/** Row of the cursor in a pane of `count` rows (its list shrinks as alerts resolve). */
export function paneRow(state: UiState, pane: Pane, count: number): number {
  return Math.min(state.paneCursor[pane] ?? 0, Math.max(0, count - 1));
}

/** Row of the selected alert among `count` alerts. */
export function selectedAlertRow(state: UiState, count: number): number {
  return paneRow(state, 'alerts', count);
}

const DEFAULT_PANES: readonly Pane[] = ['executions'];

/** Tab's order among the panes on screen (Shift-Tab goes back). */
function cyclePane(pane: Pane, panes: readonly Pane[], step: 1 | -1): Pane {
  const i = panes.indexOf(pane);
  return panes[(i + step + panes.length) % panes.length] ?? 'executions';
}

/** Esc, innermost first: zoom, then a filter (alert filter, then query), then focus back to the list. */
function back(state: UiState): UiState {
  if (state.zoom) return { ...state, zoom: false };
  if (state.pane !== 'executions') return { ...state, pane: 'executions' };
  if (state.alertFilter !== undefined) return { ...state, alertFilter: undefined, cursor: 0 };
  if (state.query !== '') return { ...state, query: '', cursor: 0 };
  return state;
}

/** Enter on an alert: the executions list shows that alert's executions, its first row selected. */
function openAlert(state: UiState, alerts: readonly AlertView[]): UiState {
  const alert = alerts[selectedAlertRow(state, alerts.length)];
  if (alert === undefined) return state;
  return { ...state, pane: 'executions', zoom: false, alertFilter: { alert: alert.name, filter: filterFromLabels(alert.labels) }, cursor: 0, followId: undefined };
}

/** Key names that are keys, not text: never typed into the query. */
const NAMED_KEYS: ReadonlySet<string> = new Set(['↓', '↑', 'PgDn', 'PgUp', 'Home', 'End', 'Tab', 'Shift-Tab']);

/** A key typed while the `/` query is being edited: text, Backspace, Enter (keep), Esc (restore). */
export function editQuery(state: UiState, key: string): UiState {
  const editing = state.editing;
  if (editing === undefined) return state;
  if (key === 'Enter') return { ...state, editing: undefined, cursor: 0 };
  if (key === 'Esc') return { ...state, editing: undefined, query: editing.before, cursor: 0 };
  const text = key === 'Backspace' ? [...editing.text].slice(0, -1).join('')
    : key === 'Space' ? `${editing.text} `
    // Printable text only: a key name (`↓`, `Ctrl-B`, `Tab`) is not typed into the query.
    : [...key].length === 1 && /^\P{C}$/u.test(key) && !NAMED_KEYS.has(key) ? editing.text + key : editing.text;
  if (text.length > MAX_QUERY_LENGTH) return state;
  return { ...state, editing: { ...editing, text }, query: text, cursor: 0 };
}

/** The detail's action for a key action; undefined for a key the detail does not use. */
function detailAction(action: KeyAction): DetailAction | undefined {
  switch (action) {
    case 'down': case 'up': case 'pageDown': case 'pageUp': case 'top': case 'bottom':
    case 'expandAll': case 'collapseAll':
      return action;
    case 'nextPane': return 'nextTab';
    case 'prevPane': return 'prevTab';
    case 'pane1': return { tab: 'tree' };
    case 'pane2': return { tab: 'events' };
    case 'pane3': return { tab: 'state' };
    case 'fold': case 'open': return 'toggleFold';
    default: return undefined;
  }
}

/** Keys in the detail: its reducer's (tabs, movement, folds); Esc closes it. */
function detailKey(state: UiState, detail: DetailView, action: KeyAction, context: UiContext): UiState {
  if (action === 'back') return { ...state, detail: undefined };
  const mapped = detailAction(action);
  if (mapped === undefined || context.detail === undefined) return state;
  const view = detailReducer(detail.view, mapped, context.detail);
  return view === detail.view ? state : { ...state, detail: { ...detail, view } };
}

/** Number keys: the pane, when it is on screen (or could be, zoomed). */
function numberedPane(state: UiState, action: KeyAction, context: UiContext): UiState {
  const pane = NUMBERED_PANES[Number(action.slice(4)) - 1];
  if (pane === undefined) return state;
  if (!(context.panes ?? DEFAULT_PANES).includes(pane)) return state;
  return { ...state, pane };
}

/**
 * Applies one key action. A reducer (not closures over the last render) so a burst of keys typed
 * before React re-renders is applied in order, each to the state the previous one left.
 */
export function uiReducer(state: UiState, event: { action: KeyAction; context: UiContext }): UiState {
  const { action, context } = event;
  const alerts = context.alerts;
  if (action === 'help') return { ...state, help: !state.help, helpScroll: 0 };
  if (state.help) {
    if (action === 'back') return { ...state, help: false };
    const page = context.helpPage ?? 1;
    const maxScroll = Math.max(0, (context.helpLines ?? 0) - page);
    const scroll = moveCursor(action, state.helpScroll, maxScroll + 1, page);
    return scroll === state.helpScroll ? state : { ...state, helpScroll: scroll };
  }
  if (state.detail !== undefined) return detailKey(state, state.detail, action, context);
  // The alerts pane can leave the screen (rules stop, the terminal shrinks) while it has the keys.
  const pane = state.pane === 'alerts' && alerts === undefined ? 'executions' : state.pane;
  const panes = context.panes ?? DEFAULT_PANES;
  const ids = context.executionIds;
  switch (action) {
    case 'open': {
      if (pane === 'alerts' && alerts !== undefined) return openAlert(state, alerts);
      if (pane !== 'executions') return state;
      const id = ids[selectedRow(state, ids)];
      return id === undefined ? state : { ...state, detail: { id, view: initialDetailState() } };
    }
    case 'back': return back(pane === state.pane ? state : { ...state, pane });
    case 'nextPane': return { ...state, pane: cyclePane(pane, panes, 1) };
    case 'prevPane': return { ...state, pane: cyclePane(pane, panes, -1) };
    case 'zoom': return { ...state, zoom: !state.zoom };
    case 'alerts': return alerts === undefined ? state : { ...state, pane: 'alerts' };
    case 'pane1': case 'pane2': case 'pane3': case 'pane4': case 'pane5':
      return numberedPane(state, action, context);
    case 'filter': return { ...state, pane: 'executions', editing: { text: state.query, before: state.query } };
    case 'sort': return { ...state, sort: nextSortMode(state.sort) };
    case 'faults': return { ...state, faultsOnly: !state.faultsOnly, cursor: 0 };
    case 'group': return { ...state, group: !state.group };
    case 'follow': {
      if (state.followId !== undefined) return { ...state, followId: undefined };
      return { ...state, followId: ids[selectedRow(state, ids)] };
    }
    case 'down': case 'up': case 'pageDown': case 'pageUp': case 'top': case 'bottom':
      break;
    default:
      return state;
  }
  if (pane !== 'executions') {
    const rows = pane === 'alerts' ? (alerts?.length ?? 0) : (context.paneRows?.[pane] ?? 0);
    const at = paneRow(state, pane, rows);
    const next = moveCursor(action, at, rows, context.panePage?.[pane] ?? 1);
    return { ...state, pane, paneCursor: { ...state.paneCursor, [pane]: next } };
  }
  const row = selectedRow(state, ids);
  const next = moveCursor(action, row, ids.length, context.executionsPage);
  // Moving the cursor by hand ends following, as in htop.
  if (next === row && state.followId === undefined && pane === state.pane) return state;
  return { ...state, pane, cursor: next, followId: undefined };
}
