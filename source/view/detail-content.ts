import { criticalSpans, timelineLines } from '../core/snapshot/snapshot.js';
import type { ExecutionTree, JournalView, Json, NodeStatsData, TextFormat } from '../core/snapshot/snapshot.js';
import { windowStart } from './components/window-start.js';
import type { DetailContext, DetailState, DetailTab } from './detail-state.js';
import { detailOutline, type DetailOutline } from './format/detail-outline.js';
import { formatDuration } from './format/duration.js';
import type { Tone } from './format/glyphs.js';
import { formatUsd } from './format/money.js';
import { sanitise } from './format/sanitise.js';
import { formatTokens } from './format/tokens.js';

/** State lines shown at most (a JSON state can be any size); the rest is counted on a last line. */
export const MAX_STATE_LINES = 5_000;
/** Marks an attempt on the critical path, in the gutter. */
export const CRITICAL_MARK = '◆';

/** What the detail shows: the props of DetailView, minus what is only drawing. */
export interface DetailInput {
  readonly tree: ExecutionTree | undefined;
  readonly journal?: JournalView | undefined;
  readonly nodeStats?: NodeStatsData | undefined;
  readonly now: number;
  readonly height: number;
  readonly detail: DetailState;
}

/** One row on screen, ready to draw. */
export interface WindowRow {
  readonly key: string;
  /** Gutter and tree prefix (`› ◆ │   ├── ▸ `), drawn muted. */
  readonly lead: string;
  readonly text: string;
  readonly tone?: Tone | undefined;
  readonly selected: boolean;
}

/** The rows of the current tab that fit under the tab bar, and what sits fixed above them. */
export interface DetailWindow {
  readonly fixed: readonly { readonly text: string; readonly tone?: Tone | undefined }[];
  readonly rows: readonly WindowRow[];
}

const TEXT_FORMAT: TextFormat = {
  duration: formatDuration,
  usd: formatUsd,
  tokens: formatTokens,
  clean: (text) => sanitise(text, 300),
};

// One-entry memos: the view asks for the same content on every key press and every frame of a snapshot.
let outlineMemo: { tree: ExecutionTree; folds: DetailState['folds']; mode: DetailState['foldMode']; outline: DetailOutline } | undefined;
let eventsMemo: { journal: JournalView; lines: readonly string[] } | undefined;
let stateMemo: { state: Json; lines: readonly string[] } | undefined;
let criticalMemo: { tree: ExecutionTree; now: number; keys: ReadonlySet<string> } | undefined;

/** The tree's rows with the detail's folds (memoised on the tree and the folds). */
export function outlineOf(tree: ExecutionTree, detail: DetailState): DetailOutline {
  const m = outlineMemo;
  if (m && m.tree === tree && m.folds === detail.folds && m.mode === detail.foldMode) return m.outline;
  const outline = detailOutline(tree, detail);
  outlineMemo = { tree, folds: detail.folds, mode: detail.foldMode, outline };
  return outline;
}

/** `inspect --events`' lines for the journal's events: its header first. */
export function eventLines(journal: JournalView): readonly string[] {
  if (eventsMemo?.journal === journal) return eventsMemo.lines;
  const lines = timelineLines(journal.events, TEXT_FORMAT);
  eventsMemo = { journal, lines };
  return lines;
}

/** The state as indented JSON, at most MAX_STATE_LINES lines (unsanitised: rows are sanitised when drawn). */
export function stateLines(state: Json): readonly string[] {
  if (stateMemo?.state === state) return stateMemo.lines;
  const all = JSON.stringify(state, null, 2).split('\n');
  const lines = all.length <= MAX_STATE_LINES ? all : [...all.slice(0, MAX_STATE_LINES - 1), `… ${all.length - MAX_STATE_LINES + 1} more lines`];
  stateMemo = { state, lines };
  return lines;
}

function criticalOf(tree: ExecutionTree, now: number): ReadonlySet<string> {
  if (criticalMemo?.tree === tree && criticalMemo.now === now) return criticalMemo.keys;
  const keys = criticalSpans(tree, now);
  criticalMemo = { tree, now, keys };
  return keys;
}

/** Lines fixed above a tab's scrolling rows (a header, a note of what is missing). */
function fixedLines(input: DetailInput, tab: DetailTab): DetailWindow['fixed'] {
  const { journal } = input;
  if (tab === 'tree') return [];
  if (!journal) return [{ text: 'no events journaled for this execution (seen before this monitor started, or forgotten)', tone: 'muted' }];
  if (tab === 'events') {
    const dropped = journal.seen - journal.events.length;
    const head = eventLines(journal)[0] ?? '';
    return dropped > 0
      ? [{ text: `last ${journal.events.length} of ${journal.seen} events (jamjet inspect --events has them all)`, tone: 'muted' }, { text: head }]
      : [{ text: head }];
  }
  if (journal.state === undefined) return [{ text: 'no state yet: this monitor has not seen its workflow_started', tone: 'muted' }];
  return [{ text: journal.stateOrigin === 'final_state' ? 'final_state of workflow_completed' : 'folded from initial_input and every state patch so far', tone: 'muted' }];
}

function scrollRows(input: DetailInput, tab: DetailTab): readonly string[] {
  const { journal } = input;
  if (!journal) return [];
  if (tab === 'events') return eventLines(journal).slice(1);
  return journal.state === undefined ? [] : stateLines(journal.state);
}

/** Rows the current tab can show at once under the tab bar and its fixed lines. */
function pageSize(input: DetailInput): number {
  return Math.max(1, input.height - 1 - fixedLines(input, input.detail.tab).length);
}

/** The tree's cursor as shown: on its row's key when that is still there, else the index clamped. */
function treeCursor(outline: DetailOutline, detail: DetailState): number {
  const byKey = detail.cursorKey === undefined ? undefined : outline.indexOf.get(detail.cursorKey);
  return Math.max(0, Math.min(byKey ?? detail.cursor, outline.rows.length - 1));
}

/** What detailReducer needs of the content now on screen; the lead's key handler builds it from the same props. */
export function detailContext(input: DetailInput): DetailContext {
  const outline = input.tree ? outlineOf(input.tree, input.detail) : undefined;
  return {
    rows: {
      tree: outline?.rows.length ?? 0,
      events: scrollRows(input, 'events').length,
      state: scrollRows(input, 'state').length,
    },
    pageSize: pageSize(input),
    cursor: outline ? treeCursor(outline, input.detail) : 0,
    keyAt: (i) => outline?.rows[i]?.key,
    foldAt: (i) => {
      const row = outline?.rows[i];
      return row?.folded === undefined ? undefined : { key: row.key, folded: row.folded };
    },
  };
}

/**
 * The rows of the current tab that fit in `height - 1` (under the tab bar): only these are formatted,
 * whatever the size of the tree, the timeline or the state.
 */
export function detailWindow(input: DetailInput): DetailWindow {
  const { tree, detail, now, nodeStats } = input;
  const fixed = fixedLines(input, detail.tab);
  const page = pageSize(input);
  if (detail.tab !== 'tree') {
    const all = scrollRows(input, detail.tab);
    const start = Math.min(detail.scroll[detail.tab], Math.max(0, all.length - page));
    const rows = all.slice(start, start + page).map((text, i) => ({ key: String(start + i), lead: '', text: sanitise(text, 2_000), selected: false }));
    return { fixed, rows };
  }
  if (!tree) return { fixed, rows: [] };
  const outline = outlineOf(tree, detail);
  const cursor = treeCursor(outline, detail);
  const start = windowStart(outline.rows.length, page, cursor, Math.min(detail.scroll.tree, outline.rows.length));
  const critical = criticalOf(tree, now);
  const ctx = { now, nodeStats };
  const rows = outline.rows.slice(start, start + page).map((row, i): WindowRow => {
    const selected = start + i === cursor;
    const onPath = row.spanKeys?.some((k) => critical.has(k)) === true;
    const fold = row.folded === undefined ? '' : row.folded ? '▸ ' : '▾ ';
    const line = row.line(ctx);
    return { key: row.key, lead: `${selected ? '›' : ' '}${onPath ? CRITICAL_MARK : ' '} ${row.prefix}${fold}`, text: line.text, tone: line.tone, selected };
  });
  return { fixed, rows };
}
