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
}

/** The executions table: title, column header, then one windowed row per execution with the selection marked. */
export function ExecutionsPane(props: ExecutionsPaneProps): ReactNode {
  const { executions, selected, now, width, height, focused, color } = props;
  if (height <= 0) return null;
  const rowWidth = Math.max(0, width - 2);
  const title = `Executions (${executions.length})${executions.length > 0 ? ` ${Math.min(selected + 1, executions.length)}/${executions.length}` : ''}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle text={title} width={width} focused={focused} color={color} />
      {height > 1 && <Line text={`  ${executionHeader(rowWidth)}`} width={width} color={color} tone="muted" />}
      {height > 2 && executions.length === 0 && <Line text="  no executions yet" width={width} color={color} tone="muted" />}
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
