import type { LogLevel } from '../config/config-values.js';
import type { TransitionRecord } from './transition-record.js';

/** Escapes wire text for a terminal or a text file (the command passes the view's sanitiser). */
export type EscapeText = (text: string) => string;

/** A field value as `key=value`, quoted (its quotes escaped) when it holds a space, a quote or an `=`, so the line stays splittable. */
function pair(key: string, value: string | number, escape: EscapeText): string {
  if (typeof value === 'number') return ` ${key}=${value}`;
  const safe = escape(value);
  return /[\s"=]/.test(safe) || safe === '' ? ` ${key}="${safe.replaceAll('"', '\\"')}"` : ` ${key}=${safe}`;
}

function head(timestamp: number, level: LogLevel, event: string): string {
  return `${new Date(timestamp).toISOString()} ${level.toUpperCase().padEnd(5)} ${event}`;
}

/**
 * One transition as one readable line: time, level, event, then the record's fields as `key=value` in
 * the JSON line's order (`2026-03-07T09:31:00.012Z INFO  node_completed execution_id=exec_… node_id=think …`).
 * Wire strings are escaped, so a line never carries a control character or a line break.
 */
export function textTransitionLine(record: TransitionRecord, escape: EscapeText): string {
  let line = head(record.timestamp, record.level, record.event);
  for (const [key, value] of Object.entries(record)) {
    if (key === 'timestamp' || key === 'level' || key === 'event' || value === undefined) continue;
    line += pair(key, value as string | number, escape);
  }
  return `${line}\n`;
}

/**
 * One operational message as one line: time, level, event, the message. Its fields (the JSON line's
 * `source`, `state`…) are left out: the message already says them in words.
 */
export function textOpLine(timestamp: number, level: LogLevel, event: string, message: string, escape: EscapeText): string {
  return `${head(timestamp, level, event)} ${escape(message)}\n`;
}
