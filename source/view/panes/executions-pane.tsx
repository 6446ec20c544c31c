import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { ExecutionSummary } from '../../core/snapshot/snapshot.js';
import { Line } from '../components/line.js';
import { WindowedList } from '../components/windowed-list.js';
import { executionHeader, executionRow } from '../format/execution-row.js';
import { PaneTitle } from './pane-title.js';

/** Props for ExecutionsPane. */
export interface ExecutionsPaneProps {
  readonly executions: readonly ExecutionSummary[];
  readonly selected: number;
  readonly now: number;
  readonly width: number;
  /** Total lines this pane may use, title and header included. */
  readonly height: number;
  readonly focused: boolean;
  readonly color: boolean;
  /** Set when the list is narrowed to an alert's executions: the indicator text and how many there are in all. */
  readonly filter?: { readonly text: string; readonly total: number } | undefined;
}

/** The executions table: title (with the alert filter, when set), column header, then one windowed row per execution with the selection marked. */
export function ExecutionsPane(props: ExecutionsPaneProps): ReactNode {
  const { executions, selected, now, width, height, focused, color, filter } = props;
  if (height <= 0) return null;
  const rowWidth = Math.max(0, width - 2);
  const position = executions.length > 0 ? ` ${Math.min(selected + 1, executions.length)}/${executions.length}` : '';
  // Filtered, the title says so before anything that may be cut at the width: how to clear it, then the filter.
  const title = filter === undefined
    ? `Executions (${executions.length})${position}`
    : `Executions (${executions.length} of ${filter.total})${position} · filter, Esc clears · ${filter.text}`;
  const empty = filter === undefined ? 'no executions yet' : 'no execution in memory matches the filter';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle text={title} width={width} focused={focused} color={color} />
      {height > 1 && <Line text={`  ${executionHeader(rowWidth)}`} width={width} color={color} tone="muted" />}
      {height > 2 && executions.length === 0 && <Line text={`  ${empty}`} width={width} color={color} tone="muted" />}
      <WindowedList
        items={executions}
        selected={selected}
        height={Math.max(0, height - 2)}
        rowKey={(e) => e.id}
        renderRow={(e, _i, isSelected) => {
          const row = executionRow(e, now, rowWidth);
          return <Line text={`${isSelected ? '›' : ' '} ${row.text}`} width={width} color={color} tone={row.tone} inverse={isSelected && focused} fill={isSelected} />;
        }}
      />
    </Box>
  );
}
