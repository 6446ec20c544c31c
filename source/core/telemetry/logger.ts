import type { LogLevel } from '../config/config-values.js';
import type { TransitionRecord } from './transition-record.js';

/** Extra fields of an operational line (`source`, `state`…), written after `event`. */
export type LogFields = Readonly<Record<string, string | number | undefined>>;

/** What a logger has done so far, for its own notices and tests. */
export interface LoggerStats {
  /** Lines handed to the destination. */
  readonly lines: number;
  /** Lines dropped because the destination's bounded buffer was full (a stalled disk or pipe). */
  readonly dropped: number;
  /** Log files rotated away (file destinations only). */
  readonly rotations: number;
}

/**
 * The tool's one logger: a line per state transition and a line per operational message (a source
 * connected, the store opened, rules reloaded), below the configured level dropped. Writing never blocks
 * ingest: lines are gathered into chunks, buffered (bounded) and written asynchronously; `flush` waits for them.
 */
export interface Logger {
  /** Whether a line at `level` would be written (callers skip building records for nothing). */
  enabled(level: LogLevel): boolean;
  /** One state transition, at the record's own level and time. */
  transition(record: TransitionRecord): void;
  /** Several transitions (one batch's). Lines are gathered into chunks, one destination write per chunk. */
  transitions(records: Iterable<TransitionRecord>): void;
  /** One operational message, at the clock's time. `message` may hold wire text: the writer escapes it. */
  log(level: LogLevel, event: string, message: string, fields?: LogFields): void;
  readonly stats: LoggerStats;
  /** Resolves once every line handed over so far is written. */
  flush(): Promise<void>;
  /** Flushes, then releases the destination; lines logged after it are dropped. */
  close(): Promise<void>;
}

/** One line a {@link MemoryLogger} received. */
export type LoggedLine =
  | { readonly type: 'transition'; readonly record: TransitionRecord }
  | { readonly type: 'op'; readonly level: LogLevel; readonly event: string; readonly message: string; readonly fields?: LogFields | undefined };

const ORDER: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/** The in-memory double of {@link Logger}: keeps the lines at or above its level, for tests. */
export class MemoryLogger implements Logger {
  readonly lines: LoggedLine[] = [];
  closed = false;

  constructor(private readonly level: LogLevel = 'debug') {}

  enabled(level: LogLevel): boolean {
    return !this.closed && ORDER[level] >= ORDER[this.level];
  }

  transition(record: TransitionRecord): void {
    if (this.enabled(record.level)) this.lines.push({ type: 'transition', record });
  }

  transitions(records: Iterable<TransitionRecord>): void {
    for (const record of records) this.transition(record);
  }

  log(level: LogLevel, event: string, message: string, fields?: LogFields): void {
    if (this.enabled(level)) this.lines.push({ type: 'op', level, event, message, fields });
  }

  get stats(): LoggerStats {
    return { lines: this.lines.length, dropped: 0, rotations: 0 };
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
