import { windowStart } from './components/window-start.js';

/** The execution detail's tabs, in tab order. */
export type DetailTab = 'tree' | 'events' | 'state';
export const DETAIL_TABS: readonly DetailTab[] = ['tree', 'events', 'state'];

/** How rows without an explicit fold are shown: by their default, or all open, or all closed. */
export type FoldMode = 'default' | 'expanded' | 'collapsed';

/** Where the detail view is: which tab, the tree's cursor, each tab's scroll, and what is folded. */
export interface DetailState {
  readonly tab: DetailTab;
  /** The tree's cursor row; past the end means "the last row, and stay there as rows are added". */
  readonly cursor: number;
  /** The key of the row under the cursor: the cursor follows that row as a live tree grows above it. */
  readonly cursorKey?: string | undefined;
  /** First visible row per tab; past the end means "the last page, following new rows". */
  readonly scroll: Readonly<Record<DetailTab, number>>;
  /** Rows folded (true) or opened (false) by hand, by row key; the rest follow `foldMode`. */
  readonly folds: ReadonlyMap<string, boolean>;
  readonly foldMode: FoldMode;
}

/** What the lead's keymap maps keys onto. */
export type DetailAction =
  | 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'bottom'
  | 'nextTab' | 'prevTab' | 'toggleFold' | 'expandAll' | 'collapseAll'
  | { readonly tab: DetailTab };

/** What the reducer needs to know of the rendered content (see detailContext in panes/detail-view.tsx). */
export interface DetailContext {
  /** Rows of each tab's content. */
  readonly rows: Readonly<Record<DetailTab, number>>;
  /** Content rows visible at once. */
  readonly pageSize: number;
  /** The tree cursor as shown (resolved from cursorKey, clamped). */
  readonly cursor: number;
  /** The key of the tree row at an index. */
  readonly keyAt: (index: number) => string | undefined;
  /** Whether the tree row at an index can fold, and whether it is folded now. */
  readonly foldAt: (index: number) => { readonly key: string; readonly folded: boolean } | undefined;
}

/** "Past the end": the cursor or scroll that follows the last row. */
export const FOLLOW_END = Number.MAX_SAFE_INTEGER;

/** A fresh detail state; `tail` starts at the last row and follows it (`jamjet follow`). */
export function initialDetailState(options: { tail?: boolean } = {}): DetailState {
  const start = options.tail ? FOLLOW_END : 0;
  return { tab: 'tree', cursor: start, scroll: { tree: 0, events: start, state: 0 }, folds: new Map(), foldMode: 'default' };
}

/** Whether a row is folded: by hand, else by the fold mode, else by its own default. */
export function isFolded(state: Pick<DetailState, 'folds' | 'foldMode'>, key: string, foldedByDefault: boolean): boolean {
  const own = state.folds.get(key);
  if (own !== undefined) return own;
  return state.foldMode === 'default' ? foldedByDefault : state.foldMode === 'collapsed';
}

/** The next detail state. Pure: everything it needs of the content comes in `context`. */
export function detailReducer(state: DetailState, action: DetailAction, context: DetailContext): DetailState {
  if (typeof action === 'object') return action.tab === state.tab ? state : { ...state, tab: action.tab };
  const page = Math.max(1, context.pageSize);
  switch (action) {
    case 'nextTab':
    case 'prevTab': {
      const i = DETAIL_TABS.indexOf(state.tab) + (action === 'nextTab' ? 1 : -1);
      return { ...state, tab: DETAIL_TABS[(i + DETAIL_TABS.length) % DETAIL_TABS.length]! };
    }
    case 'expandAll':
    case 'collapseAll':
      return { ...state, folds: new Map(), foldMode: action === 'expandAll' ? 'expanded' : 'collapsed' };
    case 'toggleFold': {
      const fold = state.tab === 'tree' ? context.foldAt(context.cursor) : undefined;
      if (!fold) return state;
      const folds = new Map(state.folds);
      folds.set(fold.key, !fold.folded);
      return { ...state, folds, cursor: context.cursor, cursorKey: fold.key };
    }
    case 'bottom':
      return state.tab === 'tree'
        ? { ...state, cursor: FOLLOW_END, cursorKey: undefined }
        : { ...state, scroll: { ...state.scroll, [state.tab]: FOLLOW_END } };
    default: {
      const step = action === 'down' ? 1 : action === 'up' ? -1 : action === 'pageDown' ? page : action === 'pageUp' ? -page : -Infinity;
      if (state.tab === 'tree') return moveCursor(state, step, context);
      const rows = context.rows[state.tab];
      const maxScroll = Math.max(0, rows - page);
      const from = Math.min(state.scroll[state.tab], maxScroll);
      const to = Math.min(maxScroll, Math.max(0, from + step));
      return { ...state, scroll: { ...state.scroll, [state.tab]: to } };
    }
  }
}

function moveCursor(state: DetailState, step: number, context: DetailContext): DetailState {
  const rows = context.rows.tree;
  if (rows === 0) return state;
  const cursor = Math.min(rows - 1, Math.max(0, context.cursor + step));
  // The window moves only when the cursor leaves it, as in every list of the dashboard.
  const top = windowStart(rows, context.pageSize, cursor, Math.min(state.scroll.tree, rows));
  return { ...state, cursor, cursorKey: context.keyAt(cursor), scroll: { ...state.scroll, tree: top } };
}
