import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { Snapshot } from '../../core/snapshot/snapshot.js';
import { TONE_COLORS } from '../format/glyphs.js';
import { HEADER_PRIORITY, fitSegments, statusSegments } from '../format/status-segments.js';

/** Props for StatusBar. */
export interface StatusBarProps {
  readonly snapshot: Snapshot;
  readonly width: number;
  readonly color: boolean;
  /** A one-off message from the view (`copied exec_…`), kept while the bar is narrowed. */
  readonly flash?: string | undefined;
}

/** One line: name, DEMO, PAUSED, notices, each source's state, events/s, running/total, queue, tokens and cost, ingest trouble. */
export function StatusBar({ snapshot, width, color, flash }: StatusBarProps): ReactNode {
  const all = statusSegments(snapshot);
  if (flash !== undefined) all.splice(1, 0, { text: flash, tone: 'ok', bold: true, priority: HEADER_PRIORITY.notices });
  const segments = fitSegments(all, width);
  return (
    <Box height={1}>
      <Text wrap="truncate-end">
        {segments.map((seg, i) => (
          <Text key={i} bold={seg.bold} color={color && seg.tone ? TONE_COLORS[seg.tone] : undefined}>
            {seg.text}
          </Text>
        ))}
      </Text>
    </Box>
  );
}
