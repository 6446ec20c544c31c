import type { AlertView } from '../core/snapshot/snapshot.js';
import { filterFromLabels, type ExecutionFilter } from './filter/execution-filter.js';
import type { KeyAction } from './keymap.js';
import { moveCursor, type Pane } from './navigation.js';

/** The executions list narrowed to an alert's executions: the alert's name (for the indicator) and its filter. */
export interface AlertFilter {
  readonly alert: string;
  readonly filter: ExecutionFilter;
}

/** The view's own state: which pane has the keys, help open, the selected execution, the tree and alert cursors, the filter. */
export interface UiState {
  readonly pane: Pane;
  readonly help: boolean;
  /** Selection follows the execution, not the row: the list reorders as executions start and end. */
  readonly selectedId: string | undefined;
  /** Last known row of the selection, used when the selected execution leaves the list. */
  readonly selectedIndex: number;
  readonly treeCursor: number;
  /** Row of the selected alert (clamped to the alerts shown when read, see selectedAlertRow). */
  readonly alertCursor: number;
  /** Set by Enter on an alert, cleared by Esc in the executions list. */
  readonly filter: AlertFilter | undefined;
}

/** What the reducer needs to know about the screen when a key arrives. */
export interface UiContext {
  /** The executions list as shown (filtered when a filter is set). */
  readonly executionIds: readonly string[];
  readonly treeLineCount: number;
  readonly executionsPage: number;
  readonly treePage: number;
  /** The alerts shown, when the alerts pane is on screen; undefined when it is not (no rules, or no room). */
  readonly alerts?: readonly AlertView[] | undefined;
  readonly alertsPage?: number | undefined;
}

/** The state before any key. */
export const INITIAL_UI_STATE: UiState = {
  pane: 'executions', help: false, selectedId: undefined, selectedIndex: 0, treeCursor: 0, alertCursor: 0, filter: undefined,
};

/** Row of the selected execution in `ids` (falling back to the last known row, clamped). */
export function selectedRow(state: UiState, ids: readonly string[]): number {
  const found = state.selectedId === undefined ? -1 : ids.indexOf(state.selectedId);
  return found >= 0 ? found : Math.min(state.selectedIndex, Math.max(0, ids.length - 1));
}

/** Row of the selected alert among `count` alerts (the list shrinks as alerts resolve). */
export function selectedAlertRow(state: UiState, count: number): number {
  return Math.min(state.alertCursor, Math.max(0, count - 1));
}

/** Tab's order: executions, tree, then alerts when the alerts pane is on screen. */
function nextPane(pane: Pane, alertsShown: boolean): Pane {
  if (pane === 'executions') return 'tree';
  if (pane === 'tree' && alertsShown) return 'alerts';
  return 'executions';
}

/** Esc: out of the tree or alerts pane; in the executions list, clears the alert filter. */
function back(state: UiState): UiState {
  if (state.pane !== 'executions') return { ...state, pane: 'executions' };
  return state.filter === undefined ? state : { ...state, filter: undefined };
}

/** Enter on an alert: the executions list shows that alert's executions, its first row selected. */
function openAlert(state: UiState, alerts: readonly AlertView[]): UiState {
  const alert = alerts[selectedAlertRow(state, alerts.length)];
  if (alert === undefined) return state;
  return {
    ...state, pane: 'executions', filter: { alert: alert.name, filter: filterFromLabels(alert.labels) },
    selectedId: undefined, selectedIndex: 0, treeCursor: 0,
  };
}

/**
 * Applies one key action. A reducer (not closures over the last render) so a burst of keys typed
 * before React re-renders is applied in order, each to the state the previous one left.
 */
export function uiReducer(state: UiState, event: { action: KeyAction; context: UiContext }): UiState {
  const { action, context } = event;
  const alerts = context.alerts;
  if (action === 'help') return { ...state, help: !state.help };
  if (state.help) return action === 'back' ? { ...state, help: false } : state;
  // The alerts pane can leave the screen (rules stop, the terminal shrinks) while it has the keys.
  const pane = state.pane === 'alerts' && alerts === undefined ? 'executions' : state.pane;
  switch (action) {
    case 'open': return pane === 'alerts' && alerts !== undefined ? openAlert(state, alerts) : { ...state, pane: 'tree' };
    case 'back': return back(pane === state.pane ? state : { ...state, pane });
    case 'nextPane': return { ...state, pane: nextPane(pane, alerts !== undefined) };
    case 'alerts': return alerts === undefined ? state : { ...state, pane: 'alerts' };
    case 'quit':
    case 'pause':
      return state;
    default:
      break;
  }
  if (pane === 'alerts' && alerts !== undefined) {
    return { ...state, alertCursor: moveCursor(action, selectedAlertRow(state, alerts.length), alerts.length, context.alertsPage ?? 1) };
  }
  if (pane === 'tree') {
    return { ...state, treeCursor: moveCursor(action, Math.min(state.treeCursor, Math.max(0, context.treeLineCount - 1)), context.treeLineCount, context.treePage) };
  }
  const row = selectedRow(state, context.executionIds);
  const next = moveCursor(action, row, context.executionIds.length, context.executionsPage);
  if (next === row && pane === state.pane) return state;
  return { ...state, pane, selectedId: context.executionIds[next], selectedIndex: next, treeCursor: next === row ? state.treeCursor : 0 };
}
