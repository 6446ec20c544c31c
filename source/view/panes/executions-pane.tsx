import type { ReactNode } from 'react';
import { Box } from 'ink';
import { Line } from '../components/line.js';
import { WindowedList } from '../components/windowed-list.js';
import type { ListRow } from '../filter/execution-order.js';
import { executionHeader, executionRow } from '../format/execution-row.js';
import { formatUsd } from '../format/money.js';
import { sanitise } from '../format/sanitise.js';
import { PaneTitle } from './pane-title.js';

/** Props for ExecutionsPane. */
export interface ExecutionsPaneProps {
  /** The list as shown: executions, and group headers when grouped by workflow. */
  readonly rows: readonly ListRow[];
  /** Index in `rows` of the selected execution. */
  readonly selected: number;
  /** Executions in `rows` (group headers not counted), and the selected one's place among them. */
  readonly count: number;
  readonly position: number;
  readonly now: number;
  readonly width: number;
  /** Total lines this pane may use, title and header included. */
  readonly height: number;
  readonly focused: boolean;
  readonly color: boolean;
  /** What narrows or orders the list, for the title (`sort cost · faults only · /gpt`); empty when nothing does. */
  readonly view?: string | undefined;
  /** Executions in memory before filtering, when a filter is on. */
  readonly total?: number | undefined;
  /** The `/` query while it is typed: shown on the title line, with a cursor. */
  readonly editing?: string | undefined;
  /** The execution followed (`F`), for the title. */
  readonly following?: boolean | undefined;
}

/** A group header's line: `▾ research-agent  12 executions · 3 running · 1 failed · $0.0421`. */
function groupLine(row: Extract<ListRow, { kind: 'group' }>): string {
  const parts = [`${row.count} execution${row.count === 1 ? '' : 's'}`];
  if (row.running > 0) parts.push(`${row.running} running`);
  if (row.failed > 0) parts.push(`${row.failed} failed`);
  if (row.costUsd > 0) parts.push(formatUsd(row.costUsd));
  return `▾ ${sanitise(row.workflow, 80)}  ${parts.join(' · ')}`;
}

/** The executions table: title (count, position, order and filters), column header, then one windowed row per execution (and group), the selection marked. */
export function ExecutionsPane(props: ExecutionsPaneProps): ReactNode {
  const { rows, selected, count, position, now, width, height, focused, color, view, total, editing, following } = props;
  if (height <= 0) return null;
  const rowWidth = Math.max(0, width - 2);
  const where = count > 0 ? ` ${Math.min(position + 1, count)}/${count}` : '';
  const counts = total === undefined ? `Executions (${count})` : `Executions (${count} of ${total})`;
  const title = [
    `${counts}${where}`,
    following ? 'following (F)' : '',
    editing === undefined ? (view ?? '') : `/${sanitise(editing, 200)}▏ Enter keeps · Esc restores`,
  ].filter((t) => t !== '').join(' · ');
  const empty = total === undefined ? 'no executions yet' : 'no execution in memory matches (Esc clears the filter)';
  // Lines above the rows: the title, the column header and, with nothing to list, the line saying so.
  const above = Math.min(height, count === 0 ? 3 : 2);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle text={title} width={width} focused={focused} color={color} />
      {height > 1 && <Line text={`  ${executionHeader(rowWidth)}`} width={width} color={color} tone="muted" />}
      {height > 2 && count === 0 && <Line text={`  ${empty}`} width={width} color={color} tone="muted" />}
      <WindowedList
        items={rows}
        selected={selected}
        height={Math.max(0, height - above)}
        rowKey={(r) => (r.kind === 'execution' ? r.execution.id : `group:${r.workflow}`)}
        renderRow={(r, _i, isSelected) => {
          if (r.kind === 'group') return <Line text={groupLine(r)} width={width} color={color} bold />;
          const row = executionRow(r.execution, now, rowWidth);
          return <Line text={`${isSelected ? '›' : ' '} ${row.text}`} width={width} color={color} tone={row.tone} inverse={isSelected && focused} fill={isSelected} />;
        }}
      />
    </Box>
  );
}
