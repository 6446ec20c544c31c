import type { ReactNode } from 'react';
import { Line } from '../components/line.js';

/** Props for PaneTitle. */
export interface PaneTitleProps {
  readonly text: string;
  readonly width: number;
  readonly focused: boolean;
  readonly color: boolean;
}

/** A pane's title line; the focused pane's title is shown inverse so focus reads without colour. */
export function PaneTitle({ text, width, focused, color }: PaneTitleProps): ReactNode {
  return <Line text={`${focused ? '▶' : ' '} ${text}`} width={width} color={color} inverse={focused} bold fill tone={focused ? undefined : 'muted'} />;
}
