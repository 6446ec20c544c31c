import type { ReactNode } from 'react';
import { Box } from 'ink';
import { Line } from '../components/line.js';
import { KEYMAP, type KeyBinding } from '../keymap.js';
import { PaneTitle } from './pane-title.js';

const KEYS_W = 16;

/** The help text lines, generated from a keymap (one line per binding). */
export function helpLines(keymap: readonly KeyBinding[] = KEYMAP): string[] {
  return keymap.map((b) => `  ${b.keys.join(', ').padEnd(KEYS_W)}${b.description}`);
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
  const lines = helpLines().slice(0, Math.max(0, height - 1));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle text="Help: keys (Esc or ? to close)" width={width} focused color={color} />
      {lines.map((text) => (
        <Line key={text} text={text} width={width} color={color} />
      ))}
    </Box>
  );
}
