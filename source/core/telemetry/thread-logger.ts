// The logger with its formatting and writing on a thread of its own (a log thread: see
// commands/wiring/log-thread.ts). Ingest only builds each transition's record and queues it; records go to
// the thread in batches (one structured clone per batch), where pino formats them and writes chunks. At
// 100,000 events/s that moves most of logging's cost off the thread that ingests and draws the screen.
import { Worker } from 'node:worker_threads';
import type { Clock, TimerHandle } from '../clock.js';
import type { LogLevel } from '../config/config-values.js';
import type { Logger, LogFields, LoggerStats } from './logger.js';
import { LOG_FLUSH_TIMEOUT_MS, type LogDestination } from './pino-logger.js';
import { TRANSITION_FIELDS, type TransitionRecord } from './transition-record.js';

/** Lines waiting to go to the thread, at most: past it (a thread that stopped keeping up) lines are dropped and counted. */
export const LOG_PENDING_MAX = 50_000;
/** Lines that make a batch: sent at once when reached, else after LOG_BATCH_MS. */
export const LOG_BATCH_LINES = 512;
/** The longest a line waits on this thread before its batch goes: the log thread's chunks add their own wait. */
export const LOG_BATCH_MS = 50;
/** Batches sent and not yet written: past it lines wait here (and past LOG_PENDING_MAX, are dropped). */
export const LOG_BATCHES_IN_FLIGHT = 16;

const LEVELS: Readonly<Record<LogLevel, number>> = { debug: 20, info: 30, warn: 40, error: 50 };

/**
 * Lines for the log thread as one flat array of plain values: a transition is `0` then its
 * {@link TRANSITION_FIELDS} values in order; an operational line is `1, time, level, event, message, fields`.
 */
export type LogValues = unknown[];

/** Reads the lines back from {@link LogValues}, in order. */
export function readLogValues(values: readonly unknown[], onTransition: (record: TransitionRecord) => void, onLine: (time: number, level: LogLevel, event: string, message: string, fields: LogFields | undefined) => void): void {
  let i = 0;
  while (i < values.length) {
    if (values[i++] === 0) {
      const record: Record<string, unknown> = {};
      for (const field of TRANSITION_FIELDS) {
        const value = values[i++];
        if (value !== undefined) record[field] = value;
      }
      onTransition(record as unknown as TransitionRecord);
    } else {
      onLine(values[i] as number, values[i + 1] as LogLevel, values[i + 2] as string, values[i + 3] as string, values[i + 4] as LogFields | undefined);
      i += 5;
    }
  }
}

/** A batch being gathered: its values and how many lines they make. */
interface Batch {
  values: LogValues;
  lines: number;
}

/** What the log thread is started with. */
export interface LogThreadSettings {
  readonly level: LogLevel;
  readonly format: 'json' | 'text';
  readonly destination: LogDestination;
  readonly bufferMaxBytes?: number | undefined;
}

/** Messages to the log thread. */
export type LogThreadRequest =
  | { readonly type: 'lines'; readonly values: LogValues }
  | { readonly type: 'flush' | 'close'; readonly id: number };

/** Messages from the log thread. */
export type LogThreadReply =
  | { readonly type: 'written'; readonly stats: LoggerStats }
  | { readonly type: 'done'; readonly id: number; readonly stats: LoggerStats }
  | { readonly type: 'error'; readonly message: string };

/** How {@link openThreadLogger} writes, and where its thread's code is. */
export interface ThreadLoggerOptions extends LogThreadSettings {
  /** The log thread's script (it owns pino and the text escaper). */
  readonly script: URL;
  /** Times operational lines and batches. */
  readonly clock: Clock;
  /** The destination failed, or the thread stopped; said once per failure. */
  readonly onError?: ((message: string) => void) | undefined;
  /** Overrides {@link LOG_PENDING_MAX} (tests). */
  readonly pendingMax?: number | undefined;
}

/** Starts the log thread; lines are queued at once and written by it. */
export function openThreadLogger(options: ThreadLoggerOptions): Logger {
  return new ThreadLogger(options);
}

class ThreadLogger implements Logger {
  private readonly worker: Worker;
  private readonly threshold: number;
  /** Batches waiting to be sent, the last one being filled; `pendingLines` counts their lines. */
  private pending: Batch[] = [];
  private pendingLines = 0;
  private timer: TimerHandle | undefined;
  private inFlight = 0;
  /** The thread's own counters, as of its last reply. */
  private written: LoggerStats = { lines: 0, dropped: 0, rotations: 0 };
  /** Lines dropped here: the thread fell behind past LOG_PENDING_MAX, or stopped. */
  private droppedHere = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, () => void>();
  private closed = false;
  private stopped: string | undefined;

  constructor(private readonly options: ThreadLoggerOptions) {
    this.threshold = LEVELS[options.level];
    const settings: LogThreadSettings = { level: options.level, format: options.format, destination: options.destination, bufferMaxBytes: options.bufferMaxBytes };
    this.worker = new Worker(options.script, { workerData: settings });
    // An idle log thread never holds the process open; flush and close hold it while they wait.
    this.worker.unref();
    this.worker.on('message', (reply: LogThreadReply) => this.receive(reply));
    this.worker.on('error', (error) => this.stop(`log writer failed: ${error.message}`));
    this.worker.on('exit', (code) => this.stop(`log writer exited (${code})`));
  }

  enabled(level: LogLevel): boolean {
    return !this.closed && LEVELS[level] >= this.threshold;
  }

  transition(record: TransitionRecord): void {
    if (!this.enabled(record.level) || !this.room()) return;
    const values = this.batchToFill();
    values.push(0);
    for (const field of TRANSITION_FIELDS) values.push(record[field]);
    this.added();
  }

  transitions(records: Iterable<TransitionRecord>): void {
    for (const record of records) this.transition(record);
  }

  log(level: LogLevel, event: string, message: string, fields?: LogFields): void {
    if (!this.enabled(level) || !this.room()) return;
    this.batchToFill().push(1, this.options.clock.now(), level, event, message, fields);
    this.added();
    // Operational lines are few and often said just before something fails: sent at once.
    this.send();
  }

  get stats(): LoggerStats {
    return { ...this.written, dropped: this.written.dropped + this.droppedHere };
  }

  async flush(): Promise<void> {
    this.send(true);
    await this.ask('flush');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.ask('close');
    await this.worker.terminate();
  }

  /** Whether one more line fits; counts it dropped when not (the thread fell behind, or stopped). */
  private room(): boolean {
    if (this.stopped === undefined && this.pendingLines < (this.options.pendingMax ?? LOG_PENDING_MAX)) return true;
    this.droppedHere++;
    return false;
  }

  private batchToFill(): LogValues {
    const last = this.pending[this.pending.length - 1];
    if (last !== undefined && last.lines < LOG_BATCH_LINES) {
      last.lines++;
      return last.values;
    }
    const batch: Batch = { values: [], lines: 1 };
    this.pending.push(batch);
    return batch.values;
  }

  /** A line was added: a full batch goes at once, else within LOG_BATCH_MS. */
  private added(): void {
    this.pendingLines++;
    if (this.pending[0]!.lines >= LOG_BATCH_LINES) this.send();
    else this.sendSoon();
  }

  /** Sends what is pending within LOG_BATCH_MS. */
  private sendSoon(): void {
    this.timer ??= this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.send();
    }, LOG_BATCH_MS);
  }

  /**
   * Sends the waiting batches, unless LOG_BATCHES_IN_FLIGHT are unwritten (then the next reply sends them);
   * `all` sends regardless. Batches stay LOG_BATCH_LINES long even when all go (a flush after a burst): the
   * thread writes one, waits for its destination to take it, then the next.
   */
  private send(all = false): void {
    if (this.timer !== undefined) this.options.clock.clear(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0 || this.stopped !== undefined) return;
    if (!all && this.inFlight >= LOG_BATCHES_IN_FLIGHT) return;
    const pending = this.pending;
    this.pending = [];
    this.pendingLines = 0;
    for (const batch of pending) {
      this.inFlight++;
      this.post({ type: 'lines', values: batch.values });
    }
  }

  private receive(reply: LogThreadReply): void {
    if (reply.type === 'error') {
      this.options.onError?.(reply.message);
      return;
    }
    this.written = reply.stats;
    if (reply.type === 'done') {
      this.waiting.get(reply.id)?.();
      this.waiting.delete(reply.id);
      return;
    }
    this.inFlight--;
    // A part batch held back while batches were in flight goes within LOG_BATCH_MS, not with the next line.
    if (this.pendingLines >= LOG_BATCH_LINES) this.send();
    else if (this.pendingLines > 0) this.sendSoon();
  }

  /** Asks the thread to flush or close, and waits for its answer, at most LOG_FLUSH_TIMEOUT_MS past its own bound. */
  private ask(type: 'flush' | 'close'): Promise<void> {
    if (this.stopped !== undefined) return Promise.resolve();
    const id = this.nextId++;
    this.worker.ref();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(finish, 2 * LOG_FLUSH_TIMEOUT_MS);
      const waiting = this.waiting;
      const worker = this.worker;
      function finish(): void {
        clearTimeout(timer);
        waiting.delete(id);
        if (waiting.size === 0) worker.unref();
        resolve();
      }
      this.waiting.set(id, finish);
      this.post({ type, id });
    });
  }

  private post(request: LogThreadRequest): void {
    try {
      this.worker.postMessage(request);
    } catch (error) {
      this.stop(`log writer: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The thread is gone: what it was given and did not write, and everything after, is dropped and counted. */
  private stop(message: string): void {
    if (this.stopped !== undefined) return;
    this.stopped = message;
    this.droppedHere += this.pendingLines;
    this.pending = [];
    this.pendingLines = 0;
    for (const finish of [...this.waiting.values()]) finish();
    if (!this.closed) this.options.onError?.(message);
  }
}
