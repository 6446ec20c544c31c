import type { ExecutionStatus, SpanStatus } from '../../core/snapshot/snapshot.js';

/** One glyph per execution status; the shapes differ, so status reads without colour (NO_COLOR). */
export const EXECUTION_GLYPHS: Readonly<Record<ExecutionStatus, string>> = {
  running: '●',
  paused: '⏸',
  completed: '✔',
  failed: '✖',
  cancelled: '⊘',
  limit_exceeded: '⧖',
};

/** Marks a child workflow's row in the executions list: its usage is also in its parent's row (inspect's table marks it the same way). */
export const CHILD_ROW_MARK = '↳ ';

/**
 * The mark of a stale execution (not finished, but its source stopped sending): a hollow dot, where a
 * running one has a full one. It replaces the status glyph, which is the runtime's last word.
 */
export const STALE_GLYPH = '◌';

/** What each execution mark means, for the help overlay's legend. */
export const EXECUTION_LEGEND: readonly (readonly [glyph: string, meaning: string])[] = [
  [EXECUTION_GLYPHS.running, 'running'],
  [EXECUTION_GLYPHS.paused, 'paused (waiting for a human)'],
  [STALE_GLYPH, 'stale: its source stopped sending before it ended (age frozen at last seen)'],
  [EXECUTION_GLYPHS.completed, 'completed'],
  [EXECUTION_GLYPHS.failed, 'failed'],
  [EXECUTION_GLYPHS.cancelled, 'cancelled'],
  [EXECUTION_GLYPHS.limit_exceeded, 'limit exceeded'],
];

/** One glyph per attempt status. */
export const SPAN_GLYPHS: Readonly<Record<SpanStatus, string>> = {
  queued: '○',
  running: '●',
  waiting: '⏸',
  completed: '✔',
  failed: '✖',
  skipped: '↷',
  cancelled: '⊘',
};

/** How a line should be coloured, when colour is on. */
export type Tone = 'ok' | 'error' | 'running' | 'waiting' | 'muted';

/** Tone of an execution status. */
export function executionTone(status: ExecutionStatus): Tone | undefined {
  switch (status) {
    case 'running': return 'running';
    case 'paused': return 'waiting';
    case 'completed': return 'ok';
    case 'failed': return 'error';
    case 'limit_exceeded': return 'error';
    case 'cancelled': return 'muted';
  }
}

/** Tone of an attempt status. */
export function spanTone(status: SpanStatus): Tone | undefined {
  switch (status) {
    case 'queued': return 'muted';
    case 'running': return 'running';
    case 'waiting': return 'waiting';
    case 'completed': return undefined;
    case 'failed': return 'error';
    case 'skipped': return 'muted';
    case 'cancelled': return 'muted';
  }
}

/**
 * Ink colour names per tone: the 16 basic colours every terminal has, and no red/green pair (blue for
 * good news, red for bad) so the common colour blindness still tells them apart; every status also has a
 * glyph of its own shape, so nothing depends on colour alone.
 */
export const TONE_COLORS: Readonly<Record<Tone, string>> = {
  ok: 'blue',
  error: 'red',
  running: 'cyan',
  waiting: 'yellow',
  muted: 'gray',
};

/** ANSI SGR codes per tone, for plain-text output with colour. */
export const TONE_ANSI: Readonly<Record<Tone, string>> = {
  ok: '34',
  error: '31',
  running: '36',
  waiting: '33',
  muted: '90',
};
