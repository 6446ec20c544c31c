import type { Clock } from '../clock.js';
import type { ExecutionModel } from '../model/execution-model.js';
import type { ModelEffect } from '../model/types.js';
import type { MonitorSink } from '../monitor/monitor-sink.js';
import type { SourceBatch, SourceStatus } from '../sources/event-source.js';
import { dashboardRates } from './dashboard-rates.js';
import { PromMetrics, type PromMetricsOptions, type RenderedMetrics } from './prom-registry.js';
import type { RateStats } from './rate-stats.js';
import { RollingWindows } from './rolling-windows.js';
import { SeriesStore, type SeriesStoreOptions } from './series-store.js';

/** What the metrics read of the store on each tick (its batch timings). */
export type StoreStats = () => { batches: number; lastBatchMs: number } | undefined;

/** Options for {@link MetricsSink} beyond the model and the clock. */
export interface MetricsSinkOptions {
  readonly storeStats?: StoreStats;
  /** prom-client's process_* / nodejs_* metrics (default true). */
  readonly processMetrics?: boolean;
  /** The series store's history (step, retention, caps); its start is the clock's now. */
  readonly series?: Omit<SeriesStoreOptions, 'startedAt' | 'labelCaps'>;
  /** Label caps other than the catalogue's, given to the registry and the series store alike. */
  readonly labelCaps?: PromMetricsOptions['labelCaps'];
}

/**
 * The metrics as a monitor sink: the Prometheus registry, the series store and the latency windows, all
 * fed by the same effects, source batches and statuses, and polled on the scheduler's tick (store write
 * timings, the model's applied and duplicate counts, its gauges). The series store is where the dashboard's
 * rates are read from ({@link rates}); the registry only serves /metrics. Built after the model, so what it
 * reads at scrape time is there from the start.
 */
export class MetricsSink implements MonitorSink {
  readonly name = 'metrics';
  readonly prom: PromMetrics;
  readonly windows: RollingWindows;
  readonly series: SeriesStore;
  private readonly storeStats: StoreStats;
  private batchesSeen = 0;

  constructor(
    private readonly model: ExecutionModel,
    private readonly clock: Pick<Clock, 'now'>,
    options: MetricsSinkOptions = {},
  ) {
    this.storeStats = options.storeStats ?? (() => undefined);
    this.prom = new PromMetrics({
      queueDepth: () => model.queueDepth().total,
      executionStates: () => model.executionStates(),
      processMetrics: options.processMetrics,
      labelCaps: options.labelCaps,
    });
    this.windows = new RollingWindows(clock);
    this.series = new SeriesStore({ ...options.series, startedAt: clock.now(), labelCaps: options.labelCaps });
  }

  effects(effects: readonly ModelEffect[]): void {
    const now = this.clock.now();
    this.prom.effects(effects);
    this.series.apply(effects, now);
    this.windows.record(effects, now, true);
  }

  batch(batch: SourceBatch): void {
    const now = this.clock.now();
    this.prom.observeBatch(batch);
    this.series.observeBatch(batch, now);
    this.syncModelCounts(now);
  }

  status(status: SourceStatus): void {
    this.prom.observeSourceStatus(status);
    this.series.observeSourceStatus(status, this.clock.now());
  }

  /** Forwards the store's newest batch timing, brings the model's counts up to date and samples the gauges. */
  tick(now: number = this.clock.now()): void {
    const stats = this.storeStats();
    if (stats && stats.batches !== this.batchesSeen) {
      this.batchesSeen = stats.batches;
      this.prom.observeStoreWrite(stats.lastBatchMs / 1000);
      this.series.observeStoreWrite(stats.lastBatchMs / 1000, now);
    }
    this.syncModelCounts(now);
    this.series.observeGauges(this.model.queueDepth().total, this.model.executionStates(), now);
    this.series.sample(now);
  }

  /** The dashboard's rates as of `now`, from the series store (the snapshot's `rates` contributor). */
  rates(now: number): RateStats {
    return dashboardRates(this.series, now);
  }

  /** The exposition for GET /metrics (OpenMetrics when asked), with the model's counts brought up to date. */
  render(openMetrics: boolean): Promise<RenderedMetrics> {
    this.syncModelCounts(this.clock.now());
    return this.prom.render(openMetrics);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Applied and duplicate events are the model's own counts: both the registry and the store follow them. */
  private syncModelCounts(now: number): void {
    const ingest = this.model.ingest();
    this.prom.observeDuplicateTotal(ingest.duplicates);
    this.prom.observeAppliedTotal(ingest.applied);
    this.series.observeTotal('eventsDuplicate', ingest.duplicates, now);
    this.series.observeTotal('eventsApplied', ingest.applied, now);
  }
}
