import type { Clock } from '../../core/clock.js';
import type { ResolvedConfig } from '../../core/config/load-config.js';
import { MetricsSink } from '../../core/metrics/metrics-sink.js';
import { priceTable } from '../../core/model/price-table.js';
import type { MonitorParts } from '../../core/monitor/monitor.js';
import type { MonitorSink } from '../../core/monitor/monitor-sink.js';
import type { RestoredState } from '../../core/store/restore.js';
import type { CleanupStack } from './cleanup-stack.js';
import { openStore } from './open-store.js';

/**
 * What `top` and `serve` feed: the store (opened first, so a restart's state is read before the model
 * exists) and the metrics (built with the model). `build` is the monitor's sink factory.
 */
export class StandardSinks {
  private metricsSink: MetricsSink | undefined;

  private constructor(
    private readonly clock: Clock,
    private readonly store: ReturnType<typeof openStore>,
  ) {}

  /**
   * Opens the store (none for `--db :memory:`; the state directory or memory when the default location cannot be
   * written, said through `onStoreNotice`). Registered with `cleanup`, so it is closed even if the monitor never starts.
   */
  static open(config: ResolvedConfig, clock: Clock, cleanup: CleanupStack, onStoreError: (message: string) => void, onStoreNotice?: (message: string) => void): StandardSinks {
    const store = openStore(config, clock, priceTable(config.pricing), onStoreError, onStoreNotice);
    if (store) cleanup.push(() => store.sink.close());
    return new StandardSinks(clock, store);
  }

  /** What a restart resumes from, when there is a store. */
  get restored(): RestoredState | undefined {
    return this.store?.restored;
  }

  /** The metrics sink, once {@link build} has run. */
  get metrics(): MetricsSink {
    if (!this.metricsSink) throw new Error('StandardSinks.metrics read before the monitor built its sinks');
    return this.metricsSink;
  }

  /** The monitor's sink factory: the store first (durable before counted), then the metrics. */
  build = (parts: MonitorParts): MonitorSink[] => {
    const store = this.store?.sink;
    this.metricsSink = new MetricsSink(parts.model, this.clock, { storeStats: () => store?.stats() });
    return store ? [store, this.metricsSink] : [this.metricsSink];
  };
}
