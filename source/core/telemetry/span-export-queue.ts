// A bounded batch queue between the span sink and the exporter, like the SDK's BatchSpanProcessor but
// keeping a failed batch to retry with back-off (the SDK's drops it) and sending up to EXPORT_CONCURRENCY
// batches at once: ingest only ever appends, the export runs on timers, and a collector that is down costs
// memory up to the cap, then counted drops.
import type { Clock, TimerHandle } from '../clock.js';
import { Backoff } from '../sources/backoff.js';

/** Spans held for export; past it new spans are dropped and counted (a collector down for long). */
export const MAX_QUEUED_SPANS = 8_192;
/** Spans per export request (the SDK's default batch size). */
export const EXPORT_BATCH_SPANS = 512;
/**
 * Batches sent at once while the collector is well: one at a time, a fast stream outran the export (a batch
 * waits for its HTTP round trip). Until the first batch is taken (a gRPC channel still connecting) and while
 * the collector fails, one at a time, as a probe.
 */
export const EXPORT_CONCURRENCY = 3;
/** How long spans wait to be batched before an export (the SDK's default is 5 s; the screen wants sooner). */
export const EXPORT_DELAY_MS = 1_000;
/** Retry back-off of a failing collector: first ceiling and cap. */
export const RETRY_BASE_MS = 500;
export const RETRY_CAP_MS = 5_000;

/** One export request's outcome; `error` never holds a header value. */
export type ExportOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** What sends a batch of items (span seeds to the export worker, spans to the OTLP exporter, or a test double). */
export interface SpanBatchExporter<T> {
  /** Settles once the exporter can send (a worker that has loaded the SDK); absent when it always can. */
  readonly ready?: Promise<void>;
  export(items: readonly T[]): Promise<ExportOutcome>;
  shutdown(): Promise<void>;
}

/** Counters and state of the export, for the status bar, /healthz and the jamjet_top_otlp_* metrics. */
export interface SpanExportStats {
  readonly exported: number;
  readonly dropped: number;
  readonly failedBatches: number;
  readonly queued: number;
  /** `failing` from a failed batch until the next one succeeds. */
  readonly state: 'ok' | 'failing';
  readonly lastError?: string | undefined;
  /** When the current failing spell began (clock ms). */
  readonly failingSince?: number | undefined;
}

/** Options for {@link SpanExportQueue}. */
export interface SpanExportQueueOptions<T> {
  readonly exporter: SpanBatchExporter<T>;
  /** How many spans an item makes (a seed makes several); every cap and counter is in spans. Default 1. */
  readonly spansOf?: (item: T) => number;
  readonly clock: Clock;
  readonly maxQueued?: number;
  readonly batchSpans?: number;
  readonly delayMs?: number;
  /** Overrides {@link EXPORT_CONCURRENCY}. */
  readonly concurrency?: number;
  readonly random?: () => number;
}

/** The bounded queue and its export loop, over items that each make one or more spans. */
export class SpanExportQueue<T> {
  /** Items waiting to be sent (a failed batch goes back to the front). */
  private queue: T[] = [];
  /** Spans the waiting items make. */
  private waitingSpans = 0;
  /** Spans of the batches being sent: held (and counted against the cap) until the collector took them. */
  private flyingSpans = 0;
  private exported = 0;
  private dropped = 0;
  private failedBatches = 0;
  private lastError: string | undefined;
  private failingSince: number | undefined;
  private readonly flights = new Set<Promise<void>>();
  private timer: TimerHandle | undefined;
  /** The pending timer sends at once (a full batch): a later full batch leaves it be. */
  private timerAtOnce = false;
  private closed = false;
  private readonly backoff: Backoff;
  private readonly maxQueued: number;
  private readonly batchSpans: number;
  private readonly delayMs: number;
  private readonly concurrency: number;
  private readonly spansOf: (item: T) => number;

  constructor(private readonly options: SpanExportQueueOptions<T>) {
    this.spansOf = options.spansOf ?? (() => 1);
    this.maxQueued = options.maxQueued ?? MAX_QUEUED_SPANS;
    this.batchSpans = options.batchSpans ?? EXPORT_BATCH_SPANS;
    this.delayMs = options.delayMs ?? EXPORT_DELAY_MS;
    this.concurrency = Math.max(1, options.concurrency ?? EXPORT_CONCURRENCY);
    this.backoff = new Backoff({ baseMs: RETRY_BASE_MS, capMs: RETRY_CAP_MS, random: options.random });
  }

  /** Queues items of finished spans (dropping, and counting, those past the cap); never waits. */
  add(items: readonly T[]): void {
    if (items.length === 0) return;
    for (const item of items) {
      const spans = this.spansOf(item);
      if (this.closed || this.waitingSpans + this.flyingSpans + spans > this.maxQueued) this.dropped += spans;
      else {
        this.queue.push(item);
        this.waitingSpans += spans;
      }
    }
    this.scheduleNext();
  }

  /** True when nothing more fits: what is added now is dropped. */
  get full(): boolean {
    return this.closed || this.waitingSpans + this.flyingSpans >= this.maxQueued;
  }

  /** Counts `n` spans dropped without queueing them (a full queue's callers need not build them). */
  drop(n: number): void {
    this.dropped += n;
  }

  stats(): SpanExportStats {
    return {
      exported: this.exported, dropped: this.dropped, failedBatches: this.failedBatches, queued: this.waitingSpans + this.flyingSpans,
      state: this.failingSince === undefined ? 'ok' : 'failing', lastError: this.lastError, failingSince: this.failingSince,
    };
  }

  /**
   * Exports what is queued until empty or `deadlineMs` passes, retrying a failed batch with the back-off (a
   * collector that blinks at shutdown, a channel still connecting); whatever is left is dropped and counted,
   * then the exporter shuts down. For shutdown: nothing is queued after it.
   */
  async close(deadlineMs: number): Promise<void> {
    this.closed = true;
    if (this.timer) this.options.clock.clear(this.timer);
    this.timer = undefined;
    const { clock } = this.options;
    const until = clock.now() + deadlineMs;
    // The clock's timers and the export worker do not hold the process open; shutdown must wait for this.
    const keepAlive = setInterval(() => undefined, 60_000);
    try {
      await this.drainForClose(until);
    } finally {
      clearInterval(keepAlive);
    }
    this.dropped += this.waitingSpans;
    this.queue = [];
    this.waitingSpans = 0;
    await this.options.exporter.shutdown().catch(() => undefined);
  }

  private async drainForClose(until: number): Promise<void> {
    const { clock } = this.options;
    await Promise.all([...this.flights]);
    while (this.queue.length > 0 && clock.now() < until) {
      const before = this.failedBatches;
      await this.exportOne();
      if (this.failedBatches === before) continue;
      const wait = Math.min(until - clock.now(), Math.max(RETRY_BASE_MS / 10, this.backoff.next()));
      if (wait <= 0) break;
      await new Promise<void>((resolve) => clock.setTimeout(resolve, wait));
    }
  }

  /** A full batch at once, else after the batching delay. */
  private scheduleNext(): void {
    this.schedule(this.waitingSpans >= this.batchSpans ? 0 : this.delayMs);
  }

  private schedule(delayMs: number): void {
    if (this.closed || this.queue.length === 0) return;
    if (this.flights.size >= this.flightLimit()) return;
    if (this.timer !== undefined) {
      // A full batch goes at once, unless the collector is failing: then the back-off's timer stands.
      if (delayMs > 0 || this.timerAtOnce || this.failingSince !== undefined) return;
      this.options.clock.clear(this.timer);
    }
    this.timerAtOnce = delayMs === 0;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.launch();
    }, delayMs);
  }

  /** Batches that may be in flight: the concurrency once the collector has taken one and is not failing. */
  private flightLimit(): number {
    return this.failingSince === undefined && this.exported > 0 ? this.concurrency : 1;
  }

  /** Sends the head batch; another full batch waiting goes out beside it, up to the concurrency. */
  private launch(): void {
    const flight: Promise<void> = this.exportOne().finally(() => {
      this.flights.delete(flight);
      if (this.failingSince !== undefined) this.scheduleRetry();
      else this.scheduleNext();
    });
    this.flights.add(flight);
    if (this.waitingSpans >= this.batchSpans) this.schedule(0);
  }

  private scheduleRetry(): void {
    if (this.closed || this.queue.length === 0) return;
    // A back-off of 0 would spin on a dead collector: wait at least a tenth of the base.
    this.schedule(Math.max(RETRY_BASE_MS / 10, this.backoff.next()));
  }

  /**
   * Sends the head batch (items up to batchSpans spans, at least one). A batch the collector did not take goes
   * back to the front of the queue, so a retry resends it whole; its spans count against the cap meanwhile.
   */
  private async exportOne(): Promise<void> {
    let n = 0;
    let spans = 0;
    while (n < this.queue.length) {
      const more = this.spansOf(this.queue[n]!);
      if (n > 0 && spans + more > this.batchSpans) break;
      spans += more;
      n++;
    }
    if (n === 0) return;
    const batch = this.queue.splice(0, n);
    this.waitingSpans -= spans;
    this.flyingSpans += spans;
    let outcome: ExportOutcome;
    try {
      outcome = await this.options.exporter.export(batch);
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    this.flyingSpans -= spans;
    if (outcome.ok) {
      this.exported += spans;
      this.failingSince = undefined;
      this.lastError = undefined;
      this.backoff.reset();
    } else {
      this.failedBatches++;
      this.lastError = outcome.error;
      this.failingSince ??= this.options.clock.now();
      this.queue.unshift(...batch);
      this.waitingSpans += spans;
    }
  }
}
