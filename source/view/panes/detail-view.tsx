import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { ExecutionTree, JournalView, NodeStatsData } from '../../core/snapshot/snapshot.js';
import { Line } from '../components/line.js';
import { CRITICAL_MARK, detailWindow } from '../detail-content.js';
import { DETAIL_TABS, type DetailState, type DetailTab } from '../detail-state.js';
import { shortExecutionId } from '../format/execution-row.js';
import { displayWidth } from '../format/truncate.js';

/** Props for DetailView. */
export interface DetailViewProps {
  readonly tree: ExecutionTree | undefined;
  /** The snapshot's `focusJournal`: the execution's recent events and its state. */
  readonly journal?: JournalView | undefined;
  /** The snapshot's `nodeStats`: usual node durations for the tree's workflows. */
  readonly nodeStats?: NodeStatsData | undefined;
  readonly now: number;
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
  readonly detail: DetailState;
  /** What to say with no tree yet. */
  readonly emptyText?: string | undefined;
}

const TAB_TITLES: Readonly<Record<DetailTab, string>> = { tree: 'tree', events: 'events', state: 'state' };

/** The tab bar: `[1 tree]  2 events 200/1234  3 state`, the execution, and the marks' legend when it fits. */
function tabBar(props: DetailViewProps): string {
  const { journal, detail, tree } = props;
  const tabs = DETAIL_TABS.map((tab, i) => {
    const count = tab === 'events' && journal ? ` ${journal.events.length < journal.seen ? `${journal.events.length}/${journal.seen}` : journal.seen}` : '';
    const title = `${i + 1} ${TAB_TITLES[tab]}${count}`;
    return tab === detail.tab ? `[${title}]` : ` ${title} `;
  }).join(' ');
  const id = tree ? `  ${shortExecutionId(tree.summary.id)}` : '';
  const legend = detail.tab === 'tree' ? `  ${CRITICAL_MARK} critical path  ▲ slower than p95  ▸ folded` : '';
  const full = `${tabs}${id}${legend}`;
  return displayWidth(full) <= props.width ? full : `${tabs}${id}`;
}

/**
 * An execution's whole detail on tabs: its tree in the docs' trace format (live elapsed times, own and
 * subtree tokens and cost, waits, folds, the critical path, nodes past their usual p95), its recent
 * event timeline and its state. Only the rows that fit are built and drawn.
 */
export function DetailView(props: DetailViewProps): ReactNode {
  const { width, height, color, tree, emptyText = 'no execution selected' } = props;
  if (height <= 0) return null;
  const win = detailWindow(props);
  const empty = props.detail.tab === 'tree' && !tree;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Line text={tabBar(props)} width={width} color={color} bold />
      {height > 1 && empty && <Line text={`  ${emptyText}`} width={width} color={color} tone="muted" />}
      {win.fixed.slice(0, Math.max(0, height - 1)).map((f, i) => (
        <Line key={`fixed${i}`} text={f.text} width={width} color={color} tone={f.tone} />
      ))}
      {win.rows.map((row) => (
        <Box key={row.key} height={1}>
          <Line text={row.lead} width={width} color={color} tone="muted" inverse={row.selected} />
          <Line text={row.text} width={Math.max(0, width - displayWidth(row.lead))} color={color} tone={row.tone} inverse={row.selected} />
        </Box>
      ))}
    </Box>
  );
}
