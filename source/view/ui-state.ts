import type { KeyAction } from './keymap.js';
import { moveCursor, type Pane } from './navigation.js';

/** The view's own state: which pane has the keys, help open, the selected execution, the tree cursor. */
export interface UiState {
  readonly pane: Pane;
  readonly help: boolean;
  /** Selection follows the execution, not the row: the list reorders as executions start and end. */
  readonly selectedId: string | undefined;
  /** Last known row of the selection, used when the selected execution leaves the list. */
  readonly selectedIndex: number;
  readonly treeCursor: number;
}

/** What the reducer needs to know about the screen when a key arrives. */
export interface UiContext {
  readonly executionIds: readonly string[];
  readonly treeLineCount: number;
  readonly executionsPage: number;
  readonly treePage: number;
}

/** The state before any key. */
export const INITIAL_UI_STATE: UiState = { pane: 'executions', help: false, selectedId: undefined, selectedIndex: 0, treeCursor: 0 };

/** Row of the selected execution in `ids` (falling back to the last known row, clamped). */
export function selectedRow(state: UiState, ids: readonly string[]): number {
  const found = state.selectedId === undefined ? -1 : ids.indexOf(state.selectedId);
  return found >= 0 ? found : Math.min(state.selectedIndex, Math.max(0, ids.length - 1));
}

/**
 * Applies one key action. A reducer (not closures over the last render) so a burst of keys typed
 * before React re-renders is applied in order, each to the state the previous one left.
 */
export function uiReducer(state: UiState, event: { action: KeyAction; context: UiContext }): UiState {
  const { action, context } = event;
  if (action === 'help') return { ...state, help: !state.help };
  if (state.help) return action === 'back' ? { ...state, help: false } : state;
  switch (action) {
    case 'open': return { ...state, pane: 'tree' };
    case 'back': return { ...state, pane: 'executions' };
    case 'nextPane': return { ...state, pane: state.pane === 'executions' ? 'tree' : 'executions' };
    case 'quit':
    case 'pause':
      return state;
    default:
      break;
  }
  if (state.pane === 'tree') {
    return { ...state, treeCursor: moveCursor(action, Math.min(state.treeCursor, Math.max(0, context.treeLineCount - 1)), context.treeLineCount, context.treePage) };
  }
  const row = selectedRow(state, context.executionIds);
  const next = moveCursor(action, row, context.executionIds.length, context.executionsPage);
  if (next === row) return state;
  return { ...state, selectedId: context.executionIds[next], selectedIndex: next, treeCursor: 0 };
}
