import type { Clock } from '../../core/clock.js';
import type { ResolvedConfig } from '../../core/config/load-config.js';
import { alertsApiRoutes } from '../../core/alerts/alerts-api.js';
import { PromMetrics } from '../../core/metrics/prom-registry.js';
import { RollingWindows } from '../../core/metrics/rolling-windows.js';
import type { ExecutionModel } from '../../core/model/execution-model.js';
import { BindError } from '../../core/server/bind-error.js';
import { healthReport } from '../../core/server/health-report.js';
import { startHttpServer, type RunningHttpServer } from '../../core/server/http-server.js';
import type { SourceStatus } from '../../core/sources/event-source.js';

/** The metrics side of a monitor: registry, rolling windows and (when enabled) the HTTP server. */
export interface MetricsRuntime {
  readonly prom: PromMetrics;
  readonly windows: RollingWindows;
  /** Set once the model exists: the registry reads queue depth and duplicates from it. */
  attach(model: ExecutionModel, sources: () => readonly SourceStatus[]): void;
  /** Polled on each tick: forwards the store's batch timings to jamjet_top_store_write_seconds. */
  observeStore(stats: { batches: number; lastBatchMs: number } | undefined): void;
  /** Starts the HTTP server; a bind error is returned as a message, never thrown. */
  listen(): Promise<{ server?: RunningHttpServer; error?: BindError }>;
  close(): Promise<void>;
}

/** Builds the registry and windows before the monitor starts, so no effect is missed. */
export function createMetrics(config: ResolvedConfig, clock: Clock): MetricsRuntime {
  let model: ExecutionModel | undefined;
  let sources: () => readonly SourceStatus[] = () => [];
  const prom = new PromMetrics({
    queueDepth: () => model?.queueDepth().total ?? 0,
    executionStates: () => model?.executionStates() ?? { running: 0, paused: 0, stale: 0 },
  });
  const windows = new RollingWindows(clock);
  let server: RunningHttpServer | undefined;
  let batchesSeen = 0;
  return {
    observeStore(stats) {
      if (!stats || stats.batches === batchesSeen) return;
      batchesSeen = stats.batches;
      prom.observeStoreWrite(stats.lastBatchMs / 1000);
    },
    prom,
    windows,
    attach(m, s) {
      model = m;
      sources = s;
    },
    async listen() {
      if (!config.metrics.enabled) return {};
      try {
        server = await startHttpServer({
          host: config.metrics.host,
          port: config.metrics.port,
          metrics: {
            render: (openMetrics) => {
              if (model) prom.observeDuplicateTotal(model.ingest().duplicates);
              return prom.render(openMetrics);
            },
          },
          health: () => healthReport(sources()),
          extraRoutes: alertsApiRoutes(config.rules),
        });
        return { server };
      } catch (error) {
        if (error instanceof BindError) return { error };
        throw error;
      }
    },
    async close() {
      await server?.close();
    },
  };
}
