import { useCallback, useEffect, useMemo, useReducer, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { Box, useInput } from 'ink';
import type { SnapshotStore } from '../core/snapshot/snapshot-store.js';
import { applyFilter, filterIndicator } from './filter/execution-filter.js';
import { traceLines } from './format/trace-lines.js';
import { resolveKey } from './keymap.js';
import { computeLayout } from './layout.js';
import { AlertsPane } from './panes/alerts-pane.js';
import { ExecutionsPane } from './panes/executions-pane.js';
import { HelpOverlay } from './panes/help-overlay.js';
import { MetricsPane } from './panes/metrics-pane.js';
import { StatusBar } from './panes/status-bar.js';
import { TreePane } from './panes/tree-pane.js';
import { INITIAL_UI_STATE, selectedAlertRow, selectedRow, uiReducer, type UiContext } from './ui-state.js';
import { useTerminalSize } from './use-terminal-size.js';

/** Props for App. */
export interface AppProps {
  readonly store: SnapshotStore;
  /** Called after `quit` was dispatched (the command unmounts Ink and exits). */
  readonly onQuit?: (() => void) | undefined;
  /** Colour on (default) or off, for NO_COLOR; the view never reads the environment itself. */
  readonly color?: boolean | undefined;
  /** Fixed terminal size, overriding stdout's (tests; stdout without rows). */
  readonly size?: { rows?: number; columns?: number } | undefined;
}

/** The `jamjet top` dashboard: status bar, rolling-window metrics, alerts, executions pane and the focused execution's tree. */
export function App({ store, onQuit, color = true, size }: AppProps): ReactNode {
  // Wrapped so a class-based store keeps its `this`.
  const subscribe = useCallback((onChange: () => void) => store.subscribe(onChange), [store]);
  const getSnapshot = useCallback(() => store.getSnapshot(), [store]);
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  const { rows, columns } = useTerminalSize(size);
  const layout = computeLayout(rows, columns, { metrics: snapshot.windows !== undefined && snapshot.rates !== undefined, alerts: snapshot.alerts?.alerts.length });
  const [ui, dispatchUi] = useReducer(uiReducer, INITIAL_UI_STATE);
  const { pane, help, filter } = ui;

  const executions = useMemo(() => (filter === undefined ? snapshot.executions : applyFilter(snapshot.executions, filter.filter)), [snapshot.executions, filter]);
  const alertsShown = snapshot.alerts !== undefined && layout.alerts > 0 ? snapshot.alerts : undefined;
  const alertSelected = selectedAlertRow(ui, alertsShown?.alerts.length ?? 0);
  const executionIds = useMemo(() => executions.map((e) => e.id), [executions]);
  const selected = selectedRow(ui, executionIds);
  const focusId = executionIds[selected];

  const focusSent = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (focusId === focusSent.current) return;
    focusSent.current = focusId;
    store.dispatch({ type: 'focus', executionId: focusId });
  }, [focusId, store]);

  const treeWidth = Math.max(0, layout.tree.width - 2);
  const lines = useMemo(
    () => (snapshot.focus ? traceLines(snapshot.focus, { now: snapshot.now, width: treeWidth }) : []),
    [snapshot.focus, snapshot.now, treeWidth],
  );
  const cursor = Math.min(ui.treeCursor, Math.max(0, lines.length - 1));

  // Keys may arrive before the next render's handler is installed; read the screen from a ref, the
  // snapshot from the store, and let the reducer apply the key to the latest UI state.
  const screen = useRef<UiContext>({ executionIds, treeLineCount: 0, executionsPage: 1, treePage: 1 });
  screen.current = {
    executionIds, treeLineCount: lines.length, executionsPage: layout.executions.height - 2, treePage: layout.tree.height - 1,
    alerts: alertsShown?.alerts, alertsPage: layout.alerts - 1,
  };
  useInput((input, key) => {
    const action = resolveKey(input, key);
    if (action === undefined) return;
    if (action === 'quit') {
      store.dispatch({ type: 'quit' });
      onQuit?.();
      return;
    }
    if (action === 'pause') store.dispatch({ type: 'pause', paused: !store.getSnapshot().paused });
    dispatchUi({ action, context: screen.current });
  });

  const executionsFilter = filter === undefined ? undefined : { text: filterIndicator(filter.alert, filter.filter), total: snapshot.executions.length };
  const body = help ? (
    <HelpOverlay width={layout.columns} height={layout.body} color={color} />
  ) : (
    <Box flexDirection="column" height={layout.body}>
      <MetricsPane windows={snapshot.windows} rates={snapshot.rates} width={layout.columns} height={layout.metrics} color={color} />
      {alertsShown && <AlertsPane alerts={alertsShown} selected={alertSelected} now={snapshot.now} width={layout.columns} height={layout.alerts} focused={pane === 'alerts'} color={color} />}
      <Box flexDirection={layout.sideBySide ? 'row' : 'column'} height={layout.body - layout.metrics - layout.alerts} columnGap={layout.sideBySide ? 1 : 0}>
        <ExecutionsPane executions={executions} selected={selected} now={snapshot.now} width={layout.executions.width} height={layout.executions.height} focused={pane === 'executions'} color={color} filter={executionsFilter} />
        <TreePane lines={lines} tree={snapshot.focus} cursor={cursor} width={layout.tree.width} height={layout.tree.height} focused={pane === 'tree'} color={color} />
      </Box>
    </Box>
  );
  return (
    <Box flexDirection="column" width={layout.columns} height={layout.height} overflow="hidden">
      <StatusBar snapshot={snapshot} width={layout.columns} color={color} />
      {body}
    </Box>
  );
}
