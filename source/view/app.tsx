import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Box, useInput } from 'ink';
import type { SnapshotStore } from '../core/snapshot-store.js';
import { traceLines } from './format/trace-lines.js';
import { resolveKey } from './keymap.js';
import { computeLayout } from './layout.js';
import { ExecutionsPane } from './panes/executions-pane.js';
import { HelpOverlay } from './panes/help-overlay.js';
import { StatusBar } from './panes/status-bar.js';
import { TreePane } from './panes/tree-pane.js';
import { moveCursor, type Pane } from './navigation.js';
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

/** The `jamjet top` dashboard: status bar, executions pane and the focused execution's tree. */
export function App({ store, onQuit, color = true, size }: AppProps): ReactNode {
  // Wrapped so a class-based store keeps its `this`.
  const subscribe = useCallback((onChange: () => void) => store.subscribe(onChange), [store]);
  const getSnapshot = useCallback(() => store.getSnapshot(), [store]);
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  const { rows, columns } = useTerminalSize(size);
  const layout = computeLayout(rows, columns);
  const [pane, setPane] = useState<Pane>('executions');
  const [help, setHelp] = useState(false);
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const [treeCursor, setTreeCursor] = useState(0);
  const lastIndex = useRef(0);

  const executions = snapshot.executions;
  // Selection follows the execution, not the row: the list reorders as executions start and end.
  const found = selectedId === undefined ? -1 : executions.findIndex((e) => e.id === selectedId);
  const selected = found >= 0 ? found : Math.min(lastIndex.current, Math.max(0, executions.length - 1));
  lastIndex.current = selected;
  const focusId = executions[selected]?.id;

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
  const cursor = Math.min(treeCursor, Math.max(0, lines.length - 1));

  useInput((input, key) => {
    const action = resolveKey(input, key);
    if (action === undefined) return;
    if (action === 'quit') {
      store.dispatch({ type: 'quit' });
      onQuit?.();
      return;
    }
    if (action === 'help') return setHelp((h) => !h);
    if (action === 'pause') return store.dispatch({ type: 'pause', paused: !snapshot.paused });
    if (help) {
      if (action === 'back') setHelp(false);
      return;
    }
    if (action === 'open') return setPane('tree');
    if (action === 'back') return setPane('executions');
    if (action === 'nextPane') return setPane((p) => (p === 'executions' ? 'tree' : 'executions'));
    if (pane === 'executions') {
      const next = moveCursor(action, selected, executions.length, layout.executions.height - 2);
      setSelectedId(executions[next]?.id);
      if (next !== selected) setTreeCursor(0);
    } else {
      setTreeCursor(moveCursor(action, cursor, lines.length, layout.tree.height - 1));
    }
  });

  const body = help ? (
    <HelpOverlay width={layout.columns} height={layout.body} color={color} />
  ) : (
    <Box flexDirection={layout.sideBySide ? 'row' : 'column'} height={layout.body} columnGap={layout.sideBySide ? 1 : 0}>
      <ExecutionsPane executions={executions} selected={selected} now={snapshot.now} width={layout.executions.width} height={layout.executions.height} focused={pane === 'executions'} color={color} />
      <TreePane lines={lines} tree={snapshot.focus} cursor={cursor} width={layout.tree.width} height={layout.tree.height} focused={pane === 'tree'} color={color} />
    </Box>
  );
  return (
    <Box flexDirection="column" width={layout.columns} height={layout.height} overflow="hidden">
      <StatusBar snapshot={snapshot} width={layout.columns} color={color} />
      {body}
    </Box>
  );
}
