import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Box, useInput } from 'ink';
import type { SnapshotStore } from '../core/snapshot/snapshot-store.js';
import { dialogKeys, dialogOutcome, openActionDialog, toDialogKeys, type ActionDialogState } from './action-dialog-state.js';
import { Line } from './components/line.js';
import { windowStart } from './components/window-start.js';
import { applyFilter, filterIndicator } from './filter/execution-filter.js';
import { listRows, sortExecutions } from './filter/execution-order.js';
import { isEmptyQuery, isFault, matchesQuery, parseQuery } from './filter/execution-query.js';
import { detailContext } from './detail-content.js';
import { traceLines } from './format/trace-lines.js';
import { actionOf, keyNames, parseMouse, type KeyAction } from './keymap.js';
import { computeLayout, MIN_COLUMNS, MIN_ROWS } from './layout.js';
import type { Pane } from './navigation.js';
import { ACTION_DIALOG_MAX_WIDTH, ActionDialog } from './panes/action-dialog.js';
import { AlertsPane } from './panes/alerts-pane.js';
import { DetailView } from './panes/detail-view.js';
import { ExecutionsPane } from './panes/executions-pane.js';
import { allHelpLines, HelpOverlay } from './panes/help-overlay.js';
import { MetricsPane } from './panes/metrics-pane.js';
import { QueuePane } from './panes/queue-pane.js';
import { SourcesPane } from './panes/sources-pane.js';
import { SpendPane } from './panes/spend-pane.js';
import { StatusBar } from './panes/status-bar.js';
import { TreePane } from './panes/tree-pane.js';
import { editQuery, INITIAL_UI_STATE, selectedAlertRow, selectedRow, uiReducer, type UiContext, type UiState } from './ui-state.js';
import { useTerminalSize } from './use-terminal-size.js';

/** Props for App. */
export interface AppProps {
  readonly store: SnapshotStore;
  /** Called after `quit` was dispatched (the command unmounts Ink and exits). */
  readonly onQuit?: (() => void) | undefined;
  /** Copies text to the terminal's clipboard (OSC 52; the command writes it, the view does no I/O). */
  readonly onCopy?: ((text: string) => void) | undefined;
  /** Colour on (default) or off, for NO_COLOR; the view never reads the environment itself. */
  readonly color?: boolean | undefined;
  /** Fixed terminal size, overriding stdout's (tests; stdout without rows). */
  readonly size?: { rows?: number; columns?: number } | undefined;
}

/** Lines above the executions list's first row: status bar, metrics, alerts, the list's title and header. */
const LIST_HEADER_LINES = 2;

/** The `jamjet top` dashboard: status bar, metrics, alerts, the executions list (tree beside it when wide), the detail, help. */
export function App({ store, onQuit, onCopy, color = true, size }: AppProps): ReactNode {
  // Wrapped so a class-based store keeps its `this`.
  const subscribe = useCallback((onChange: () => void) => store.subscribe(onChange), [store]);
  const getSnapshot = useCallback(() => store.getSnapshot(), [store]);
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  const { rows, columns } = useTerminalSize(size);

  // The UI state lives in a ref that every key updates at once (a burst's keys each see the last one's
  // state: `/q` types a q rather than quitting), and in React state that re-renders.
  const uiRef = useRef<UiState>(INITIAL_UI_STATE);
  const [ui, setUi] = useState<UiState>(INITIAL_UI_STATE);
  const { pane, help, alertFilter, detail } = ui;
  // The confirmation of an action on the runtime (c, A): it has every key while open.
  const dialogRef = useRef<ActionDialogState | undefined>(undefined);
  const [dialog, setDialogState] = useState<ActionDialogState | undefined>(undefined);
  const setDialog = (next: ActionDialogState | undefined): void => {
    dialogRef.current = next;
    setDialogState(next);
  };

  // A one-off message on the status bar (what y copied), until the next key.
  const [flash, setFlash] = useState<string | undefined>(undefined);

  const query = useMemo(() => parseQuery(ui.query), [ui.query]);
  const executions = useMemo(() => {
    let list = alertFilter === undefined ? snapshot.executions : applyFilter(snapshot.executions, alertFilter.filter);
    if (ui.faultsOnly) list = list.filter(isFault);
    if (!isEmptyQuery(query)) list = list.filter((e) => matchesQuery(e, query));
    return sortExecutions(list, ui.sort, snapshot.now);
  }, [snapshot.executions, snapshot.now, alertFilter, ui.faultsOnly, query, ui.sort]);
  const listed = useMemo(() => listRows(executions, ui.group), [executions, ui.group]);
  const executionIds = useMemo(() => executions.map((e) => e.id), [executions]);

  // The strip's panes, each when the snapshot carries its data (the sources pane always has some).
  const stripPanes: Pane[] = [];
  if (snapshot.queueHistory !== undefined) stripPanes.push('queue');
  if (snapshot.spend !== undefined) stripPanes.push('spend');
  stripPanes.push('sources');
  const layout = computeLayout(rows, columns, {
    strip: stripPanes,
    metrics: snapshot.windows !== undefined && snapshot.rates !== undefined,
    alerts: snapshot.alerts?.alerts.length,
    executions: listed.length,
    focus: pane,
    zoom: ui.zoom,
  });
  const alertsShown = snapshot.alerts !== undefined && layout.alerts > 0 ? snapshot.alerts : undefined;
  const alertSelected = selectedAlertRow(ui, alertsShown?.alerts.length ?? 0);
  const selected = selectedRow(ui, executionIds);
  const selectedId = executionIds[selected];
  const selectedListRow = ui.group ? listed.findIndex((r) => r.kind === 'execution' && r.execution.id === selectedId) : selected;

  // The core builds one tree: the open detail's, else the selected execution's (shown beside the list when wide).
  const focusId = detail?.id ?? (layout.tree.height > 0 ? selectedId : undefined);
  const focusSent = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (focusId === focusSent.current) return;
    focusSent.current = focusId;
    store.dispatch({ type: 'focus', executionId: focusId });
  }, [focusId, store]);

  const treeWidth = Math.max(0, layout.tree.width - 2);
  const lines = useMemo(
    () => (snapshot.focus && detail === undefined && treeWidth > 0 ? traceLines(snapshot.focus, { now: snapshot.now, width: treeWidth }) : []),
    [snapshot.focus, snapshot.now, treeWidth, detail],
  );
  // The open detail reads the tree the core built for it (the focus), its journal and its workflow's node timings.
  const detailTree = detail !== undefined && snapshot.focus?.summary.id === detail.id ? snapshot.focus : undefined;
  const detailInput = detail === undefined ? undefined : {
    tree: detailTree, journal: snapshot.focusJournal, nodeStats: snapshot.nodeStats, now: snapshot.now, height: layout.body, detail: detail.view,
  };

  const listPage = Math.max(1, layout.executions.height - LIST_HEADER_LINES);
  const listStart = useRef(0);
  listStart.current = windowStart(listed.length, listPage, Math.max(0, selectedListRow), listStart.current);

  const panes: Pane[] = ['executions'];
  if (alertsShown) panes.push('alerts');
  panes.push(...stripPanes);
  const context = useRef<UiContext>({ executionIds, executionsPage: listPage });
  context.current = {
    executionIds, executionsPage: listPage, panes,
    alerts: alertsShown?.alerts,
    panePage: { alerts: Math.max(1, layout.alerts - 1) },
    detail: detailInput === undefined ? undefined : detailContext(detailInput),
    helpLines: allHelpLines().length,
    helpPage: Math.max(1, layout.body - 1),
  };
  const listTop = 1 + layout.metrics + layout.alerts + LIST_HEADER_LINES;

  const apply = (next: UiState): void => {
    uiRef.current = next;
    setUi(next);
  };
  const sideEffect = (action: KeyAction, state: UiState): void => {
    if (action === 'quit') {
      store.dispatch({ type: 'quit' });
      onQuit?.();
    } else if (action === 'pause') {
      store.dispatch({ type: 'pause', paused: !store.getSnapshot().paused });
    } else if (action === 'cancel' || action === 'approve') {
      const ids = context.current.executionIds;
      const id = state.detail?.id ?? ids[selectedRow(state, ids)];
      const target = store.getSnapshot().executions.find((e) => e.id === id);
      // The approval waited on is the execution's current node while it waits.
      if (target !== undefined) setDialog(openActionDialog(action, target, store.getSnapshot().actions, target.waitingApproval ? target.currentNodes[0] : undefined));
    } else if (action === 'copy') {
      const ids = context.current.executionIds;
      const id = state.detail?.id ?? ids[selectedRow(state, ids)];
      if (id !== undefined && onCopy !== undefined) {
        onCopy(id);
        setFlash(`copied ${id}`);
      }
    }
  };
  useInput((input, key) => {
    setFlash(undefined);
    const open = dialogRef.current;
    if (open !== undefined) {
      const step = dialogKeys(open, toDialogKeys(input, key));
      setDialog(step.state);
      if (step.send !== undefined) {
        const sent = store.act?.(step.send);
        void sent?.then((outcome) => setDialog(dialogOutcome(dialogRef.current, outcome)));
      }
      return;
    }
    const mouse = parseMouse(input);
    if (mouse !== undefined) {
      const state = uiRef.current;
      if (mouse.type === 'click') {
        const row = listStart.current + mouse.row - listTop;
        const ids = context.current.executionIds;
        if (state.detail === undefined && !state.help && row >= 0 && row < ids.length && mouse.row >= listTop && mouse.row < listTop + listPage) {
          apply({ ...state, pane: 'executions', cursor: row, followId: undefined });
        }
        return;
      }
      apply(uiReducer(state, { action: mouse.type === 'wheelUp' ? 'up' : 'down', context: context.current }));
      return;
    }
    for (const name of keyNames(input, key)) {
      const state = uiRef.current;
      if (state.editing !== undefined) {
        apply(editQuery(state, name));
        continue;
      }
      const action = actionOf(name);
      if (action === undefined) continue;
      sideEffect(action, state);
      if (action === 'quit') return;
      apply(uiReducer(state, { action, context: context.current }));
      // A dialog opened by this key takes the rest of the burst.
      if (dialogRef.current !== undefined) return;
    }
  });

  if (layout.tooSmall) {
    return (
      <Box flexDirection="column" width={layout.columns} height={layout.height} overflow="hidden">
        <Line text={`terminal too small (${columns}×${rows}): jamjet top needs at least ${MIN_COLUMNS}×${MIN_ROWS}`} width={layout.columns} color={color} tone="waiting" />
        <Line text="enlarge it, or press q to quit" width={layout.columns} color={color} tone="muted" />
      </Box>
    );
  }

  const viewParts = [
    alertFilter === undefined ? "" : `filter, Esc clears · ${filterIndicator(alertFilter.alert, alertFilter.filter)}`,
    ui.query === '' || ui.editing !== undefined ? '' : `/${ui.query}`,
    ui.faultsOnly ? 'faults only' : '',
    ui.sort === 'newest' ? '' : `sort ${ui.sort}`,
    ui.group ? 'by workflow' : '',
  ].filter((t) => t !== '');
  const filtered = alertFilter !== undefined || ui.faultsOnly || !isEmptyQuery(query);
  const executionsPane = (height: number, width: number) => (
    <ExecutionsPane
      rows={listed} selected={Math.max(0, selectedListRow)} count={executions.length} position={selected} now={snapshot.now}
      width={width} height={height} focused={pane === 'executions' && detail === undefined} color={color}
      view={viewParts.join(' · ')} total={filtered ? snapshot.executions.length : undefined}
      editing={ui.editing?.text} following={ui.followId !== undefined}
    />
  );
  const alertsPane = (height: number) => alertsShown && (
    <AlertsPane alerts={alertsShown} selected={alertSelected} now={snapshot.now} width={layout.columns} height={height} focused={pane === 'alerts'} color={color} />
  );

  const stripPane = (which: Pane, width: number, height: number): ReactNode => {
    const focused = pane === which;
    switch (which) {
      case 'queue': return <QueuePane key={which} data={snapshot} width={width} height={height} focused={focused} color={color} />;
      case 'spend': return <SpendPane key={which} data={snapshot} width={width} height={height} focused={focused} color={color} />;
      case 'sources': return <SourcesPane key={which} data={snapshot} width={width} height={height} focused={focused} color={color} />;
      default: return null;
    }
  };
  let body: ReactNode;
  if (help) {
    body = <HelpOverlay width={layout.columns} height={layout.body} color={color} scroll={ui.helpScroll} />;
  } else if (detailInput !== undefined) {
    body = <DetailView {...detailInput} width={layout.columns} color={color} emptyText="this execution is no longer in memory (Esc goes back)" />;
  } else if (layout.zoomed === 'executions') {
    body = executionsPane(layout.body, layout.columns);
  } else if (layout.zoomed === 'alerts') {
    body = alertsPane(layout.body);
  } else if (layout.zoomed !== undefined) {
    body = stripPane(layout.zoomed, layout.columns, layout.body);
  } else {
    body = (
      <Box flexDirection="column" height={layout.body}>
        <MetricsPane windows={snapshot.windows} rates={snapshot.rates} width={layout.columns} height={layout.metrics} color={color} />
        {layout.alerts > 0 && alertsPane(layout.alerts)}
        <Box flexDirection="row" height={layout.executions.height} columnGap={layout.sideBySide ? 1 : 0}>
          {executionsPane(layout.executions.height, layout.executions.width)}
          {layout.tree.height > 0 && (
            <TreePane lines={lines} tree={snapshot.focus} cursor={0} width={layout.tree.width} height={layout.tree.height} focused={false} color={color} />
          )}
        </Box>
        {layout.strip.height > 0 && (
          <Box flexDirection="row" height={layout.strip.height} columnGap={1}>
            {layout.strip.panes.map((p) => stripPane(p.pane, p.width, layout.strip.height))}
          </Box>
        )}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={layout.columns} height={layout.height} overflow="hidden">
      <StatusBar snapshot={snapshot} width={layout.columns} color={color} flash={flash} />
      {body}
      {dialog !== undefined && (
        <Box position="absolute" marginTop={2} marginLeft={Math.max(0, Math.floor((layout.columns - Math.min(layout.columns, ACTION_DIALOG_MAX_WIDTH)) / 2))}>
          <ActionDialog state={dialog} width={layout.columns} color={color} />
        </Box>
      )}
    </Box>
  );
}
