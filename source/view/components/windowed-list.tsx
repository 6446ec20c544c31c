import { useRef, type ReactNode } from 'react';
import { Box } from 'ink';
import { windowStart } from './window-start.js';

/** Props for WindowedList. */
export interface WindowedListProps<T> {
  readonly items: readonly T[];
  /** Index of the selected row (kept in view). */
  readonly selected: number;
  /** Rows available; never more are rendered. */
  readonly height: number;
  /** Renders one row; must produce exactly one line. */
  readonly renderRow: (item: T, index: number, selected: boolean) => ReactNode;
  /** Stable React key for a row. */
  readonly rowKey: (item: T, index: number) => string;
}

/** A list that renders only the rows that fit in `height`, scrolling to keep the selected row visible. */
export function WindowedList<T>(props: WindowedListProps<T>): ReactNode {
  const { items, selected, height, renderRow, rowKey } = props;
  const startRef = useRef(0);
  const start = windowStart(items.length, height, selected, startRef.current);
  startRef.current = start;
  const visible = items.slice(start, start + Math.max(0, height));
  return (
    <Box flexDirection="column" height={Math.max(0, height)} overflow="hidden">
      {visible.map((item, i) => (
        <Box key={rowKey(item, start + i)} height={1}>
          {renderRow(item, start + i, start + i === selected)}
        </Box>
      ))}
    </Box>
  );
}
