import type { Clock } from '../../core/clock.js';
import type { ResolvedConfig } from '../../core/config/load-config.js';
import { priceTable } from '../../core/model/price-table.js';
import type { BindError } from '../../core/server/bind-error.js';
import type { CleanupStack } from './cleanup-stack.js';
import { openStore, type OpenedStore } from './open-store.js';
import { createMetrics, type MetricsRuntime } from './start-metrics.js';
import type { MonitorOptions } from './start-monitor.js';

/** What `top` and `serve` feed: the metrics (with its server) and the store, plus the monitor hooks that feed them. */
export interface OpenedSinks {
  readonly metrics: MetricsRuntime;
  /** Set when the metrics port could not be bound (top shows it, serve exits 2). */
  readonly bindError: BindError | undefined;
  readonly metricsUrl: string | undefined;
  readonly store: OpenedStore | undefined;
  readonly hooks: Pick<MonitorOptions, 'store' | 'effectSinks' | 'onBatch' | 'onStatus' | 'onTick'>;
}

/**
 * Starts the metrics server and opens the store, registering both with `cleanup`. `onStoreNotice` hears where
 * the store went when its default location could not be written (the state directory, or memory).
 */
export async function openSinks(
  config: ResolvedConfig,
  clock: Clock,
  cleanup: CleanupStack,
  onStoreError: (message: string) => void,
  onStoreNotice?: (message: string) => void,
): Promise<OpenedSinks> {
  const metrics = createMetrics(config, clock);
  const bound = await metrics.listen();
  cleanup.push(() => metrics.close());
  const store = openStore(config, clock, priceTable(config.pricing), onStoreError, onStoreNotice);
  if (store) cleanup.push(() => store.sink.close());
  return {
    metrics,
    bindError: bound.error,
    metricsUrl: bound.server ? `${bound.server.url}/metrics` : undefined,
    store,
    hooks: {
      store,
      effectSinks: [metrics.prom, metrics.windows],
      onBatch: (batch) => metrics.prom.observeBatch(batch),
      onStatus: (status) => metrics.prom.observeSourceStatus(status),
      onTick: () => metrics.observeStore(store?.sink.stats()),
    },
  };
}
