import type { ReactNode } from 'react';
import { Box } from 'ink';
import { Line } from '../components/line.js';
import { EXECUTION_LEGEND, SPAN_GLYPHS } from '../format/glyphs.js';
import { KEYMAP, type KeyBinding } from '../keymap.js';
import { PaneTitle } from './pane-title.js';

const KEYS_W = 16;

/** The help text lines, generated from a keymap (one line per binding). */
export function helpLines(keymap: readonly KeyBinding[] = KEYMAP): string[] {
  return keymap.map((b) => `  ${b.keys.join(', ').padEnd(KEYS_W)}${b.description}`);
}

/** The legend of the executions pane's marks, after the keys: what each glyph means, stale included. */
export function legendLines(legend: typeof EXECUTION_LEGEND = EXECUTION_LEGEND): string[] {
  return ['', '  Execution marks', ...legend.map(([glyph, meaning]) => `  ${glyph.padEnd(KEYS_W)}${meaning}`)];
}

/** What the tree's node marks and the figures' units mean. */
export const UNIT_LINES: readonly string[] = [
  '',
  '  Node marks and units',
  `  ${`${SPAN_GLYPHS.queued} ${SPAN_GLYPHS.running} ${SPAN_GLYPHS.waiting} ${SPAN_GLYPHS.completed} ${SPAN_GLYPHS.failed} ${SPAN_GLYPHS.skipped} ${SPAN_GLYPHS.cancelled}`.padEnd(KEYS_W)}node attempt queued, running, waiting (approval, parked), completed, failed, skipped, cancelled`,
  `  ${'★'.padEnd(KEYS_W)}on the critical path (detail)`,
  `  ${'unpriced'.padEnd(KEYS_W)}tokens of a model with no known price: counted, never priced by guess ([pricing."<model>"])`,
  `  ${'<$0.0001'.padEnd(KEYS_W)}a cost under a hundredth of a cent; — nothing to show`,
  `  ${'823ms 1.1s 2m05s'.padEnd(KEYS_W)}durations; times are UTC; tokens 1.2k = 1,200; cost and tokens include child workflows'`,
  `  ${'DURATION'.padEnd(KEYS_W)}elapsed so far while running, total once ended; NOW: the current node and its elapsed time`,
];

/** Every line help shows, in order. */
export function allHelpLines(): string[] {
  return [...helpLines(), ...legendLines(), ...UNIT_LINES];
}

/** Props for HelpOverlay. */
export interface HelpOverlayProps {
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
  /** First line shown (j/k scroll help when it is taller than the screen). */
  readonly scroll?: number | undefined;
}

/** The keys and what they do, generated from KEYMAP, then the marks and units; shown in place of the panes, scrolled with j/k. */
export function HelpOverlay({ width, height, color, scroll = 0 }: HelpOverlayProps): ReactNode {
  if (height <= 0) return null;
  const all = allHelpLines();
  const room = Math.max(0, height - 1);
  const start = Math.max(0, Math.min(scroll, all.length - room));
  const more = all.length > room ? ` · lines ${start + 1}-${Math.min(all.length, start + room)} of ${all.length}, j/k scroll` : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle text={`Help: keys (Esc or ? to close)${more}`} width={width} focused color={color} />
      {all.slice(start, start + room).map((text, i) => (
        <Line key={`${start + i}`} text={text} width={width} color={color} />
      ))}
    </Box>
  );
}
