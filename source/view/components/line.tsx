import type { ReactNode } from 'react';
import { Text } from 'ink';
import { TONE_COLORS, type Tone } from '../format/glyphs.js';
import { padToWidth, truncateToWidth } from '../format/truncate.js';

/** Props for Line. */
export interface LineProps {
  readonly text: string;
  readonly width: number;
  readonly tone?: Tone | undefined;
  /** Colour on or off (NO_COLOR); attributes such as inverse stay, they carry no colour. */
  readonly color: boolean;
  readonly inverse?: boolean | undefined;
  readonly bold?: boolean | undefined;
  /** Pad to the full width (so an inverse highlight spans the row). */
  readonly fill?: boolean | undefined;
}

/** One terminal line of already-sanitised text, cut to `width` and never wrapped. */
export function Line(props: LineProps): ReactNode {
  const text = props.fill ? padToWidth(props.text, props.width) : truncateToWidth(props.text, props.width);
  return (
    <Text
      wrap="truncate-end"
      color={props.color && props.tone ? TONE_COLORS[props.tone] : undefined}
      inverse={props.inverse}
      bold={props.bold}
    >
      {text}
    </Text>
  );
}
