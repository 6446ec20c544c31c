import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { Snapshot } from '../../core/snapshot/snapshot.js';
import { graphLines } from '../components/graph.js';
import { Line } from '../components/line.js';
import { formatDuration } from '../format/duration.js';
import { sanitise } from '../format/sanitise.js';
import { displayWidth, padToWidth } from '../format/truncate.js';
import { PaneTitle } from './pane-title.js';

/** What the queue pane reads of a snapshot. */
export type QueuePaneData = Pick<Snapshot, 'now' | 'queue' | 'queueHistory'>;

/** Props for QueuePane. */
export interface QueuePaneProps {
  readonly data: QueuePaneData;
  readonly width: number;
  /** Total lines this pane may use, title included. */
  readonly height: number;
  readonly focused: boolean;
  readonly color: boolean;
}

/** Longest queue type name shown (a wire string: sanitised, then cut). */
const MAX_QUEUE_NAME = 24;
/** Lines a queue needs for a multi-line graph: its label, two plot rows and the scale. */
const GRAPH_MIN_LINES = 4;

/** `Queue: 12 queued · oldest waiting 1m05s · workers 3/5 busy (60%)`. */
export function queuePaneTitle(data: QueuePaneData): string {
  const parts = [`Queue: ${data.queue.total} queued`];
  const activity = data.queueHistory?.activity;
  if (activity?.oldestQueuedAt !== undefined) parts.push(`oldest waiting ${formatDuration(data.now - activity.oldestQueuedAt)}`);
  if (activity !== undefined && activity.workers > 0) {
    parts.push(`workers ${activity.busyWorkers}/${activity.workers} busy (${Math.round((activity.busyWorkers / activity.workers) * 100)}%)`);
  }
  return parts.join(' · ');
}

interface QueueRow {
  readonly name: string;
  readonly depth: number;
  readonly history: readonly number[];
  readonly oldestAt?: number | undefined;
}

/**
 * Queue depth now and over the last minutes, all queues first then each queue type, with how long the
 * oldest item has waited; graphs grow with the height given, and shrink to one line each (a sparkline and
 * the depth now) when it is short.
 */
export function QueuePane({ data, width, height, focused, color }: QueuePaneProps): ReactNode {
  if (height <= 0) return null;
  const history = data.queueHistory;
  const rows: QueueRow[] = [{ name: 'all', depth: data.queue.total, history: history?.total ?? [data.queue.total], oldestAt: history?.activity.oldestQueuedAt }];
  const names = new Set([...Object.keys(data.queue.byQueue), ...Object.keys(history?.byQueue ?? {})]);
  for (const name of [...names].sort()) {
    const depth = data.queue.byQueue[name] ?? 0;
    rows.push({ name: sanitise(name, MAX_QUEUE_NAME), depth, history: history?.byQueue[name] ?? [depth], oldestAt: history?.activity.oldestByQueue[name] });
  }
  const span = history ? formatDuration(history.historyMs) : undefined;
  const avail = height - 1;
  const lines: { text: string; tone?: 'muted' | undefined }[] = [];
  const per = Math.floor(avail / rows.length);
  const waited = (row: QueueRow) => (row.oldestAt === undefined ? '' : ` · oldest ${formatDuration(data.now - row.oldestAt)}`);
  if (per >= GRAPH_MIN_LINES) {
    for (const row of rows) {
      lines.push({ text: `${row.name}: ${row.depth} queued${waited(row)}` });
      for (const g of graphLines(row.history, { width, height: per - 1, span })) lines.push({ text: g });
    }
  } else {
    const nameW = Math.min(Math.max(...rows.map((r) => displayWidth(r.name))), MAX_QUEUE_NAME);
    const fits = rows.length <= avail ? rows : rows.slice(0, Math.max(0, avail - 1));
    for (const row of fits) {
      const graphW = Math.max(0, Math.floor((width - nameW - 1) * 0.6));
      const graph = graphLines(row.history, { width: graphW, height: 1 })[0] ?? '';
      lines.push({ text: `${padToWidth(row.name, nameW)} ${padToWidth(graph, graphW)}${waited(row).replace(' · ', ' ')}` });
    }
    if (fits.length < rows.length && avail > 0) lines.push({ text: `+${rows.length - fits.length} more queue types (zoom to see them)`, tone: 'muted' });
  }
  if (data.queue.total === 0 && rows.length === 1 && avail > lines.length) lines.push({ text: 'nothing queued', tone: 'muted' });
  return (
    <Box flexDirection="column" width={width} height={Math.min(height, lines.length + 1)}>
      <PaneTitle text={queuePaneTitle(data)} width={width} focused={focused} color={color} />
      {lines.slice(0, avail).map((line, i) => <Line key={i} text={line.text} width={width} color={color} tone={line.tone} />)}
    </Box>
  );
}
