// The one file that imports pino. Lines are gathered into chunks (LOG_CHUNK_CHARS, or LOG_CHUNK_MS at most)
// and each chunk goes to pino's asynchronous destination (sonic-boom): writes are queued in a bounded buffer
// and handed to the kernel off the ingest path; a full buffer drops lines (counted), it never blocks or grows.
import { statSync } from 'node:fs';
import { pino } from 'pino';
import type { Clock, TimerHandle } from '../clock.js';
import type { LogFormat, LogLevel } from '../config/config-values.js';
import type { Logger, LogFields, LoggerStats } from './logger.js';
import { rotateFiles } from './rotate-files.js';
import { terminalSafeJson } from './terminal-safe-json.js';
import { textOpLine, textTransitionLine, type EscapeText } from './text-log-line.js';
import type { TransitionRecord } from './transition-record.js';

/** Bytes queued for the destination before lines are dropped: ~10,000 lines of a slow disk or a stalled pipe. */
export const LOG_BUFFER_MAX_BYTES = 4 * 1024 * 1024;
/** A log file is rotated once it would pass this size. */
export const LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** Log files kept: the live one and two rotated copies (`top.log`, `top.log.1`, `top.log.2`), 30 MB at most. */
export const LOG_FILE_KEEP = 3;
/**
 * Lines are handed to the destination in chunks of about this many characters: one write call per chunk, not
 * per source frame (a write call costs more than the line it carries, at 100,000 events/s the most of all).
 */
export const LOG_CHUNK_CHARS = 16 * 1024;
/** The longest a line waits in a chunk that is not full before it is written: a quiet stream's lines still show at once. */
export const LOG_CHUNK_MS = 100;
/** How long flush and close wait for the destination: a reader that stopped reading our stdout must not hang shutdown. */
export const LOG_FLUSH_TIMEOUT_MS = 2_000;

/** Where lines go: a file descriptor (serve's stdout) or a file rotated by size (top's log file). */
export type LogDestination =
  | { readonly kind: 'fd'; readonly fd: number }
  | { readonly kind: 'file'; readonly path: string; readonly maxBytes?: number; readonly keep?: number };

/** How {@link openLogger} writes. */
export interface LoggerOptions {
  readonly level: LogLevel;
  readonly format: LogFormat;
  readonly destination: LogDestination;
  /** Times operational lines (transitions carry their event's time) and bounds the wait of close. */
  readonly clock: Clock;
  /** The text format's escaper for wire strings (JSON escaping covers the json format). */
  readonly escape: EscapeText;
  /** Overrides {@link LOG_BUFFER_MAX_BYTES} (tests). */
  readonly bufferMaxBytes?: number;
  /** The destination failed (a log file that cannot be created or rotated); said once per failure. */
  readonly onError?: (message: string) => void;
}

type Destination = ReturnType<typeof pino.destination>;

/** A logger whose operational lines can carry a time of their own (the log thread's lines are timed by the ingest thread). */
export interface TimedLogger extends Logger {
  /** {@link Logger.log} at `time` (epoch ms) instead of the clock's now. */
  logAt(time: number, level: LogLevel, event: string, message: string, fields?: LogFields): void;
  /** Resolves once the destination has taken what was handed to it, down to its small high-water mark. */
  drained(): Promise<void>;
}

/** Opens the logger; the destination is opened asynchronously and its failures go to `onError`. */
export function openLogger(options: LoggerOptions): TimedLogger {
  return new PinoLogger(options);
}

class PinoLogger implements TimedLogger {
  private readonly dest: Destination;
  private readonly threshold: number;
  private readonly json: pino.Logger | undefined;
  /** The `"timestamp":"…"` of the line being written: pino asks its timestamp function for it, synchronously. */
  private stamp = '';
  private size = 0;
  /** Lines not yet handed to the destination (a chunk being gathered). */
  private chunk = '';
  /** Writes the chunk when it is not filled in time. */
  private chunkTimer: TimerHandle | undefined;
  /** The last timestamp formatted, and its ISO text: lines of one event share it. */
  private stampMs = Number.NaN;
  private lines = 0;
  /** The destination said it is past its high-water mark; 'drain' clears it. */
  private backedUp = false;
  /** Settles at the next 'drain' (one listener however many wait). */
  private draining: Promise<void> | undefined;
  private dropped = 0;
  private rotations = 0;
  private closed = false;
  /** The destination failed (cannot be opened or written): lines are no longer handed to it. */
  private failed = false;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(private readonly options: LoggerOptions) {
    const { destination } = options;
    this.maxBytes = destination.kind === 'file' ? (destination.maxBytes ?? LOG_FILE_MAX_BYTES) : 0;
    this.keep = destination.kind === 'file' ? Math.max(2, destination.keep ?? LOG_FILE_KEEP) : 0;
    if (destination.kind === 'file') this.size = sizeOf(destination.path);
    this.dest = pino.destination({
      dest: destination.kind === 'file' ? destination.path : destination.fd,
      sync: false,
      // minLength 1 writes at once, as 0 does, but makes flush(cb) wait for the queue (at 0 it returns at once).
      minLength: 1,
      maxLength: options.bufferMaxBytes ?? LOG_BUFFER_MAX_BYTES,
      mkdir: destination.kind === 'file',
    });
    this.dest.on('drop', (data: string) => (this.dropped += countLines(data)));
    this.dest.on('drain', () => (this.backedUp = false));
    this.dest.on('error', (error: Error) => {
      // pino re-emits the error it is handed first: one failure, said once.
      if (this.failed) return;
      this.failed = true;
      // pino flushes its destination synchronously at exit, which throws on a destination that never opened:
      // 'close' is what takes it off that list (the destination is done with either way).
      this.dest.emit('close');
      this.fail(`log ${destination.kind === 'file' ? destination.path : `fd ${destination.fd}`}: ${error.message}`);
    });
    this.threshold = pino.levels.values[options.level]!;
    this.json =
      options.format === 'json'
        ? pino(
            {
              level: options.level,
              base: null,
              messageKey: 'message',
              // The docs' line starts with timestamp then level: pino writes its level first, so the level is
              // left out of pino's own prefix, the timestamp takes its place and the record carries the level.
              formatters: { level: () => ({}) },
              timestamp: () => this.stamp,
              serializers: { timestamp: () => undefined },
            },
            // JSON escapes C0 controls only: C1 controls and bidi marks from the wire are escaped too, so a
            // `tail -f` of the log emits nothing a terminal acts on.
            { write: (line: string) => this.write(terminalSafeJson(line)) },
          )
        : undefined;
  }

  enabled(level: LogLevel): boolean {
    return !this.closed && pino.levels.values[level]! >= this.threshold;
  }

  transition(record: TransitionRecord): void {
    if (!this.enabled(record.level)) return;
    if (this.json) {
      if (record.timestamp !== this.stampMs) {
        this.stampMs = record.timestamp;
        this.stamp = `"timestamp":"${new Date(record.timestamp).toISOString()}"`;
      }
      this.json[record.level](record);
    } else {
      this.write(textTransitionLine(record, this.options.escape));
    }
  }

  transitions(records: Iterable<TransitionRecord>): void {
    for (const record of records) this.transition(record);
  }

  log(level: LogLevel, event: string, message: string, fields?: LogFields): void {
    this.logAt(this.options.clock.now(), level, event, message, fields);
  }

  logAt(now: number, level: LogLevel, event: string, message: string, fields?: LogFields): void {
    if (!this.enabled(level)) return;
    if (this.json) {
      this.stampMs = Number.NaN;
      this.stamp = `"timestamp":"${new Date(now).toISOString()}"`;
      this.json[level]({ level, event, ...fields }, message);
    } else {
      this.write(textOpLine(now, level, event, message, this.options.escape));
    }
    // Operational lines are few and often said just before something fails: written at once.
    this.handOff();
  }

  get stats(): LoggerStats {
    return { lines: this.lines, dropped: this.dropped, rotations: this.rotations };
  }

  flush(): Promise<void> {
    this.handOff();
    if (this.closed || this.failed) return Promise.resolve();
    // flush's fsync fails on a pipe or a terminal (EINVAL) after the lines were written: that is still flushed.
    return this.bounded((done) => this.dest.flush(done));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    if (this.failed) return;
    await this.bounded((done) => {
      this.dest.once('close', done);
      this.dest.end();
    });
  }

  /** Waits for `start`'s callback, or {@link LOG_FLUSH_TIMEOUT_MS}, whichever comes first. */
  private bounded(start: (done: () => void) => void): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimeout(resolve, LOG_FLUSH_TIMEOUT_MS);
      start(() => {
        this.options.clock.clear(timer);
        resolve();
      });
    });
  }

  /** Hands one line to the destination, rotating the file first when the line would take it past the cap. */
  private write(line: string): void {
    if (this.failed) return;
    if (this.maxBytes > 0) {
      const bytes = Buffer.byteLength(line);
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      this.size += bytes;
    }
    this.lines++;
    this.chunk += line;
    if (this.chunk.length >= LOG_CHUNK_CHARS) this.handOff();
    else this.chunkTimer ??= this.options.clock.setTimeout(() => {
      this.chunkTimer = undefined;
      this.handOff();
    }, LOG_CHUNK_MS);
  }

  drained(): Promise<void> {
    this.handOff();
    if (!this.backedUp || this.failed || this.closed) return Promise.resolve();
    this.draining ??= new Promise((resolve) => {
      const done = (): void => {
        this.dest.off('drain', done);
        this.dest.off('close', done);
        this.draining = undefined;
        resolve();
      };
      this.dest.once('drain', done);
      this.dest.once('close', done);
    });
    return this.draining;
  }

  /** Gives the gathered lines to the destination in one write. */
  private handOff(): void {
    if (this.chunkTimer !== undefined) this.options.clock.clear(this.chunkTimer);
    this.chunkTimer = undefined;
    if (this.chunk === '') return;
    const chunk = this.chunk;
    this.chunk = '';
    // write says false past the destination's high-water mark, and 'drain' follows once it is below it.
    if (!this.failed) this.backedUp = !this.dest.write(chunk);
  }

  /**
   * Renames the file away and reopens its path. Lines still queued land in the new file, so a file can pass its
   * cap by what was queued; the cap (10 MB) is far above a batch, so one rotation is done before the next is due.
   */
  private rotate(): void {
    const { destination } = this.options;
    if (destination.kind !== 'file') return;
    this.size = 0;
    // The lines gathered so far belong to the file being rotated away.
    this.handOff();
    try {
      rotateFiles(destination.path, this.keep);
      this.dest.reopen();
      this.rotations++;
    } catch (error) {
      this.fail(`log ${destination.path}: cannot rotate: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private fail(message: string): void {
    this.options.onError?.(message);
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function countLines(data: string): number {
  let n = 0;
  for (let i = data.indexOf('\n'); i !== -1; i = data.indexOf('\n', i + 1)) n++;
  return n;
}
