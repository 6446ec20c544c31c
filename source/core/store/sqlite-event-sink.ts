import { Worker } from 'node:worker_threads';
import type { Clock, TimerHandle } from '../clock.js';
import type { TypedEvent } from '../decode/event.js';
import type { MonitorSink } from '../monitor/monitor-sink.js';
import type { SourceState, SourceStatus } from '../sources/event-source.js';
import { packRows, toEventRow, type CostFunction, type EventRow } from './event-row.js';
import { Retention, type RetentionPolicy } from './retention.js';
import { openSqliteDb, type SqliteDb } from './sqlite-db.js';
import { StoreQueries } from './store-queries.js';
import { HEARTBEAT_INTERVAL_MS } from './source-heartbeat.js';
import { StoreWriter, type CursorUpdate, type SourceUpdate } from './store-writer.js';
import type { FromWorker, ToWorker, WorkerInit } from './write-worker.js';

/** A batch is written once this many events are queued… */
export const DEFAULT_BATCH_SIZE = 2000;
/** …or this many milliseconds after the last write, whichever comes first. */
export const DEFAULT_FLUSH_MS = 200;
/**
 * Events handed to the write thread and not yet committed. Past it, `write` waits for the writer
 * (counted in `backpressureWaits`) rather than drop events: a restart must lose nothing.
 */
export const MAX_QUEUED_EVENTS = 100_000;
/**
 * The same cap in bytes (a row's envelope text plus ROW_BYTES): what the write thread holds is what the process's
 * memory grows by while the writer lags, and envelopes vary in size. A 1,000,000-event soak with a 100,000-event cap
 * alone grew 248 -> 453 MB when the writer fell 50,000 events behind near its end.
 */
export const MAX_QUEUED_BYTES = 16 * 1024 * 1024;
/** A row's fields other than its envelope, as counted against MAX_QUEUED_BYTES. */
export const ROW_BYTES = 100;
/** How often retention runs. */
export const DEFAULT_RETENTION_INTERVAL_MS = 60_000;

/** How to build a SqliteEventSink. */
export interface SqliteEventSinkOptions {
  /** Database file, or `:memory:` (kept nothing beyond this process; written on the calling thread). */
  readonly path: string;
  readonly clock: Clock;
  /** Estimated cost of a model call when the event carries no `cost_usd`. */
  readonly costOf?: CostFunction | undefined;
  /** Stable key for a source id (its redacted URL): ids like `src1` change between runs, URLs do not. */
  readonly sourceKey?: ((sourceId: string) => string) | undefined;
  readonly batchSize?: number | undefined;
  readonly flushMs?: number | undefined;
  readonly maxQueued?: number | undefined;
  readonly maxQueuedBytes?: number | undefined;
  readonly retention?: RetentionPolicy | undefined;
  readonly retentionIntervalMs?: number | undefined;
  /** How often the sources' rows are stamped while the sink is open (default HEARTBEAT_INTERVAL_MS). */
  readonly heartbeatMs?: number | undefined;
  /** `worker` (default for files): writes on a worker thread; `inline`: on the calling thread. */
  readonly thread?: 'worker' | 'inline' | undefined;
  /** Told about each failed batch (the message is one line, safe to log). */
  readonly onError?: ((message: string) => void) | undefined;
}

/** Counters for `jamjet_top_…` health metrics. */
export interface SinkStats {
  readonly written: number;
  readonly inserted: number;
  readonly duplicates: number;
  readonly batches: number;
  readonly failedBatches: number;
  readonly backpressureWaits: number;
  readonly retained: number;
  /** Milliseconds the last batch took to commit. */
  readonly lastBatchMs: number;
  /** Events dropped because the write thread had died. */
  readonly lost: number;
  /** Events handed to the sink and not yet committed (or failed): waiting for a batch, or for the write thread. */
  readonly queued: number;
}

interface Pending {
  readonly events: readonly TypedEvent[];
  readonly sourceKey: string;
  readonly cursor: string | undefined;
}

/**
 * The SQLite event store as a pipeline sink. `write` only queues; batches go out on size or time, one
 * transaction each, on a worker thread that owns the write connection. The main-thread connection is
 * for reads (`queries()`), which WAL lets run alongside the writer.
 */
export class SqliteEventSink implements MonitorSink {
  readonly name = 'store';
  private readonly db: SqliteDb;
  private readonly opts: SqliteEventSinkOptions;
  private readonly batchSize: number;
  private readonly maxQueued: number;
  private readonly maxQueuedBytes: number;
  private pending: Pending[] = [];
  private pendingCount = 0;
  private posted = 0;
  private postedBytes = 0;
  private nextBatchId = 1;
  private doneBatchId = 0;
  private waiters: { id: number; resolve: () => void }[] = [];
  private flushTimer: TimerHandle | undefined;
  private readonly retentionTimer: TimerHandle | undefined;
  private heartbeatTimer: TimerHandle | undefined;
  /** The state of every source heard of, by key: written with the next batch when `sourcesDue`. */
  private readonly sources = new Map<string, SourceUpdate>();
  private sourcesDue = false;
  private closed = false;
  private readonly worker: Worker | undefined;
  private readonly committed: Int32Array;
  private readonly writer: StoreWriter | undefined;
  private readonly retention: Retention | undefined;
  private workerClosed: Promise<void> = Promise.resolve();
  private s = { written: 0, inserted: 0, duplicates: 0, batches: 0, failedBatches: 0, backpressureWaits: 0, retained: 0, lastBatchMs: 0, lost: 0 };
  /** Set when the write thread died: nothing is stored any more, and nothing waits on it. */
  private dead = false;

  /** Opens (and migrates) the database; throws StoreError when it cannot. */
  constructor(opts: SqliteEventSinkOptions) {
    this.opts = opts;
    this.batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
    this.maxQueued = opts.maxQueued ?? MAX_QUEUED_EVENTS;
    this.maxQueuedBytes = opts.maxQueuedBytes ?? MAX_QUEUED_BYTES;
    this.db = openSqliteDb(opts.path);
    const shared = new SharedArrayBuffer(8);
    this.committed = new Int32Array(shared);
    const inline = opts.thread === 'inline' || this.db.memory;
    if (inline) {
      this.writer = new StoreWriter(this.db);
      this.retention = new Retention(this.db, opts.retention ?? {});
    } else {
      const init: WorkerInit = { path: opts.path, retention: opts.retention ?? {}, committed: shared };
      const worker = new Worker(new URL('./write-worker.js', import.meta.url), { workerData: init });
      worker.on('message', (m: FromWorker) => this.onWorkerMessage(m));
      worker.on('error', (err) => this.writerDied(`store writer stopped: ${err.message.split('\n')[0]}`));
      this.workerClosed = new Promise((resolve) => worker.once('exit', () => resolve()));
      void this.workerClosed.then(() => {
        if (!this.closed) this.writerDied('store writer exited');
      });
      this.worker = worker;
    }
    if (opts.retention && (opts.retention.maxAgeMs !== undefined || opts.retention.maxBytes !== undefined)) {
      this.retentionTimer = opts.clock.setInterval(() => this.retain(), opts.retentionIntervalMs ?? DEFAULT_RETENTION_INTERVAL_MS);
    }
  }

  /** The monitor hands every batch's events here (see {@link write}). */
  events(events: readonly TypedEvent[], sourceKey: string, cursor: string | undefined): void {
    this.write(events, sourceKey, cursor);
  }

  /** The monitor hands every source status here (see {@link sourceState}). */
  status(status: SourceStatus, sourceKey: string): void {
    this.sourceState(sourceKey, status.state);
  }

  /** Queues events; never waits on disk unless the writer is MAX_QUEUED_EVENTS or MAX_QUEUED_BYTES behind. */
  write(events: readonly TypedEvent[], sourceId: string, cursor: string | undefined): void {
    if (this.closed || (events.length === 0 && cursor === undefined)) return;
    this.pending.push({ events, sourceKey: this.opts.sourceKey?.(sourceId) ?? sourceId, cursor });
    this.pendingCount += events.length;
    this.s.written += events.length;
    if (this.pendingCount >= this.batchSize) this.dispatch();
    else this.flushTimer ??= this.opts.clock.setTimeout(() => this.dispatch(), this.opts.flushMs ?? DEFAULT_FLUSH_MS);
  }

  /**
   * Records a source's connection state (under the key its events are written with) and writes it at once;
   * from then on every source's row is stamped each heartbeat, so a reader can tell this monitor still runs.
   */
  sourceState(sourceKey: string, state: SourceState): void {
    if (this.closed) return;
    const connected = state === 'connected';
    const before = this.sources.get(sourceKey);
    if (before?.state === state) return; // nothing new: the heartbeat stamps it anyway
    const changedAt = before !== undefined && before.connected === connected ? before.changedAt : this.opts.clock.now();
    this.sources.set(sourceKey, { sourceKey, connected, state, changedAt });
    this.sourcesDue = true;
    this.heartbeatTimer ??= this.opts.clock.setInterval(() => this.heartbeat(), this.opts.heartbeatMs ?? HEARTBEAT_INTERVAL_MS);
    this.dispatch();
  }

  /** Stamps every known source's row now (the heartbeat timer calls this). */
  heartbeat(): void {
    if (this.closed || this.sources.size === 0) return;
    this.sourcesDue = true;
    this.dispatch();
  }

  /** Resolves when everything written so far is committed. */
  flush(): Promise<void> {
    this.dispatch();
    const id = this.nextBatchId - 1;
    if (this.doneBatchId >= id) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ id, resolve }));
  }

  /** Marks every source disconnected (no monitor follows them any more), flushes, stops the writer, closes both connections. */
  async close(): Promise<void> {
    if (this.closed) return this.workerClosed;
    if (this.heartbeatTimer) this.opts.clock.clear(this.heartbeatTimer);
    const now = this.opts.clock.now();
    for (const [key, u] of this.sources) this.sources.set(key, { sourceKey: key, connected: false, state: 'ended', changedAt: u.connected ? now : u.changedAt });
    this.sourcesDue = this.sources.size > 0;
    await this.flush();
    this.closed = true;
    if (this.retentionTimer) this.opts.clock.clear(this.retentionTimer);
    if (this.worker && !this.dead) {
      this.worker.postMessage({ t: 'close' } satisfies ToWorker);
      await this.workerClosed;
    }
    this.db.close();
  }

  /** Reads over the main-thread connection (the same data the writer commits). */
  queries(): StoreQueries {
    return new StoreQueries(this.db);
  }

  /** Counters so far. */
  stats(): SinkStats {
    const inFlight = this.worker && !this.dead ? Math.max(0, (this.posted - Atomics.load(this.committed, 0)) | 0) : 0;
    return { ...this.s, queued: this.pendingCount + inFlight };
  }

  /** Runs retention now (the timer calls this). */
  retain(): void {
    if (this.closed) return;
    const now = this.opts.clock.now();
    if (this.worker) this.worker.postMessage({ t: 'retain', now } satisfies ToWorker);
    else this.retainInline(now);
  }

  private retainInline(now: number): void {
    const step = this.retention!.step(now);
    this.s.retained += step.deleted;
    if (step.more) this.opts.clock.setTimeout(() => this.retainInline(now), 0); // yield to ingest between chunks
  }

  private dispatch(): void {
    if (this.flushTimer) {
      this.opts.clock.clear(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.pending.length === 0 && !this.sourcesDue) return;
    const sources = this.sourcesDue ? [...this.sources.values()] : [];
    this.sourcesDue = false;
    const rows: EventRow[] = [];
    const cursors = new Map<string, string>();
    for (const p of this.pending) {
      for (const e of p.events) rows.push(toEventRow(e, p.sourceKey, this.opts.costOf));
      if (p.cursor !== undefined) cursors.set(p.sourceKey, p.cursor);
    }
    this.pending = [];
    this.pendingCount = 0;
    const cursorList: CursorUpdate[] = [...cursors].map(([sourceKey, cursor]) => ({ sourceKey, cursor }));
    const id = this.nextBatchId++;
    const now = this.opts.clock.now();
    if (this.writer) {
      const started = performance.now();
      try {
        const r = this.writer.writeBatch(rows, cursorList, now, sources);
        this.onWorkerMessage({ t: 'done', id, inserted: r.inserted, duplicates: r.duplicates, ms: performance.now() - started });
      } catch (err) {
        this.onWorkerMessage({ t: 'failed', id, message: err instanceof Error ? err.message : String(err) });
      }
      return;
    }
    if (this.dead) {
      // Nothing can store them any more: count them as lost (said once, in writerDied) and never wait.
      this.s.lost += rows.length;
      this.s.failedBatches++;
      this.settle(id);
      return;
    }
    let bytes = 0;
    for (const r of rows) bytes += r.envelope.length + ROW_BYTES;
    this.waitForRoom(rows.length, bytes);
    this.posted = (this.posted + rows.length) | 0;
    this.postedBytes = (this.postedBytes + bytes) | 0;
    this.worker!.postMessage({ t: 'batch', id, rows: packRows(rows), bytes, cursors: cursorList, sources, now } satisfies ToWorker);
  }

  /** Backpressure: blocks (Atomics.wait, bounded slices) until the writer has room for `n` more events of `bytes`. */
  private waitForRoom(n: number, bytes: number): void {
    // The counters wrap at 2^31 the same way on both threads, so their difference (| 0) stays right for weeks of ingest.
    let waited = false;
    for (;;) {
      if (this.dead) break;
      const inFlight = (this.posted - Atomics.load(this.committed, 0)) | 0;
      const inFlightBytes = (this.postedBytes - Atomics.load(this.committed, 1)) | 0;
      // An empty queue always takes the batch, however big.
      if (inFlight <= 0 || (inFlight + n <= this.maxQueued && inFlightBytes + bytes <= this.maxQueuedBytes)) break;
      waited = true;
      Atomics.wait(this.committed, 0, Atomics.load(this.committed, 0), 50);
    }
    if (waited) this.s.backpressureWaits++;
  }

  private onWorkerMessage(m: FromWorker): void {
    if (m.t === 'done') {
      this.s.batches++;
      this.s.inserted += m.inserted;
      this.s.duplicates += m.duplicates;
      this.s.lastBatchMs = m.ms;
      this.settle(m.id);
    } else if (m.t === 'failed') {
      this.s.failedBatches++;
      this.opts.onError?.(m.message);
      this.settle(m.id);
    } else if (m.t === 'retained') {
      this.s.retained += m.deleted;
    }
  }

  private settle(id: number): void {
    this.doneBatchId = Math.max(this.doneBatchId, id);
    const ready = this.waiters.filter((w) => w.id <= this.doneBatchId);
    this.waiters = this.waiters.filter((w) => w.id > this.doneBatchId);
    for (const w of ready) w.resolve();
  }

  /** The write thread is gone: release flush() callers now and drop (counting) whatever comes later. */
  private writerDied(message: string): void {
    if (this.dead) return;
    this.dead = true;
    const unacknowledged = this.nextBatchId - 1 - this.doneBatchId;
    this.s.failedBatches += unacknowledged;
    this.opts.onError?.(`${message}; events are no longer stored`);
    this.settle(this.nextBatchId - 1);
  }
}
