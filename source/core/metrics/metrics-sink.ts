import type { Clock } from '../clock.js';
import type { ExecutionModel } from '../model/execution-model.js';
import type { ModelEffect } from '../model/types.js';
import type { MonitorSink } from '../monitor/monitor-sink.js';
import type { SourceBatch, SourceStatus } from '../sources/event-source.js';
import { dashboardRates } from './dashboard-rates.js';
import { PromMetrics, type ExposedFamily, type RenderedMetrics } from './prom-registry.js';
import type { CappedLabel } from './metric-catalogue.js';
import type { RateStats } from './rate-stats.js';
import { RollingWindows } from './rolling-windows.js';
import { SeriesStore, type SeriesStoreOptions } from './series-store.js';

/** What the metrics read of the store on each tick (its batch timings and backlog). */
export type StoreStats = () => { batches: number; lastBatchMs: number; queued: number } | undefined;

/** What the metrics read of the OTLP span export (its running counts), when there is one. */
export type ExportStats = () => { exported: number; dropped: number; failedBatches: number } | undefined;

/** Options for {@link MetricsSink} beyond the model and the clock. */
export interface MetricsSinkOptions {
  readonly storeStats?: StoreStats;
  readonly exportStats?: ExportStats;
  /** prom-client's process_* / nodejs_* metrics (default true). */
  readonly processMetrics?: boolean;
  /** The series store's history (step, retention, caps); its start is the clock's now. */
  readonly series?: Omit<SeriesStoreOptions, 'startedAt' | 'labelCaps'>;
  /** Label caps other than the catalogue's (tests, benchmarks). */
  readonly labelCaps?: Partial<Record<CappedLabel, number>>;
}

/**
 * The metrics as a monitor sink: the series store and the latency windows, fed by the effects, source
 * batches and statuses, and polled on the scheduler's tick (store write timings, the model's applied and
 * duplicate counts, its gauges). The series store is the one place metrics are counted: the dashboard's
 * rates, the alert rules' samples and /metrics (through the registry, which only serialises) all read it.
 * Other parts add their own families to /metrics with {@link addFamilies}.
 */
export class MetricsSink implements MonitorSink {
  readonly name = 'metrics';
  readonly prom: PromMetrics;
  readonly windows: RollingWindows;
  readonly series: SeriesStore;
  private readonly storeStats: StoreStats;
  private readonly exportStats: ExportStats;
  private batchesSeen = 0;
  private readonly familyProviders: (() => readonly ExposedFamily[])[] = [];

  constructor(
    private readonly model: ExecutionModel,
    private readonly clock: Pick<Clock, 'now'>,
    options: MetricsSinkOptions = {},
  ) {
    this.storeStats = options.storeStats ?? (() => undefined);
    this.exportStats = options.exportStats ?? (() => undefined);
    this.series = new SeriesStore({ ...options.series, startedAt: clock.now(), labelCaps: options.labelCaps });
    this.prom = new PromMetrics({
      read: (key) => this.series.read(key),
      families: () => this.familyProviders.flatMap((provide) => provide()),
      processMetrics: options.processMetrics,
    });
    this.windows = new RollingWindows(clock);
  }

  /** Adds families another part owns (the alert engine's ALERTS and recording rules) to every scrape. */
  addFamilies(provide: () => readonly ExposedFamily[]): void {
    this.familyProviders.push(provide);
  }

  /** Brings the model's counts and gauges up to `now` in the series store, as a scrape at `now` sees them. */
  syncNow(now: number = this.clock.now()): void {
    this.syncModelCounts(now);
    const queue = this.model.queueDepth();
    this.series.observeGauges(queue.total, this.model.executionStates(), now, queue.byQueue);
    this.series.observeLongestRunning(this.model.longestRunning(now), now);
    const store = this.storeStats();
    if (store) this.series.observeStoreQueued(store.queued, now);
  }

  effects(effects: readonly ModelEffect[]): void {
    const now = this.clock.now();
    this.series.apply(effects, now);
    this.windows.record(effects, now, true);
  }

  batch(batch: SourceBatch): void {
    const now = this.clock.now();
    this.series.observeBatch(batch, now);
    this.syncModelCounts(now);
  }

  status(status: SourceStatus): void {
    this.series.observeSourceStatus(status, this.clock.now());
  }

  /** Forwards the store's newest batch timing, brings the model's counts up to date and samples the gauges. */
  tick(now: number = this.clock.now()): void {
    const stats = this.storeStats();
    if (stats && stats.batches !== this.batchesSeen) {
      this.batchesSeen = stats.batches;
      this.series.observeStoreWrite(stats.lastBatchMs / 1000, now);
    }
    this.syncNow(now);
    this.series.sample(now);
  }

  /** The dashboard's rates as of `now`, from the series store (the snapshot's `rates` contributor). */
  rates(now: number): RateStats {
    return dashboardRates(this.series, now);
  }

  /** The exposition for GET /metrics (OpenMetrics when asked), with the model's counts and gauges brought up to date. */
  render(openMetrics: boolean): Promise<RenderedMetrics> {
    this.syncNow();
    return this.prom.render(openMetrics);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Applied and duplicate events are the model's own counts: both the registry and the store follow them. */
  private syncModelCounts(now: number): void {
    const ingest = this.model.ingest();
    this.series.observeTotal('eventsDuplicate', ingest.duplicates, now);
    this.series.observeTotal('eventsApplied', ingest.applied, now);
    const exported = this.exportStats();
    if (exported) {
      this.series.observeTotal('otlpSpansExported', exported.exported, now);
      this.series.observeTotal('otlpSpansDropped', exported.dropped, now);
      this.series.observeTotal('otlpBatchesFailed', exported.failedBatches, now);
    }
  }
}
