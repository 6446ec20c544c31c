import { useCallback, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { Box, useInput } from 'ink';
import type { SnapshotStore } from '../core/snapshot/snapshot-store.js';
import { Line } from './components/line.js';
import { formatDuration } from './format/duration.js';
import { sanitise } from './format/sanitise.js';
import { traceLines } from './format/trace-lines.js';
import { TreePane } from './panes/tree-pane.js';
import { useTerminalSize } from './use-terminal-size.js';

/** Props for FollowApp. */
export interface FollowAppProps {
  readonly store: SnapshotStore;
  /** The followed execution, `exec_` form. */
  readonly executionId: string;
  readonly color: boolean;
  readonly onQuit: () => void;
  readonly size?: { rows?: number; columns?: number } | undefined;
}

/** `jamjet follow` on a terminal: one status line and the live tree of one execution. */
export function FollowApp({ store, executionId, color, onQuit, size }: FollowAppProps): ReactNode {
  const subscribe = useCallback((onChange: () => void) => store.subscribe(onChange), [store]);
  const getSnapshot = useCallback(() => store.getSnapshot(), [store]);
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  const { rows, columns } = useTerminalSize(size);
  const tree = snapshot.focus;
  const lines = useMemo(() => (tree ? traceLines(tree, { now: snapshot.now, width: columns - 2 }) : []), [tree, snapshot.now, columns]);
  useInput((input, key) => {
    if (input === 'q' || (key.ctrl && input === 'c')) onQuit();
  });
  const source = snapshot.sources.map((s) => `${sanitise(s.url, 200)} ${s.state}${s.message ? `: ${sanitise(s.message, 120)}` : ''}`).join(' · ');
  // Follow has no selection to ask for: with no tree yet it says what it waits for, where, and how that goes.
  const waiting = snapshot.notices?.length
    ? snapshot.notices.map((n) => sanitise(n, 200)).join(' · ')
    : `waiting for ${executionId}${source ? ` on ${source}` : ''}`;
  const status = tree
    ? `following ${executionId} · ${tree.summary.status} · ${formatDuration((tree.summary.endedAt ?? snapshot.now) - (tree.summary.startedAt ?? snapshot.now))} · ${source}`
    : `following ${executionId} · not seen yet`;
  // One status line plus the tree, one row short of the terminal: a frame as tall as the terminal
  // makes Ink clear the whole screen on every render.
  const height = Math.max(1, rows - 2);
  return (
    <Box flexDirection="column" width={columns} height={height + 1} overflow="hidden">
      <Line text={`${status} · q quits`} width={columns} color={color} tone="muted" />
      <TreePane lines={lines} tree={tree} cursor={lines.length - 1} width={columns} height={height} focused={false} color={color} emptyText={waiting} />
    </Box>
  );
}
