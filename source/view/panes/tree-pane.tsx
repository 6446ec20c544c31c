import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { ExecutionTree } from '../../core/snapshot/snapshot.js';
import { Line } from '../components/line.js';
import { WindowedList } from '../components/windowed-list.js';
import type { TraceLine } from '../format/trace-lines.js';
import { shortExecutionId, treeUsage } from '../format/execution-row.js';
import { displayWidth } from '../format/truncate.js';
import { PaneTitle } from './pane-title.js';

/** Props for TreePane. */
export interface TreePaneProps {
  /** Lines of the focused tree, already cut to the pane's width (see treePaneLines). */
  readonly lines: readonly TraceLine[];
  readonly tree: ExecutionTree | undefined;
  /** Cursor line within `lines`. */
  readonly cursor: number;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  readonly color: boolean;
  /** What to show with no tree (default: the dashboard's hint to select an execution). */
  readonly emptyText?: string | undefined;
}

/** The dashboard's text for an empty tree pane. */
export const TREE_PANE_SELECT_HINT = 'select an execution (j/k) to see its tree';

/** The focused execution's trace tree, windowed around a cursor line, under a title with its usage (children's included, own apart). */
export function TreePane(props: TreePaneProps): ReactNode {
  const { lines, tree, cursor, width, height, focused, color, emptyText = TREE_PANE_SELECT_HINT } = props;
  if (height <= 0) return null;
  const usage = tree ? treeUsage(tree) : '';
  const title = tree ? `Tree ${shortExecutionId(tree.summary.id)}${usage ? ` · ${usage}` : ''} · ${lines.length} lines` : 'Tree';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle text={title} width={width} focused={focused} color={color} />
      {height > 1 && lines.length === 0 && <Line text={`  ${emptyText}`} width={width} color={color} tone="muted" />}
      <WindowedList
        items={lines}
        selected={cursor}
        height={height - 1}
        rowKey={(_l, i) => String(i)}
        renderRow={(l, _i, isSelected) => (
          <Box>
            <Line text={`${focused && isSelected ? '›' : ' '} ${l.prefix}`} width={width} color={color} tone="muted" inverse={focused && isSelected} />
            <Line text={l.text} width={Math.max(0, width - 2 - displayWidth(l.prefix))} color={color} tone={l.tone} inverse={focused && isSelected} />
          </Box>
        )}
      />
    </Box>
  );
}
