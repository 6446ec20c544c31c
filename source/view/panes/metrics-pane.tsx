import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { RateStats, WindowStats } from '../../core/snapshot/snapshot.js';
import { TONE_COLORS } from '../format/glyphs.js';
import { metricsLines } from '../format/metrics-lines.js';

/** Props for MetricsPane. */
export interface MetricsPaneProps {
  /** The latency windows and the rates; nothing is drawn without both (a view with no metrics sink, e.g. follow). */
  readonly windows: WindowStats | undefined;
  readonly rates: RateStats | undefined;
  readonly width: number;
  /** Lines this pane may use; it never draws more. */
  readonly height: number;
  readonly color: boolean;
}

/** Latency percentiles per window and rates with sparklines, one compact block above the panes. */
export function MetricsPane({ windows, rates, width, height, color }: MetricsPaneProps): ReactNode {
  if (windows === undefined || rates === undefined || height <= 0 || width <= 0) return null;
  const lines = metricsLines(windows, rates, width, height);
  return (
    <Box flexDirection="column" width={width} height={lines.length}>
      {lines.map((segments, i) => (
        <Text key={i} wrap="truncate-end">
          {segments.map((seg, j) => (
            <Text key={j} bold={seg.bold} color={color && seg.tone ? TONE_COLORS[seg.tone] : undefined}>
              {seg.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
