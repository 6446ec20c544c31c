import type { ReactNode } from 'react';
import { Box } from 'ink';
import { Line } from '../components/line.js';
import { EXECUTION_LEGEND } from '../format/glyphs.js';
import { KEYMAP, type KeyBinding } from '../keymap.js';
import { PaneTitle } from './pane-title.js';

const KEYS_W = 16;

/** The help text lines, generated from a keymap (one line per binding). */
export function helpLines(keymap: readonly KeyBinding[] = KEYMAP): string[] {
  return keymap.map((b) => `  ${b.keys.join(', ').padEnd(KEYS_W)}${b.description}`);
}

/** The legend of the executions pane's marks, after the keys: what each glyph means, stale included. */
export function legendLines(legend: typeof EXECUTION_LEGEND = EXECUTION_LEGEND): string[] {
  return ['  Execution marks', ...legend.map(([glyph, meaning]) => `  ${glyph.padEnd(KEYS_W)}${meaning}`)];
}

/** Props for HelpOverlay. */
export interface HelpOverlayProps {
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
}

/** The keys and what they do, generated from KEYMAP; shown in place of the panes. */
export function HelpOverlay({ width, height, color }: HelpOverlayProps): ReactNode {
  if (height <= 0) return null;
  const lines = [...helpLines(), ...legendLines()].slice(0, Math.max(0, height - 1));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle text="Help: keys (Esc or ? to close)" width={width} focused color={color} />
      {lines.map((text, i) => (
        <Line key={`${i}:${text}`} text={text} width={width} color={color} />
      ))}
    </Box>
  );
}
