import type { Clock } from '../clock.js';
import type { ExecutionModel } from '../model/execution-model.js';
import type { ModelEffect } from '../model/types.js';
import type { MonitorSink } from '../monitor/monitor-sink.js';
import type { SourceBatch, SourceStatus } from '../sources/event-source.js';
import { PromMetrics, type RenderedMetrics } from './prom-registry.js';
import { RollingWindows } from './rolling-windows.js';

/** What the metrics read of the store on each tick (its batch timings). */
export type StoreStats = () => { batches: number; lastBatchMs: number } | undefined;

/**
 * The metrics as a monitor sink: the Prometheus registry and the rolling windows, fed by the model's
 * effects, the source batches and statuses, and polled on the scheduler's tick (store write timings,
 * the model's duplicate count). Built after the model, so what it reads at scrape time is there from the start.
 */
export class MetricsSink implements MonitorSink {
  readonly name = 'metrics';
  readonly prom: PromMetrics;
  readonly windows: RollingWindows;
  private batchesSeen = 0;

  constructor(
    private readonly model: ExecutionModel,
    clock: Pick<Clock, 'now'>,
    private readonly storeStats: StoreStats = () => undefined,
  ) {
    this.prom = new PromMetrics({ queueDepth: () => model.queueDepth().total, executionStates: () => model.executionStates() });
    this.windows = new RollingWindows(clock);
  }

  effects(effects: readonly ModelEffect[]): void {
    this.prom.effects(effects);
    this.windows.effects(effects);
  }

  batch(batch: SourceBatch): void {
    this.prom.observeBatch(batch);
  }

  status(status: SourceStatus): void {
    this.prom.observeSourceStatus(status);
  }

  /** Forwards the store's newest batch timing to jamjet_top_store_write_seconds. */
  tick(): void {
    const stats = this.storeStats();
    if (!stats || stats.batches === this.batchesSeen) return;
    this.batchesSeen = stats.batches;
    this.prom.observeStoreWrite(stats.lastBatchMs / 1000);
  }

  /** The exposition for GET /metrics (OpenMetrics when asked), with the duplicate counter brought up to date. */
  render(openMetrics: boolean): Promise<RenderedMetrics> {
    const ingest = this.model.ingest();
    this.prom.observeDuplicateTotal(ingest.duplicates);
    this.prom.observeAppliedTotal(ingest.applied);
    return this.prom.render(openMetrics);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
