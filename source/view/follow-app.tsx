import { useCallback, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Box, useInput } from 'ink';
import type { SnapshotStore } from '../core/snapshot/snapshot-store.js';
import { Line } from './components/line.js';
import { detailContext } from './detail-content.js';
import { detailReducer, initialDetailState } from './detail-state.js';
import { followAction } from './follow-keys.js';
import { formatDuration } from './format/duration.js';
import { sanitise } from './format/sanitise.js';
import { DetailView } from './panes/detail-view.js';
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

/** `jamjet follow` on a terminal: one status line and the execution detail (the dashboard's, following the tail). */
export function FollowApp({ store, executionId, color, onQuit, size }: FollowAppProps): ReactNode {
  const subscribe = useCallback((onChange: () => void) => store.subscribe(onChange), [store]);
  const getSnapshot = useCallback(() => store.getSnapshot(), [store]);
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  const { rows, columns } = useTerminalSize(size);
  const [detail, setDetail] = useState(() => initialDetailState({ tail: true }));
  const tree = snapshot.focus;
  // One status line plus the detail, one row short of the terminal: a frame as tall as the terminal
  // makes Ink clear the whole screen on every render.
  const height = Math.max(1, rows - 2);
  const input = { tree, journal: snapshot.focusJournal, nodeStats: snapshot.nodeStats, now: snapshot.now, height };
  useInput((text, key) => {
    if (text === 'q' || (key.ctrl && text === 'c')) {
      onQuit();
      return;
    }
    const action = followAction(text, key);
    if (action) setDetail((d) => detailReducer(d, action, detailContext({ ...input, detail: d })));
  });
  const source = snapshot.sources.map((s) => `${sanitise(s.url, 200)} ${s.state}${s.message ? `: ${sanitise(s.message, 120)}` : ''}`).join(' · ');
  // Follow has no selection to ask for: with no tree yet it says what it waits for, where, and how that goes.
  const waiting = snapshot.notices?.length
    ? snapshot.notices.map((n) => sanitise(n, 200)).join(' · ')
    : `waiting for ${executionId}${source ? ` on ${source}` : ''}`;
  const status = tree
    ? `following ${executionId} · ${tree.summary.status} · ${formatDuration((tree.summary.endedAt ?? snapshot.now) - (tree.summary.startedAt ?? snapshot.now))} · ${source}`
    : `following ${executionId} · not seen yet`;
  return (
    <Box flexDirection="column" width={columns} height={height + 1} overflow="hidden">
      <Line text={`${status} · q quits · tab/1-3 tabs · space folds`} width={columns} color={color} tone="muted" />
      <DetailView {...input} detail={detail} width={columns} color={color} emptyText={waiting} />
    </Box>
  );
}
